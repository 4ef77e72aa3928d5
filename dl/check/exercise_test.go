package check

import (
	"errors"
	"strings"
	"testing"
)

func TestExercise(t *testing.T) {
	tests := []struct {
		name    string
		verdict func() error
		ok      bool
		want    string
	}{
		{"solved", func() error { return nil }, true, "✓ Exercise 3: the title\n"},
		{"not yet", func() error { return errors.New("try a smaller λ") }, false, "… Exercise 3, not yet: try a smaller λ\n"},
		{"two-line hint", func() error { return errors.New("a\nb") }, false, "… Exercise 3, not yet: a\n    b\n"},
		{"panic", func() error { var m map[string]int; m["x"] = 1; return nil }, false, "… Exercise 3, not yet: your code stopped with panic: assignment to entry in nil map"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			ok := exercise(&b, 3, "the title", tt.verdict)
			if ok != tt.ok {
				t.Errorf("exercise returned %v, want %v", ok, tt.ok)
			}
			if !strings.HasPrefix(b.String(), tt.want) {
				t.Errorf("printed %q, want it to start with %q", b.String(), tt.want)
			}
			if !tt.ok && strings.Contains(b.String(), "✗") {
				t.Errorf("printed %q: an open exercise must not look like a failed check (✗)", b.String())
			}
		})
	}
}
