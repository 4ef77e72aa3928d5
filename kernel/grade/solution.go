package grade

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// DefaultAllowedImports are the packages a solution cell may import (or
// use through a teacher cell's import) unless the assignment widens the
// list: pure packages of the standard library that neither read files nor
// the environment, plus dl and datasets.
var DefaultAllowedImports = []string{
	"bytes", "cmp", "container/heap", "container/list", "container/ring",
	"errors", "fmt", "iter", "maps", "math", "math/big", "math/bits",
	"math/cmplx", "math/rand", "math/rand/v2", "slices", "sort", "strconv",
	"strings", "time", "unicode", "unicode/utf8", "unicode/utf16",
	"github.com/dlfun/dlfun/dl", "github.com/dlfun/dlfun/datasets",
}

// neverAllowed are packages no assignment may allow in solution cells:
// they reach files, the environment, other processes or the memory of
// dl/check (an entry ending in "/" covers the packages under it).
var neverAllowed = []string{
	"C", "embed", "io/fs", "io/ioutil", "net", "net/", "os", "os/", "plugin",
	"reflect", "runtime", "runtime/", "syscall", "syscall/", "unsafe",
	"internal/", "debug/", "golang.org/x/sys/",
	"github.com/dlfun/dlfun/dl/check",
}

// neverAllowedImport reports whether import path p may never be allowed.
func neverAllowedImport(p string) bool {
	for _, n := range neverAllowed {
		if p == n || strings.HasSuffix(n, "/") && strings.HasPrefix(p, n) {
			return true
		}
	}
	return strings.Contains(p, "/internal/") || strings.HasSuffix(p, "/internal")
}

// allowedImportsMeta is the notebook metadata key (under "dlfun") with
// which a teacher widens the allowlist.
const allowedImportsMeta = "allowed_imports"

// solutionRules are what a solution cell of an assignment may contain.
type solutionRules struct {
	allowed []string // import paths; "p/..." allows p and the packages under it
	// teacher maps the top-level names declared by the source's other
	// cells (and not by its solution cells) to the cell declaring them;
	// methods are keyed "Type.Method".
	teacher map[string]int
	// teacherTypes are the types among them.
	teacherTypes map[string]bool
	// imported maps the names under which the teacher's cells import
	// packages to the import paths.
	imported map[string]string
	// solution are the top-level names the source's solution cells
	// declare.
	solution map[string]bool
}

// allows reports whether import path p is allowed in solution cells.
func (r *solutionRules) allows(p string) bool {
	if neverAllowedImport(p) {
		return false
	}
	for _, a := range r.allowed {
		if a == p {
			return true
		}
		if base, ok := strings.CutSuffix(a, "/..."); ok && (p == base || strings.HasPrefix(p, base+"/")) {
			return true
		}
	}
	return false
}

// allowedName reports whether name is the package name of an allowed
// import path (not counting "p/..." entries): the package GoNB imports
// when a cell uses name.f without importing it.
func (r *solutionRules) allowedName(name string) bool {
	for _, p := range r.allowed {
		if !strings.HasSuffix(p, "/...") && importName(&ast.ImportSpec{}, p) == name {
			return true
		}
	}
	return false
}

// newSolutionRules reads the allowlist from the notebook's metadata
// (metadata.dlfun.allowed_imports, added to DefaultAllowedImports) and the
// teacher's names from its cells. The problems are for New.
func newSolutionRules(nb *notebook.Notebook, kinds []Kind) (*solutionRules, []string) {
	r := &solutionRules{allowed: slices.Clone(DefaultAllowedImports), teacher: map[string]int{},
		teacherTypes: map[string]bool{}, imported: map[string]string{}}
	var problems []string
	if raw, ok := nb.Metadata["dlfun"]; ok {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			problems = append(problems, fmt.Sprintf("notebook metadata dlfun: %v", err))
		}
		if raw, ok := m[allowedImportsMeta]; ok {
			var extra []string
			if err := json.Unmarshal(raw, &extra); err != nil {
				problems = append(problems, fmt.Sprintf("notebook metadata dlfun.%s: want a list of import paths: %v", allowedImportsMeta, err))
			}
			for _, p := range extra {
				if neverAllowedImport(strings.TrimSuffix(p, "/...")) || p == "" {
					problems = append(problems, fmt.Sprintf("notebook metadata dlfun.%s: %q can never be allowed in solution cells (it reaches files, the environment, other processes or dl/check)", allowedImportsMeta, p))
					continue
				}
				r.allowed = append(r.allowed, p)
			}
		}
	}
	solutionNames := map[string]bool{}
	r.solution = solutionNames
	for i, c := range nb.Cells {
		if c.CellType != notebook.Code || kinds[i] != Solution {
			continue
		}
		f := parseDecls(cellDecls(string(c.Source)))
		for _, n := range declaredNames(f) {
			solutionNames[n.key] = true
		}
	}
	for i, c := range nb.Cells {
		if c.CellType != notebook.Code || kinds[i] == Solution {
			continue
		}
		f := parseDecls(cellDecls(string(c.Source)))
		for _, n := range declaredNames(f) {
			if _, dup := r.teacher[n.key]; !dup && !solutionNames[n.key] {
				r.teacher[n.key] = i
				if n.isType {
					r.teacherTypes[n.key] = true
				}
			}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			r.imported[importName(imp, p)] = p
		}
	}
	return r, problems
}

// importName is the name under which imp makes package p visible.
func importName(imp *ast.ImportSpec, p string) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" { // math/rand/v2
		base = path.Base(path.Dir(p))
	}
	base, _, _ = strings.Cut(base, ".") // gopkg.in/yaml.v3
	return strings.ReplaceAll(base, "-", "_")
}

// name is a top-level name a cell declares.
type name struct {
	key    string // "f", "T", or "T.Method"
	isType bool
	pos    token.Pos
}

// declaredNames lists the top-level names f declares (blank names left
// out), methods as "Type.Method".
func declaredNames(f *ast.File) []name {
	var out []name
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if t := recvType(d); t != "" {
				out = append(out, name{key: t + "." + d.Name.Name, pos: d.Pos()})
			} else {
				out = append(out, name{key: d.Name.Name, pos: d.Pos()})
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out = append(out, name{key: s.Name.Name, isType: true, pos: s.Pos()})
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							out = append(out, name{key: n.Name, pos: n.Pos()})
						}
					}
				}
			}
		}
	}
	return out
}

// recvType names the receiver's type of a method ("" for a function).
func recvType(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return ""
	}
	t := d.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// gonbCommand returns the first line of src that GoNB would take as a
// special command or directive rather than Go ("" if none): a line that
// starts with % or ! (%%, %goflags, %env, !shell), possibly after a
// //gonb: prefix, or any //gonb: line.
func gonbCommand(src string) (line string, num int) {
	for i, line := range strings.Split(src, "\n") {
		for _, l := range strings.Split(line, "\r") { // stricter than GoNB: a lone CR also starts a line
			if t := strings.TrimSpace(l); strings.HasPrefix(t, "//gonb:") || strings.HasPrefix(l, "%") || strings.HasPrefix(l, "!") {
				return t, i + 1
			}
		}
	}
	return "", 0
}

// cellDecls is the declaration part of a GoNB cell: the lines before a
// %% line, with GoNB's special lines blanked (so line numbers stay).
func cellDecls(src string) string {
	decls, _, _ := splitCell(src)
	return decls
}

// splitCell splits a GoNB cell into its declarations and the body after
// %% (hasBody false when there is no %% line); GoNB's special lines are
// blanked.
func splitCell(src string) (decls, body string, hasBody bool) {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		l = strings.TrimPrefix(l, "//gonb:")
		if strings.HasPrefix(l, "%%") {
			return blankCommands(lines[:i]), blankCommands(lines[i+1:]), true
		}
	}
	return blankCommands(lines), "", false
}

func blankCommands(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if t := strings.TrimPrefix(l, "//gonb:"); !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			out[i] = l
		}
	}
	return strings.Join(out, "\n")
}

// parseDecls parses Go declarations as far as they parse (a file with
// what was understood; never nil).
func parseDecls(src string) *ast.File {
	f, _ := parser.ParseFile(token.NewFileSet(), "", "package main;"+src, parser.ParseComments|parser.AllErrors)
	if f == nil {
		f = &ast.File{Name: ast.NewIdent("main")}
	}
	return f
}

// universe are Go's predeclared identifiers: a solution cell that
// redeclares one (func len, type error, const true) changes what the
// teacher's code means.
var universe = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`any bool byte comparable complex64 complex128 error float32 float64
		int int8 int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr
		true false iota nil
		append cap clear close complex copy delete imag len make max min new panic print println real recover`) {
		universe[n] = true
	}
}

// basicTypes may appear as conversions (float64(1)) in a package-level
// initializer: they run no code.
var basicTypes = map[string]bool{
	"bool": true, "byte": true, "complex64": true, "complex128": true, "float32": true, "float64": true,
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true, "rune": true, "string": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
}

// check returns what is wrong with a student's solution cell src, each
// problem a sentence for the student naming the line and the fix; none if
// the cell holds only declarations the rules allow. Nothing of src runs
// before this check passes.
//
// declared are the top-level names the submission's solution cells
// declare: a selector x.f whose x is none of them, nor an import, nor a
// name the assignment declares, is a package GoNB would import, and must
// be an allowed one.
func (r *solutionRules) check(src string, declared map[string]bool) []string {
	if l, n := gonbCommand(src); l != "" {
		return []string{fmt.Sprintf("line %d, %q, is a GoNB command: a solution cell may only hold Go declarations (func, type, const, var, import)", n, shorten(l))}
	}
	fset := token.NewFileSet()
	const header = "package main;"
	f, err := parser.ParseFile(fset, "cell.go", header+src, parser.ParseComments|parser.AllErrors)
	if err != nil {
		var out []string
		if list, ok := err.(scanner.ErrorList); ok {
			for _, e := range list {
				out = append(out, fmt.Sprintf("line %d: %s", e.Pos.Line, e.Msg))
				if len(out) == 3 {
					break
				}
			}
		} else {
			out = append(out, err.Error())
		}
		return []string{"it is not Go declarations (" + strings.Join(out, "; ") + "): a solution cell may only declare functions, types, constants and variables; statements go inside a function"}
	}
	line := func(p token.Pos) int { return fset.Position(p).Line }
	var problems []string
	bad := func(p token.Pos, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("line %d: ", line(p))+fmt.Sprintf(format, args...))
	}
	for _, g := range f.Comments {
		for _, c := range g.List {
			if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line ") || strings.HasPrefix(c.Text, "/*line ") {
				d, _, _ := strings.Cut(c.Text, " ")
				bad(c.Pos(), "the compiler directive %s is not allowed in a solution cell: remove it", d)
			}
		}
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		switch {
		case neverAllowedImport(p):
			bad(imp.Pos(), "import %q is not allowed in a solution cell: it reaches files, the environment, other processes or the grader", p)
		case !r.allows(p):
			bad(imp.Pos(), "import %q is not allowed in this assignment's solution cells (allowed: %s)", p, strings.Join(r.allowed, ", "))
		}
	}
	own := map[string]bool{}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		own[importName(imp, p)] = true
	}
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	reported := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || !unresolved[id] || own[id.Name] || reported[id.Name] {
			return true
		}
		// id names a package (or a variable declared in another cell):
		// GoNB adds the import of a package a cell uses without importing.
		switch p, ok := r.imported[id.Name]; {
		case ok && !r.allows(p):
			bad(id.Pos(), "uses package %s (%q, imported by the teacher's cells), which solution cells may not use", id.Name, p)
		case ok, declared[id.Name], hasKey(r.teacher, id.Name), r.solution[id.Name], r.allowedName(id.Name):
			return true
		default:
			bad(id.Pos(), "uses %s.%s, but %s is neither declared in the notebook nor an allowed package (GoNB would import it)", id.Name, sel.Sel.Name, id.Name)
		}
		reported[id.Name] = true
		return true
	})
	for _, n := range declaredNames(f) {
		typ, _, isMethod := strings.Cut(n.key, ".")
		switch {
		case n.key == "init":
			bad(n.pos, "func init is not allowed: it would run before the tests; put the code in a function the tests call")
		case strings.HasPrefix(n.key, "init_"):
			bad(n.pos, "func %s is not allowed: GoNB runs init_… functions before every later cell; rename it", n.key)
		case n.key == "main":
			bad(n.pos, "func main is not allowed: a solution cell only declares; rename it")
		case universe[n.key]:
			bad(n.pos, "%s redeclares Go's built-in %s: choose another name", n.key, n.key)
		case hasKey(r.teacher, n.key):
			bad(n.pos, "%s is declared by the assignment in cell %d: the tests rely on that one; rename yours", n.key, r.teacher[n.key]+1)
		case isMethod && r.teacherTypes[typ]:
			bad(n.pos, "method %s adds to the assignment's type %s (cell %d): write a function instead", n.key, typ, r.teacher[typ]+1)
		}
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.VAR && g.Tok != token.CONST) {
			continue
		}
		for _, s := range g.Specs {
			for _, v := range s.(*ast.ValueSpec).Values {
				if call := runsCode(v); call != nil {
					bad(call.Pos(), "a package-level %s initializer runs code (%s) when the program starts, before the tests: declare it inside a function", g.Tok, shorten(nodeText(src, len(header), fset, call)))
				}
			}
		}
	}
	slices.SortStableFunc(problems, func(a, b string) int { return problemLine(a) - problemLine(b) })
	return problems
}

// problemLine is the line number a problem starts with ("line 3: …").
func problemLine(p string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(strings.SplitN(p, ":", 2)[0], "line "))
	return n
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// runsCode returns the first call (or channel receive) in an initializer
// expression, not counting conversions to basic types and the bodies of
// function literals, which do not run at start-up.
func runsCode(e ast.Expr) ast.Node {
	var found ast.Node
	ast.Inspect(e, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && basicTypes[id.Name] {
				return true
			}
			found = n
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				found = n
			}
		}
		return found == nil
	})
	return found
}

// nodeText is the source text of n in a cell parsed with a header of
// headerLen bytes in front.
func nodeText(src string, headerLen int, fset *token.FileSet, n ast.Node) string {
	a, b := fset.Position(n.Pos()).Offset-headerLen, fset.Position(n.End()).Offset-headerLen
	if a < 0 || b > len(src) || a > b {
		return "…"
	}
	return src[a:b]
}

// shorten keeps a quoted piece of code to one short line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "…"
	}
	return s
}

// dependencies maps each test cell of the source notebook to the solution
// cells its code reaches: the names the test cell uses, followed through
// the declarations of every cell (the source's solutions included, so a
// test of bceGrad depends on the sigmoid that bceGrad calls). A test cell
// that does not parse depends on every solution cell (fail closed).
func dependencies(nb *notebook.Notebook, kinds []Kind) map[int][]int {
	declaredBy := map[string][]int{}
	uses := map[string]map[string]bool{}
	testUses := map[int]map[string]bool{}
	var solutions []int
	for i, c := range nb.Cells {
		if c.CellType != notebook.Code {
			continue
		}
		if kinds[i] == Solution {
			solutions = append(solutions, i)
		}
		decls, body, hasBody := splitCell(string(c.Source))
		f := parseDecls(decls)
		for _, d := range f.Decls {
			var names []string
			switch d := d.(type) {
			case *ast.FuncDecl:
				names = append(names, d.Name.Name)
				if t := recvType(d); t != "" {
					names = append(names, t)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = append(names, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names = append(names, n.Name)
						}
					}
				}
			}
			ids := identNames(d)
			for _, n := range names {
				declaredBy[n] = append(declaredBy[n], i)
				if uses[n] == nil {
					uses[n] = map[string]bool{}
				}
				for id := range ids {
					uses[n][id] = true
				}
			}
		}
		if kinds[i] != Test {
			continue
		}
		all := identNames(f)
		if hasBody {
			b, err := parser.ParseFile(token.NewFileSet(), "", "package main;func _(){\n"+body+"\n}", parser.AllErrors)
			if err != nil {
				all = nil // unknown: every solution cell
			} else {
				for id := range identNames(b) {
					all[id] = true
				}
			}
		}
		testUses[i] = all
	}
	out := map[int][]int{}
	for t, start := range testUses {
		if start == nil {
			for _, s := range solutions {
				if s < t {
					out[t] = append(out[t], s)
				}
			}
			continue
		}
		seen := map[string]bool{}
		queue := make([]string, 0, len(start))
		for n := range start {
			queue = append(queue, n)
		}
		deps := map[int]bool{}
		for len(queue) > 0 {
			n := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			if seen[n] {
				continue
			}
			seen[n] = true
			for _, c := range declaredBy[n] {
				if kinds[c] == Solution {
					deps[c] = true
				}
			}
			for u := range uses[n] {
				queue = append(queue, u)
			}
		}
		for c := range deps {
			out[t] = append(out[t], c)
		}
		slices.Sort(out[t])
	}
	return out
}

// identNames is the set of identifiers in n.
func identNames(n ast.Node) map[string]bool {
	ids := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			ids[id.Name] = true
		}
		return true
	})
	return ids
}

// checkNewNested reports whether the body of test cell src calls check.New
// inside a loop or a function literal, where one call in the source can
// print any number of result lines (the grader expects one per call).
func checkNewNested(src string) bool {
	_, body, ok := splitCell(src)
	if !ok {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package main;func _(){\n"+body+"\n}", 0)
	if err != nil {
		return false // the kernel reports it
	}
	nested := false
	var walk func(n ast.Node, inside bool)
	walk = func(n ast.Node, inside bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch m := m.(type) {
			case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit, *ast.GoStmt:
				if m != n {
					walk(m, true)
					return false
				}
			case *ast.CallExpr:
				if sel, ok := m.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "New" {
					if id, ok := sel.X.(*ast.Ident); ok && id.Name == "check" && inside {
						nested = true
					}
				}
			}
			return !nested
		})
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			walk(fd.Body, false)
		}
	}
	return nested
}
