package jupyter

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func TestSignerRoundTrip(t *testing.T) {
	s := NewSigner([]byte("secret"))
	m, err := NewMessage("sess", "execute_request", map[string]any{"code": "x := 1"})
	if err != nil {
		t.Fatal(err)
	}
	m.Identities = [][]byte{[]byte("id1")}
	frames, err := s.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Decode(frames)
	if err != nil {
		t.Fatalf("Decode of a correctly signed message: %v", err)
	}
	if got.Header != m.Header || !bytes.Equal(got.Identities[0], []byte("id1")) {
		t.Errorf("round trip changed the message: got %+v, want %+v", got.Header, m.Header)
	}
	var c struct{ Code string }
	if err := got.Decode(&c); err != nil || c.Code != "x := 1" {
		t.Errorf("content = %q, %v; want x := 1", c.Code, err)
	}
}

// TestSignatureKnownValue checks the signature against one computed by
// Python's hmac module: hmac.new(b"key", b"{}" * 4, hashlib.sha256).hexdigest().
func TestSignatureKnownValue(t *testing.T) {
	s := NewSigner([]byte("key"))
	got := string(s.Sign([][]byte{[]byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")}))
	const want = "ca767b02c5bc061ed184a9a029e7f93a7f2f7ed4e8fe74120fc1212f0b008fa3"
	if got != want {
		t.Errorf("Sign = %s, want %s (Python's hmac)", got, want)
	}
}

func TestSignerRejects(t *testing.T) {
	s := NewSigner([]byte("secret"))
	m, _ := NewMessage("sess", "stream", map[string]any{"name": "stdout", "text": "hi"})
	good, _ := s.Encode(m)
	// index of the delimiter: no identities, so 0.
	tamper := func(i int, b []byte) [][]byte {
		f := make([][]byte, len(good))
		copy(f, good)
		f[i] = b
		return f
	}
	other, _ := NewSigner([]byte("other key")).Encode(m)
	tests := []struct {
		name   string
		frames [][]byte
	}{
		{"tampered content", tamper(5, []byte(`{"name":"stdout","text":"evil"}`))},
		{"tampered header", tamper(2, []byte(`{"msg_id":"x"}`))},
		{"tampered metadata", tamper(4, []byte(`{"a":1}`))},
		{"zero signature", tamper(1, bytes.Repeat([]byte("0"), 64))},
		{"empty signature", tamper(1, nil)},
		{"wrong key", other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Decode(tc.frames)
			if !errors.Is(err, ErrBadSignature) {
				t.Errorf("Decode = %v, want ErrBadSignature", err)
			}
		})
	}
	if _, err := s.Decode(good[:4]); err == nil || errors.Is(err, ErrBadSignature) {
		t.Errorf("Decode of a truncated message = %v, want a malformed-message error", err)
	}
	var hdr Header
	if err := json.Unmarshal(good[2], &hdr); err != nil || hdr.Version != ProtocolVersion {
		t.Errorf("header %s: version %q, want %q", good[2], hdr.Version, ProtocolVersion)
	}
}
