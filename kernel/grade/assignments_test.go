package grade

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// secretLines returns the lines of a cell's solution and hidden-test
// regions that appear nowhere else in the source: what release must drop.
func secretLines(a *Assignment) []string {
	var public strings.Builder
	var secret []string
	for i := range a.Cells {
		lines := strings.Split(string(a.Source.Cells[i].Source), "\n")
		inside := make([]bool, len(lines))
		for _, pair := range [][2]string{{BeginSolution, EndSolution}, {BeginHidden, EndHidden}} {
			regions, _ := findRegions(lines, pair[0], pair[1])
			for _, r := range regions {
				for k := r.begin; k <= r.end; k++ {
					inside[k] = true
				}
			}
		}
		for k, l := range lines {
			if inside[k] {
				secret = append(secret, strings.TrimSpace(l))
			} else {
				public.WriteString(l + "\n")
			}
		}
	}
	var out []string
	for _, s := range secret {
		if len(s) >= 3 && !strings.Contains(public.String(), s) {
			out = append(out, s)
		}
	}
	return out
}

// TestReleaseAssignments releases the course's assignments and checks, byte
// by byte, that no line of a solution or hidden test is left in the file.
func TestReleaseAssignments(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(sourcesDir, "*", "*.ipynb"))
	if err != nil || len(paths) < 2 {
		t.Fatalf("assignments: %v %v", paths, err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			nb, err := a.Release()
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "released.ipynb")
			if err := nb.Write(file); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The students' copy in notebooks/assignments is this release.
			committed, err := os.ReadFile(filepath.Join(releasedDir, filepath.Base(path)))
			if err != nil || !bytes.Equal(committed, b) {
				t.Errorf("%s is not the release of %s (%v): run\n\tgo run ./kernel/cmd/dlfun release teachers/source/*/*.ipynb --out notebooks/assignments",
					filepath.Join("notebooks/assignments", filepath.Base(path)), path, err)
			}
			secrets := secretLines(a)
			if len(secrets) < 5 {
				t.Fatalf("only %d secret lines found: is the assignment marked up?", len(secrets))
			}
			for _, s := range append(secrets, BeginSolution, EndSolution, BeginHidden, EndHidden) {
				enc, _ := json.Marshal(s)
				enc = bytes.Trim(enc, `"`)
				if bytes.Contains(b, []byte(s)) || bytes.Contains(b, enc) {
					t.Errorf("released file contains %q", s)
				}
			}
			// Every solution cell got a stub; every test cell is locked.
			for i, info := range a.Cells {
				c := nb.Cells[i]
				switch info.Kind {
				case Solution:
					if !strings.Contains(string(c.Source), YourCodeHere) {
						t.Errorf("solution cell %q has no stub:\n%s", info.GradeID, c.Source)
					}
				case Test:
					if string(c.Metadata["editable"]) != "false" || string(c.Metadata["deletable"]) != "false" {
						t.Errorf("test cell %q is not locked", info.GradeID)
					}
				}
				if len(c.Outputs) > 0 {
					t.Errorf("cell %d keeps outputs", i+1)
				}
			}
			// The source is committed without outputs.
			for i, c := range a.Source.Cells {
				if len(c.Outputs) > 0 || c.ExecutionCount != nil {
					t.Errorf("source cell %d has outputs: clear them before committing", i+1)
				}
			}
		})
	}
}

// TestAssignmentsGrade grades each assignment's source (all answers right)
// and its released version (nothing answered) through the real kernel.
func TestAssignmentsGrade(t *testing.T) {
	spec := needKernel(t)
	paths, _ := filepath.Glob(filepath.Join(sourcesDir, "*", "*.ipynb"))
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			a, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			rel, err := a.Release()
			if err != nil {
				t.Fatal(err)
			}
			solved := filepath.Join(dir, "solved.ipynb")
			empty := filepath.Join(dir, "empty.ipynb")
			if err := a.Source.Write(solved); err != nil {
				t.Fatal(err)
			}
			if err := rel.Write(empty); err != nil {
				t.Fatal(err)
			}
			rep, err := Grade(t.Context(), a, []string{solved, empty}, Options{KernelSpecDir: spec, Out: filepath.Join(dir, "out"),
				Limits: Limits{CellTimeout: time.Minute, TotalTimeout: 3 * time.Minute, Memory: 2 << 30, Isolate: true}})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]float64{"solved": a.MaxPoints(), "empty": 0}
			for _, s := range rep.Students {
				if s.Total != want[s.Student] {
					t.Errorf("%s: %v points, want %v: %s", s.Student, s.Total, want[s.Student], describe(s))
				}
			}
			// Feedback shows results but no hidden test code.
			fb, err := notebook.Read(filepath.Join(dir, "out", "feedback", "empty", a.Name+".ipynb"))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := fb.Encode()
			for _, s := range secretLines(a) {
				if bytes.Contains(b, []byte(s)) {
					t.Errorf("feedback shows hidden or solution code %q", s)
				}
			}
		})
	}
}

func describe(s StudentResult) string {
	var b strings.Builder
	b.WriteString(s.Error)
	for _, c := range s.Cells {
		if c.Reason != "" {
			b.WriteString("\n  " + c.GradeID + ": " + c.Reason)
		}
		for _, f := range c.Failed {
			b.WriteString("\n  " + c.GradeID + ": ✗ " + f.Name + ": " + f.Msg)
		}
	}
	return b.String()
}
