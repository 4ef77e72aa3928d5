package dl

// L2Penalty returns the weight-decay term of the slide's loss
//
//	L(x) = L_data(x) + β/2 ‖x‖²
//
// as a scalar tensor, (β/2)·Σ_p Σ_i p_i², with the gradient βx flowing back
// to every parameter. Add it to the data loss before Backward:
//
//	loss := lossFn.Forward(model.Forward(x), y).Add(dl.L2Penalty(model.Params(), 1e-4))
//
// It is the same as giving the optimizer WeightDecay(β) (which adds βx to
// the gradient directly, cheaper); DecoupledWeightDecay(β) is the slide's
// other form, the "− βx_t" term in the update.
func L2Penalty(params []*Tensor, beta float64) *Tensor {
	var total *Tensor
	for _, p := range params {
		s := p.Square().Sum()
		if total == nil {
			total = s
		} else {
			total = total.Add(s)
		}
	}
	if total == nil {
		return Scalar(0)
	}
	return total.Mul(Scalar(beta / 2))
}
