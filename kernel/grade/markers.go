package grade

import (
	"fmt"
	"go/scanner"
	"go/token"
	"strings"
)

// The delimiters of solution and hidden-test regions. As in nbgrader, a line
// that contains one of them (usually as a comment, `// BEGIN SOLUTION`) is a
// delimiter line; the delimiter lines themselves never reach students.
const (
	BeginSolution = "BEGIN SOLUTION"
	EndSolution   = "END SOLUTION"
	BeginHidden   = "BEGIN HIDDEN TESTS"
	EndHidden     = "END HIDDEN TESTS"
)

// YourCodeHere is the comment that marks where a student writes code.
const YourCodeHere = "// YOUR CODE HERE"

// region is a delimited block of lines: begin and end are the indices of
// the delimiter lines.
type region struct{ begin, end int }

// findRegions returns the regions delimited by begin and end in lines. It
// fails on nesting, an end without a begin, or a begin without an end.
func findRegions(lines []string, begin, end string) ([]region, error) {
	var out []region
	open := -1
	for i, l := range lines {
		switch {
		case strings.Contains(l, begin):
			if open >= 0 {
				return nil, fmt.Errorf("line %d: %q inside the region opened on line %d (regions cannot nest)", i+1, begin, open+1)
			}
			open = i
		case strings.Contains(l, end):
			if open < 0 {
				return nil, fmt.Errorf("line %d: %q without a %q before it", i+1, end, begin)
			}
			out = append(out, region{open, i})
			open = -1
		}
	}
	if open >= 0 {
		return nil, fmt.Errorf("line %d: %q is never closed by %q", open+1, begin, end)
	}
	return out, nil
}

// hasMarker reports whether src contains any region delimiter.
func hasMarker(src string, markers ...string) bool {
	for _, m := range markers {
		if strings.Contains(src, m) {
			return true
		}
	}
	return false
}

// removeHidden deletes hidden-test regions, delimiters included.
func removeHidden(src string) (string, error) {
	lines := strings.Split(src, "\n")
	regions, err := findRegions(lines, BeginHidden, EndHidden)
	if err != nil {
		return "", err
	}
	var out []string
	next := 0
	for _, r := range regions {
		out = append(out, lines[next:r.begin]...)
		next = r.end + 1
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, "\n"), nil
}

// stripDelimiters keeps the content of all regions but drops the delimiter
// lines (the form in which the grader runs the teacher's test cells).
func stripDelimiters(src string, markers ...string) string {
	lines := strings.Split(src, "\n")
	out := lines[:0:0]
	for _, l := range lines {
		if !hasMarker(l, markers...) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// clearSolutions replaces each solution region of a Go cell with a stub that
// compiles and fails clearly (see goStub). fallback names the stub's panic
// when the region is not inside a named function (usually the grade_id).
func clearSolutions(src, fallback string) (string, error) {
	lines := strings.Split(src, "\n")
	regions, err := findRegions(lines, BeginSolution, EndSolution)
	if err != nil {
		return "", err
	}
	var out []string
	next := 0
	for _, r := range regions {
		out = append(out, lines[next:r.begin]...)
		indent := lines[r.begin][:len(lines[r.begin])-len(strings.TrimLeft(lines[r.begin], " \t"))]
		ctx := regionContext(strings.Join(lines[:r.begin], "\n"))
		for _, s := range goStub(ctx, fallback) {
			out = append(out, indent+s)
		}
		next = r.end + 1
	}
	out = append(out, lines[next:]...)
	return strings.Join(out, "\n"), nil
}

// regionCtx says where in the Go code of a cell a solution region sits.
type regionCtx struct {
	// inFunc: inside a function body (or in the statements after GoNB's %%).
	inFunc bool
	// funcName is the enclosing named function or method ("" if none:
	// statements after %% or a function literal outside any function).
	funcName string
}

// goStub returns the lines that replace a solution region.
func goStub(ctx regionCtx, fallback string) []string {
	name := ctx.funcName
	if name == "" {
		name = fallback
	}
	panicLine := fmt.Sprintf("panic(%q)", "not implemented: "+name)
	if !ctx.inFunc { // top level: only declarations are valid here
		return []string{YourCodeHere}
	}
	return []string{YourCodeHere, panicLine}
}

// frame is an open brace while scanning: a function body or any other block.
type frame struct {
	funcBody bool
	name     string // name of the enclosing named function, inherited by inner blocks
}

// regionContext scans the Go code before a solution region to find whether
// the region is inside a function, and which one. GoNB's special lines (%%, %cmd, !cmd) are ignored,
// except that %% makes the rest of the cell a function body (main's).
func regionContext(before string) regionCtx {
	toks, afterMain := goTokens(before)
	var stack []frame
	pendingFunc, pendingName := false, ""
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.tok {
		case token.FUNC:
			// In `func loss() func() float64 {` the second func is a type.
			if name := funcNameAt(toks, i); !pendingFunc || name != "" {
				pendingName = name
			}
			pendingFunc = true
		case token.SEMICOLON: // a function's body starts on its signature's line
			pendingFunc = false
		case token.LBRACE:
			prev := token.ILLEGAL
			if i > 0 {
				prev = toks[i-1].tok
			}
			inherited := ""
			if len(stack) > 0 {
				inherited = stack[len(stack)-1].name
			}
			if pendingFunc && prev != token.INTERFACE && prev != token.STRUCT {
				name := pendingName
				if name == "" {
					name = inherited
				}
				stack = append(stack, frame{funcBody: true, name: name})
				pendingFunc = false
			} else {
				stack = append(stack, frame{name: inherited})
			}
		case token.RBRACE:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	var ctx regionCtx
	for _, f := range stack {
		if f.funcBody {
			ctx.inFunc = true
		}
	}
	if len(stack) == 0 {
		ctx.inFunc = afterMain
		return ctx
	}
	ctx.funcName = stack[len(stack)-1].name
	return ctx
}

// funcNameAt returns the name declared by the func keyword at toks[i]:
// "sigmoid" for `func sigmoid(`, "Step" for `func (a *Adam) Step(`, and ""
// for a function literal or type.
func funcNameAt(toks []tok, i int) string {
	if i+1 >= len(toks) {
		return ""
	}
	if toks[i+1].tok == token.IDENT {
		return toks[i+1].lit
	}
	if toks[i+1].tok != token.LPAREN {
		return ""
	}
	depth := 0
	for j := i + 1; j < len(toks); j++ {
		switch toks[j].tok {
		case token.LPAREN:
			depth++
		case token.RPAREN:
			depth--
			if depth == 0 {
				// A method: the receiver is followed by the name and '(' or '['.
				if j+2 < len(toks) && toks[j+1].tok == token.IDENT &&
					(toks[j+2].tok == token.LPAREN || toks[j+2].tok == token.LBRACK) {
					return toks[j+1].lit
				}
				return ""
			}
		}
	}
	return ""
}

type tok struct {
	tok token.Token
	lit string
}

// goTokens tokenizes Go code, skipping comments and GoNB's special lines. afterMain reports whether a %% line was seen.
func goTokens(src string) (toks []tok, afterMain bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			if strings.HasPrefix(t, "%%") || strings.HasPrefix(t, "%main") {
				afterMain = true
			}
			lines[i] = ""
		}
	}
	b := []byte(strings.Join(lines, "\n"))
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("cell.go", -1, len(b)), b, func(token.Position, string) {}, 0)
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			return toks, afterMain
		}
		toks = append(toks, tok{t, lit})
	}
}
