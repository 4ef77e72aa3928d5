package grade

import (
	"strings"
	"testing"
)

func TestClearSolutions(t *testing.T) {
	tests := []struct {
		name, src, want, errPart string
	}{
		{
			name: "whole function body",
			src: `func sigmoid(x *dl.Tensor) *dl.Tensor {
	// BEGIN SOLUTION
	return dl.Scalar(1).Div(dl.Scalar(1).Add(x.Neg().Exp()))
	// END SOLUTION
}`,
			want: `func sigmoid(x *dl.Tensor) *dl.Tensor {
	// YOUR CODE HERE
	panic("not implemented: sigmoid")
}`,
		},
		{
			name: "method with generic receiver, part of a body",
			src: `func (a *Adam[T]) Step(params ...*dl.Tensor) {
	a.t++
	for _, p := range params {
		// BEGIN SOLUTION
		p.Set(0)
		// END SOLUTION
	}
}`,
			want: `func (a *Adam[T]) Step(params ...*dl.Tensor) {
	a.t++
	for _, p := range params {
		// YOUR CODE HERE
		panic("not implemented: Step")
	}
}`,
		},
		{
			name: "braces in strings, comments and interface{} do not confuse",
			src: `var s = "{{"
// } a comment
func f(x interface{}) (struct{ a int }, error) {
	// BEGIN SOLUTION
	return struct{ a int }{}, nil
	// END SOLUTION
}`,
			want: `var s = "{{"
// } a comment
func f(x interface{}) (struct{ a int }, error) {
	// YOUR CODE HERE
	panic("not implemented: f")
}`,
		},
		{
			name: "function literal inside a function uses the outer name",
			src: `func loss() func() float64 {
	return func() float64 {
		// BEGIN SOLUTION
		return 1
		// END SOLUTION
	}
}`,
			want: `func loss() func() float64 {
	return func() float64 {
		// YOUR CODE HERE
		panic("not implemented: loss")
	}
}`,
		},
		{
			name: "top level declarations get a comment only",
			src: `// BEGIN SOLUTION
func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
// END SOLUTION
func other() {}`,
			want: `// YOUR CODE HERE
func other() {}`,
		},
		{
			name: "statements after %% are in main",
			src: `%%
x := 3
// BEGIN SOLUTION
fmt.Println(x)
// END SOLUTION`,
			want: `%%
x := 3
// YOUR CODE HERE
panic("not implemented: q1")`,
		},
		{
			name: "two regions",
			src: `func a() int {
	// BEGIN SOLUTION
	return 1
	// END SOLUTION
}
func b() int {
	// BEGIN SOLUTION
	return 2
	// END SOLUTION
}`,
			want: `func a() int {
	// YOUR CODE HERE
	panic("not implemented: a")
}
func b() int {
	// YOUR CODE HERE
	panic("not implemented: b")
}`,
		},
		{name: "unclosed", src: "// BEGIN SOLUTION\nx", errPart: "line 1: \"BEGIN SOLUTION\" is never closed"},
		{name: "end without begin", src: "x\n// END SOLUTION", errPart: "line 2: \"END SOLUTION\" without"},
		{name: "nested", src: "// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", errPart: "cannot nest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := clearSolutions(tt.src, "q1")
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Fatalf("error %v, want one containing %q", err, tt.errPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestRemoveHidden(t *testing.T) {
	tests := []struct{ name, src, want, errPart string }{
		{"one region", "a\n// BEGIN HIDDEN TESTS\nsecret\n// END HIDDEN TESTS\nb", "a\nb", ""},
		{"two regions", "// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS\nc\n// BEGIN HIDDEN TESTS\ny\n// END HIDDEN TESTS", "c", ""},
		{"none", "a\nb", "a\nb", ""},
		{"unbalanced", "// BEGIN HIDDEN TESTS\nx", "", "never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := removeHidden(tt.src)
			if tt.errPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errPart) {
					t.Fatalf("error %v, want %q", err, tt.errPart)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if got := stripDelimiters("a\n// BEGIN HIDDEN TESTS\nx\n// END HIDDEN TESTS", BeginHidden, EndHidden); got != "a\nx" {
		t.Fatalf("stripDelimiters: %q", got)
	}
}
