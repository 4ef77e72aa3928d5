package kernel

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dlfun/dlfun/kernel/notebook"
)

// TestOutputOrder: text printed with fmt.Println right before a display
// (a chart's Show) must appear above it in the executed notebook. GoNB
// forwards standard output and displays through two independent
// goroutines, so without help displays overtake the text in most cells;
// dl/display waits until GoNB has read the printed text before sending a
// display. Three cells of 40 Println+display pairs each must all keep
// their order.
func TestOutputOrder(t *testing.T) {
	e := integration(t)
	const pairs = 40
	cell := fmt.Sprintf(`%%%%
for i := 0; i < %d; i++ {
	fmt.Println("text", i)
	display.HTML(fmt.Sprintf("<p>html %%d</p>", i))
	display.Sync()
}`, pairs)
	path := writeNotebook(t, t.TempDir(), "order.ipynb", `import "github.com/dlfun/dlfun/dl/display"`, cell, cell, cell)
	res, err := RunNotebook(context.Background(), path, RunOptions{KernelSpecDir: e.inst.KernelDir, CellTimeout: 2 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	var want []string
	for i := 0; i < pairs; i++ {
		want = append(want, fmt.Sprint("text ", i), fmt.Sprint("html ", i))
	}
	item := regexp.MustCompile(`(text|html) \d+`)
	for c := 1; c < len(res.Cells); c++ {
		var got []string
		for _, o := range res.Cells[c].Outputs {
			s := string(o.Text)
			if o.OutputType != notebook.Stream {
				s, _ = notebook.MIMEText(o.Data["text/html"])
			}
			got = append(got, item.FindAllString(s, -1)...)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			for k := range min(len(got), len(want)) {
				if got[k] != want[k] {
					t.Errorf("cell %d: output %d is %q, want %q (%q…)", c, k, got[k], want[k], got[k:min(k+4, len(got))])
					break
				}
			}
			if len(got) != len(want) {
				t.Errorf("cell %d: %d outputs, want %d", c, len(got), len(want))
			}
		}
	}
}
