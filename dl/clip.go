package dl

import "math"

// ClipGradNorm rescales the gradients of params so that their total norm,
// the L2 norm of all gradient values together, is at most maxNorm, and
// returns the total norm before clipping:
//
//	‖g‖ = √(Σ_p Σ_i g_{p,i}²);   if ‖g‖ > maxNorm:  g ← g · maxNorm / (‖g‖ + 1e-6)
//
// Call it between Backward and Step. It keeps one unlucky batch with a huge
// gradient (an exploding gradient) from throwing the parameters far away,
// without changing the direction of the step. Same as PyTorch's
// torch.nn.utils.clip_grad_norm_(params, maxNorm).
func ClipGradNorm(params []*Tensor, maxNorm float64) float64 {
	var sum float64
	for _, p := range params {
		if g := p.Grad(); g != nil {
			for _, v := range g.Data() {
				sum += v * v
			}
		}
	}
	total := math.Sqrt(sum)
	coef := maxNorm / (total + 1e-6)
	if coef < 1 {
		for _, p := range params {
			if g := p.Grad(); g != nil {
				gd := g.Data()
				for i := range gd {
					gd[i] *= coef
				}
			}
		}
	}
	return total
}

// ClipGradValue clamps every gradient value of params into [−maxValue,
// maxValue] in place. Same as PyTorch's torch.nn.utils.clip_grad_value_.
func ClipGradValue(params []*Tensor, maxValue float64) {
	for _, p := range params {
		if g := p.Grad(); g != nil {
			gd := g.Data()
			for i, v := range gd {
				gd[i] = math.Max(-maxValue, math.Min(maxValue, v))
			}
		}
	}
}
