package check

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dlfun/dlfun/internal/checkline"
)

// testKey signs the result lines of the tests that do not read a key file.
var testKey = []byte(strings.Repeat("k", KeySize))

// resetGrading forgets the key read and the Checkers created, as a new
// program would start.
func resetGrading() {
	grading.once = sync.Once{}
	grading.key, grading.err, grading.seq = nil, nil, 0
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o400); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key := []byte(strings.Repeat("\x07", KeySize))
	tests := []struct {
		name    string
		path    string // "" leaves KeyFileEnv unset
		key     []byte
		errPart string // part of the note printed instead of the line
	}{
		{name: "not graded", path: ""},
		{name: "valid key", path: write("key", hex.EncodeToString(key)+"\n"), key: key},
		{name: "missing file", path: filepath.Join(dir, "nope"), errPart: "cannot read the grading key"},
		{name: "short key", path: write("short", "abcd"), errPart: "does not hold 32 hex-encoded bytes"},
		{name: "not hex", path: write("text", strings.Repeat("z", 2*KeySize)), errPart: "does not hold 32 hex-encoded bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.path != "" {
				t.Setenv(KeyFileEnv, tt.path)
			} else {
				os.Unsetenv(KeyFileEnv)
			}
			resetGrading()
			defer resetGrading()
			var out strings.Builder
			c := New("q", 1)
			c.out, c.exit = &out, func(int) {}
			c.True("a", true, "")
			c.Done()
			line := ""
			for l := range strings.SplitSeq(out.String(), "\n") {
				if rest, ok := strings.CutPrefix(l, Prefix); ok {
					line = rest
				}
			}
			switch {
			case tt.key == nil && line != "":
				t.Errorf("result line printed: %s", line)
			case tt.key != nil:
				if r, err := checkline.Parse(tt.key, line); err != nil || r.Seq != 1 {
					t.Errorf("line %q not signed with the file's key, or not seq 1 (%v)", line, err)
				}
			}
			if tt.errPart != "" && !strings.Contains(out.String(), tt.errPart) {
				t.Errorf("output does not say %q:\n%s", tt.errPart, out.String())
			}
		})
	}
}

// TestSequence: each Checker of a program gets the next number.
func TestSequence(t *testing.T) {
	resetGrading()
	defer resetGrading()
	for want := 1; want <= 3; want++ {
		if c := New("q", 1); c.seq != want {
			t.Fatalf("Checker %d has seq %d", want, c.seq)
		}
	}
}
