// Package checkline is the result line of package dl/check: the one line
// per Checker that a graded test cell prints on standard output and that
// `dlfun grade` (package kernel/grade) reads back,
//
//	DLFUN-CHECK <HMAC-SHA256(key, json) in hex> <json of Result>
//
// The key is random per grading run; the grader writes it, hex-encoded, to
// a file that only the kernel's user can read and names that file in the
// environment variable KeyFileEnv. Both sides of the channel import this
// package and nothing else of each other, so the grader does not link the
// tensor engine to read a line, and the format is written down once.
//
// It lives behind an internal boundary: notebooks use dl/check, graders
// use kernel/grade.
package checkline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Prefix starts a result line.
const Prefix = "DLFUN-CHECK "

// KeyFileEnv is the environment variable through which `dlfun grade` names
// the file holding the run's signing key (see KeyText). dl/check prints
// result lines only when it is set.
const KeyFileEnv = "DLFUN_CHECK_KEYFILE"

// KeySize is the length in bytes of the signing key.
const KeySize = 32

// Result is the outcome of one Checker of a graded cell: the JSON part of
// a result line.
type Result struct {
	GradeID string    `json:"grade_id"`
	Points  float64   `json:"points"`
	Max     float64   `json:"max"`
	Passed  []string  `json:"passed"`
	Failed  []Failure `json:"failed"`
	// Seq numbers the Checkers of one cell's program from 1, in the order
	// they were created.
	Seq int `json:"seq"`
}

// Failure names a failed check and says why it failed.
type Failure struct {
	Name string `json:"name"`
	Msg  string `json:"msg"`
}

// Sign returns the hex HMAC-SHA256 of payload under key: the signature in
// a result line.
func Sign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return hex.EncodeToString(m.Sum(nil))
}

// Format returns the result line of r signed with key, without a newline.
func Format(key []byte, r Result) string {
	payload := r.JSON()
	return Prefix + Sign(key, payload) + " " + payload
}

// ErrSignature marks a result line that is not signed with the run's key.
var ErrSignature = errors.New("bad signature")

// Find returns what follows Prefix on each line of text that holds it, in
// order: the candidate result lines of a cell's standard output.
func Find(text string) []string {
	var res []string
	for line := range strings.SplitSeq(text, "\n") {
		if i := strings.Index(line, Prefix); i >= 0 {
			res = append(res, line[i+len(Prefix):])
		}
	}
	return res
}

// Parse decodes a result line given as the text after Prefix. It returns
// ErrSignature for a line whose signature is missing or does not match key
// (and for any line when key is empty), and an error for a signed line
// whose payload is not a Result.
func Parse(key []byte, rest string) (Result, error) {
	var r Result
	sig, payload, ok := strings.Cut(strings.TrimRight(rest, "\r"), " ")
	if !ok || len(key) == 0 || !hmac.Equal([]byte(sig), []byte(Sign(key, payload))) {
		return r, ErrSignature
	}
	if err := json.Unmarshal([]byte(payload), &r); err != nil {
		return r, fmt.Errorf("signed but not a result: %v", err)
	}
	return r, nil
}

// KeyText is the content of a key file: key in hex and a newline.
func KeyText(key []byte) string { return hex.EncodeToString(key) + "\n" }

// ParseKey decodes the content of a key file (see KeyText).
func ParseKey(text []byte) ([]byte, error) {
	key, err := hex.DecodeString(strings.TrimSpace(string(text)))
	if err != nil || len(key) != KeySize {
		return nil, fmt.Errorf("does not hold %d hex-encoded bytes", KeySize)
	}
	return key, nil
}

// JSON encodes r as the JSON object of a result line. It is written by
// hand, with every float64 a JSON number (NaN and infinities, which JSON
// cannot hold, become 0) and invalid UTF-8 replaced by U+FFFD, so that any
// Result encodes.
func (r Result) JSON() string {
	var b strings.Builder
	b.WriteString(`{"grade_id":`)
	b.WriteString(jsonString(r.GradeID))
	b.WriteString(`,"points":`)
	b.WriteString(jsonNumber(r.Points))
	b.WriteString(`,"max":`)
	b.WriteString(jsonNumber(r.Max))
	b.WriteString(`,"passed":[`)
	for i, p := range r.Passed {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jsonString(p))
	}
	b.WriteString(`],"failed":[`)
	for i, f := range r.Failed {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"name":` + jsonString(f.Name) + `,"msg":` + jsonString(f.Msg) + `}`)
	}
	b.WriteString(`],"seq":`)
	b.WriteString(strconv.Itoa(r.Seq))
	b.WriteString(`}`)
	return b.String()
}

// jsonString quotes s as a JSON string (invalid UTF-8 becomes U+FFFD).
func jsonString(s string) string {
	s = strings.ToValidUTF8(s, string(utf8.RuneError))
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// jsonNumber writes x as a JSON number (0 for NaN and infinities).
func jsonNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}
