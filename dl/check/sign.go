package check

import (
	"fmt"
	"os"
	"sync"

	"github.com/dlfun/dlfun/internal/checkline"
)

// Prefix starts the machine-readable result line that Done prints while a
// notebook is being graded (its format: package internal/checkline).
const Prefix = checkline.Prefix

// KeyFileEnv is the environment variable through which `dlfun grade` names
// the file holding this run's signing key (64 hex digits, readable only by
// the kernel's user). Done prints the machine-readable result line only
// when it is set.
const KeyFileEnv = checkline.KeyFileEnv

// KeySize is the length in bytes of the signing key.
const KeySize = checkline.KeySize

// grading is the state of a graded run, kept in unexported package
// variables that code in a notebook cannot name: the key read by the first
// New, and how many Checkers this program has created so far (the
// sequence number each result line carries).
var grading struct {
	once sync.Once
	key  []byte // nil when not grading
	err  error  // why the key could not be read
	mu   sync.Mutex
	seq  int
}

// loadKey reads the signing key named by KeyFileEnv, once per program.
func loadKey() ([]byte, error) {
	grading.once.Do(func() {
		path, ok := os.LookupEnv(KeyFileEnv)
		if !ok {
			return
		}
		b, err := os.ReadFile(path)
		if err != nil {
			grading.err = err
			return
		}
		if grading.key, err = checkline.ParseKey(b); err != nil {
			grading.err = fmt.Errorf("%s %v", path, err)
		}
	})
	return grading.key, grading.err
}

// nextSeq numbers the Checkers of this program from 1.
func nextSeq() int {
	grading.mu.Lock()
	defer grading.mu.Unlock()
	grading.seq++
	return grading.seq
}
