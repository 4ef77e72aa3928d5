package dl

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
)

// Interrupting a training cell. Jupyter's interrupt button (and Ctrl-C in a
// terminal) sends SIGINT; GoNB passes it on to the cell's process and kills
// that process 5 s later if it still runs. While Train or Sweep runs, SIGINT
// does not end the process: it only marks it interrupted. The training loop
// looks at the mark before every step, so training stops at the end of the
// current step and Run returns the History so far, which the rest of the
// cell can print or plot. The mark stays for the rest of the process (one
// cell): a later Train or Sweep of the same cell returns at once, so the
// cell ends promptly. A second SIGINT after training stopped ends the
// process as usual.

var interrupt struct {
	mu      sync.Mutex
	depth   int            // catchInterrupt calls not yet released
	signals chan os.Signal // receives SIGINT while depth > 0
	marked  atomic.Bool
}

// catchInterrupt makes SIGINT mark the process interrupted instead of
// ending it, until the returned function is called. Calls nest (a Sweep's
// runs, Memo around Run): SIGINT is caught until the outermost releases.
func catchInterrupt() (release func()) {
	interrupt.mu.Lock()
	defer interrupt.mu.Unlock()
	if interrupt.depth == 0 {
		ch := make(chan os.Signal, 1)
		signal.Notify(ch, os.Interrupt)
		interrupt.signals = ch
		go func() {
			for range ch {
				interrupt.marked.Store(true)
			}
		}()
	}
	interrupt.depth++
	var once sync.Once
	return func() {
		once.Do(func() {
			interrupt.mu.Lock()
			defer interrupt.mu.Unlock()
			interrupt.depth--
			if interrupt.depth == 0 {
				signal.Stop(interrupt.signals)
				close(interrupt.signals)
			}
		})
	}
}

// interrupted reports whether the process received SIGINT while training.
func interrupted() bool { return interrupt.marked.Load() }
