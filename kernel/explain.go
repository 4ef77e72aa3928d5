package kernel

import (
	"regexp"
	"strings"

	"github.com/dlfun/dlfun/kernel/notebook"
)

var (
	ansi         = regexp.MustCompile(`\x1b\[[0-9;]*m`)
	cellLocation = regexp.MustCompile(`\[\[ Cell \[\d+\] Line \d+ \]\]`)
	exitStatus   = regexp.MustCompile(`^(\^C\n)?exit status \d+\s*$`)
)

// explain makes GoNB's bare "exit status 2" for a panic useful: it appends
// the panic (or fatal error) line and the first cell location that the
// cell's stderr shows, e.g. "exit status 2: panic: boom at [[ Cell [1] Line 2 ]]".
func explain(evalue string, outputs []notebook.Output) string {
	if !exitStatus.MatchString(evalue) {
		return evalue
	}
	var stderr strings.Builder
	for _, o := range outputs {
		if o.OutputType == notebook.Stream && o.Name == "stderr" {
			stderr.WriteString(string(o.Text))
		}
	}
	text := ansi.ReplaceAllString(stderr.String(), "")
	var what string
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ") {
			what = strings.TrimSpace(line)
			break
		}
	}
	if what == "" {
		return evalue
	}
	msg := strings.TrimSpace(evalue) + ": " + what
	if loc := cellLocation.FindString(text); loc != "" {
		msg += " at " + loc
	}
	return msg
}
