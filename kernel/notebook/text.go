package notebook

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Text is a multi-line string as nbformat stores it: in a file either one
// JSON string or a list of lines (each but the last ending in "\n"). It is
// always written as a list of lines, as Jupyter does.
type Text string

// UnmarshalJSON accepts a string or a list of strings.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return fmt.Errorf("multi-line text must be a string or a list of strings, got %.40s", b)
	}
	*t = Text(strings.Join(lines, ""))
	return nil
}

// MarshalJSON writes the text as a list of lines.
func (t Text) MarshalJSON() ([]byte, error) {
	return marshal(SplitLines(string(t)))
}

// SplitLines splits s after each "\n", the way nbformat stores multi-line
// strings. An empty string gives an empty (non-nil) list.
func SplitLines(s string) []string {
	lines := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			lines = append(lines, s)
			break
		}
		lines = append(lines, s[:i+1])
		s = s[i+1:]
	}
	return lines
}
