package notebook

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Output types of nbformat 4.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Output is one output of a code cell.
//
// Which fields are used depends on OutputType: Stream uses Name ("stdout" or
// "stderr") and Text; DisplayData and ExecuteResult use Data (a MIME bundle:
// MIME type → content) and Metadata, and ExecuteResult also ExecutionCount;
// Error uses Ename, Evalue and Traceback.
type Output struct {
	OutputType     string
	Name           string
	Text           Text
	Data           map[string]any
	Metadata       map[string]any
	ExecutionCount *int
	Ename          string
	Evalue         string
	Traceback      []string
}

// String returns the text a person would read for the output: the stream
// text, the text/plain (or, failing that, text/html) content of a display,
// or "Ename: Evalue" for an error.
func (o Output) String() string {
	switch o.OutputType {
	case Stream:
		return string(o.Text)
	case Error:
		return o.Ename + ": " + o.Evalue
	}
	for _, mime := range []string{"text/plain", "text/markdown", "text/html"} {
		if s, ok := MIMEText(o.Data[mime]); ok {
			return s
		}
	}
	return ""
}

// MIMEText returns v as a string if it is a string or a list of strings (the
// two ways nbformat stores textual MIME content).
func MIMEText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []string:
		return strings.Join(v, ""), true
	case []any:
		var b strings.Builder
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}

type outputJSON struct {
	OutputType     string          `json:"output_type"`
	Name           string          `json:"name,omitempty"`
	Text           *Text           `json:"text,omitempty"`
	Data           map[string]any  `json:"data,omitempty"`
	Metadata       map[string]any  `json:"metadata,omitempty"`
	ExecutionCount json.RawMessage `json:"execution_count,omitempty"`
	Ename          string          `json:"ename,omitempty"`
	Evalue         string          `json:"evalue,omitempty"`
	Traceback      []string        `json:"traceback,omitempty"`
}

// UnmarshalJSON reads an nbformat 4 output.
func (o *Output) UnmarshalJSON(b []byte) error {
	var j outputJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*o = Output{OutputType: j.OutputType, Name: j.Name, Data: j.Data, Metadata: j.Metadata,
		Ename: j.Ename, Evalue: j.Evalue, Traceback: j.Traceback}
	if j.Text != nil {
		o.Text = *j.Text
	}
	if len(j.ExecutionCount) > 0 && string(j.ExecutionCount) != "null" {
		var n int
		if err := json.Unmarshal(j.ExecutionCount, &n); err != nil {
			return fmt.Errorf("output execution_count: %w", err)
		}
		o.ExecutionCount = &n
	}
	switch o.OutputType {
	case Stream, DisplayData, ExecuteResult, Error:
		return nil
	}
	return fmt.Errorf("unknown output_type %q (nbformat 4 has stream, display_data, execute_result, error)", o.OutputType)
}

// MarshalJSON writes the fields nbformat 4 requires for the output's type.
// Textual MIME content is written as a list of lines, JSON content as is.
func (o Output) MarshalJSON() ([]byte, error) {
	m := map[string]any{"output_type": o.OutputType}
	switch o.OutputType {
	case Stream:
		m["name"] = o.Name
		m["text"] = o.Text
	case DisplayData, ExecuteResult:
		data := map[string]any{}
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && !isJSONMIME(mime) {
				data[mime] = SplitLines(s)
			} else {
				data[mime] = v
			}
		}
		m["data"] = data
		md := o.Metadata
		if md == nil {
			md = map[string]any{}
		}
		m["metadata"] = md
		if o.OutputType == ExecuteResult {
			m["execution_count"] = o.ExecutionCount
		}
	case Error:
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		m["ename"], m["evalue"], m["traceback"] = o.Ename, o.Evalue, tb
	default:
		return nil, fmt.Errorf("cannot write output of unknown type %q", o.OutputType)
	}
	return marshal(m)
}

func isJSONMIME(mime string) bool {
	return mime == "application/json" || strings.HasSuffix(mime, "+json")
}
