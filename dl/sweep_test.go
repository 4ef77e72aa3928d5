package dl

import (
	"strings"
	"testing"
)

// TestOptimizerNames checks that every name makes the optimizer its doc
// promises, with the learning rate given.
func TestOptimizerNames(t *testing.T) {
	want := map[OptimizerName]string{
		"gd": "GD(lr=0.5)", "sgd": "SGD(lr=0.5)", "momentum": "Momentum(lr=0.5, eta=0.9)",
		"nesterov": "Nesterov(lr=0.5, eta=0.9", "adagrad": "AdaGrad(lr=0.5", "adadelta": "AdaDelta(rho=0.9, eps=1e-06, lr=0.5)",
		"rmsprop": "RMSProp(lr=0.5", "adam": "Adam(lr=0.5, betas=(0.9, 0.999), eps=1e-08)",
		"adamw": "AdamW(lr=0.5, betas=(0.9, 0.999), eps=1e-08, decoupled_decay=0.005)",
	}
	if len(OptimizerNames) != len(want) {
		t.Fatalf("OptimizerNames has %d names, the test knows %d", len(OptimizerNames), len(want))
	}
	for _, n := range OptimizerNames {
		o := n.New(0.5)
		if !strings.HasPrefix(o.String(), want[n]) || o.LR() != 0.5 {
			t.Errorf("%q.New(0.5) = %s (LR %g), want %s…", n, o, o.LR(), want[n])
		}
	}
}

// TestTrainerConfig checks how a sweep point changes the trainer's
// optimizer: a name replaces it, an LR alone sets its learning rate.
func TestTrainerConfig(t *testing.T) {
	cases := []struct {
		name  string
		opt   Optimizer // set on the trainer before Config (nil: none)
		point SweepPoint
		want  string
	}{
		{"LR only keeps the optimizer", Adam(1e-3), SweepPoint{LR: 0.01}, "Adam(lr=0.01,"},
		{"LR only, no optimizer set: SGD", nil, SweepPoint{LR: 0.2}, "SGD(lr=0.2)"},
		{"name and LR", SGD(0.1), SweepPoint{Optimizer: "rmsprop", LR: 0.003}, "RMSProp(lr=0.003,"},
		{"name only keeps the learning rate", SGD(0.1), SweepPoint{Optimizer: "adam"}, "Adam(lr=0.1,"},
		{"nothing", Momentum(0.1, 0.5), SweepPoint{BatchSize: 4}, "Momentum(lr=0.1, eta=0.5)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := Train(Linear(1, 1))
			if c.opt != nil {
				tr.Optimizer(c.opt)
			}
			tr.Config(c.point)
			if tr.opt == nil {
				tr.opt = SGD(defaultLR)
			}
			if got := tr.opt.String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("optimizer after Config(%+v) = %s, want %s…", c.point, got, c.want)
			}
			if tr.label != c.point.Label() {
				t.Errorf("label %q, want %q", tr.label, c.point.Label())
			}
		})
	}
}
