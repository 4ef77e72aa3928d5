package checkline

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

var testKey = []byte(strings.Repeat("k", KeySize))

// TestRoundTrip: every Result, hostile strings included, comes back from
// its line as it went in (with invalid UTF-8 replaced).
func TestRoundTrip(t *testing.T) {
	tests := []Result{
		{GradeID: "q1", Points: 1.5, Max: 3, Passed: []string{"a", "σ(0) = ½"}, Failed: []Failure{{Name: "b", Msg: "got \"x\"\n\ttab \\ \x01 \u2028 end " + Prefix + "x"}}, Seq: 2},
		{GradeID: "q2", Points: 0, Max: 1e-7, Passed: []string{}, Failed: []Failure{}},
		{GradeID: "bad\xffutf8", Points: 2, Max: 2, Passed: []string{}, Failed: []Failure{}},
	}
	for _, want := range tests {
		line := Format(testKey, want)
		if strings.Contains(line, "\n") {
			t.Fatalf("line spans lines: %q", line)
		}
		found := Find("student output\n" + line + "\r\nmore")
		if len(found) != 1 {
			t.Fatalf("Find returned %d lines for %q", len(found), line)
		}
		got, err := Parse(testKey, found[0])
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		want.GradeID = strings.ToValidUTF8(want.GradeID, "\uFFFD")
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
		}
	}
}

// TestParseRejects: a line counts only when signed with the run's key over
// exactly its payload.
func TestParseRejects(t *testing.T) {
	good := strings.TrimPrefix(Format(testKey, Result{GradeID: "q", Points: 1, Max: 1, Seq: 1}), Prefix)
	sig, payload, _ := strings.Cut(good, " ")
	tests := []struct {
		name string
		key  []byte
		rest string
		want error // nil: any non-nil error other than ErrSignature
	}{
		{"other key", []byte(strings.Repeat("o", KeySize)), good, ErrSignature},
		{"no key", nil, good, ErrSignature},
		{"changed points", testKey, sig + " " + strings.Replace(payload, `"points":1`, `"points":2`, 1), ErrSignature},
		{"no signature", testKey, payload, ErrSignature},
		{"signed garbage", testKey, Sign(testKey, "[1]") + " [1]", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.key, tt.rest)
			switch {
			case err == nil:
				t.Fatal("accepted")
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("error %v, want %v", err, tt.want)
			case tt.want == nil && errors.Is(err, ErrSignature):
				t.Fatalf("signed line reported as %v", err)
			}
		})
	}
	if _, err := Parse(testKey, good); err != nil {
		t.Fatalf("good line: %v", err)
	}
}

func TestKeyText(t *testing.T) {
	key := []byte(strings.Repeat("\x07", KeySize))
	got, err := ParseKey([]byte(KeyText(key)))
	if err != nil || string(got) != string(key) {
		t.Fatalf("ParseKey(KeyText(key)) = %x, %v", got, err)
	}
	for _, bad := range []string{"", "abcd", strings.Repeat("z", 2*KeySize), strings.Repeat("00", KeySize+1)} {
		if _, err := ParseKey([]byte(bad)); err == nil || !strings.Contains(err.Error(), "32 hex-encoded bytes") {
			t.Errorf("ParseKey(%q) = %v, want an error naming the size", bad, err)
		}
	}
}
