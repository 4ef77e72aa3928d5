package jupyter

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the client speaks.
const ProtocolVersion = "5.3"

// delimiter separates ZeroMQ routing identities from the message frames.
const delimiter = "<IDS|MSG>"

// Header is the header (and parent header) of a Jupyter message.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is a decoded Jupyter message. Content is kept raw; decode it with
// [Message.Decode].
type Message struct {
	Identities   [][]byte
	Header       Header
	ParentHeader Header
	Metadata     map[string]any
	Content      json.RawMessage
	Buffers      [][]byte
}

// Decode unmarshals the message content into v.
func (m *Message) Decode(v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("decoding %s content: %w", m.Header.MsgType, err)
	}
	return nil
}

// ErrBadSignature is returned (wrapped) for a received message whose HMAC
// signature does not match the connection key.
var ErrBadSignature = errors.New("bad message signature")

// Signer signs and verifies messages with HMAC-SHA256 over the four JSON
// frames (header, parent header, metadata, content). A nil key disables
// signing, as the protocol allows; this client always uses a key.
type Signer struct{ key []byte }

// NewSigner returns a signer for key.
func NewSigner(key []byte) *Signer { return &Signer{key: key} }

// Sign returns the hex signature of the four frames.
func (s *Signer) Sign(frames [][]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, f := range frames {
		mac.Write(f)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Verify reports whether sig is the signature of the four frames, in
// constant time.
func (s *Signer) Verify(sig []byte, frames [][]byte) bool {
	if len(s.key) == 0 {
		return true
	}
	return hmac.Equal(s.Sign(frames), sig)
}

// Encode returns the wire frames of m (identities, delimiter, signature,
// header, parent header, metadata, content, buffers).
func (s *Signer) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent := []byte("{}")
	if m.ParentHeader.MsgID != "" {
		if parent, err = json.Marshal(m.ParentHeader); err != nil {
			return nil, err
		}
	}
	md := m.Metadata
	if md == nil {
		md = map[string]any{}
	}
	metadata, err := json.Marshal(md)
	if err != nil {
		return nil, err
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = []byte("{}")
	}
	body := [][]byte{header, parent, metadata, content}
	frames := append([][]byte{}, m.Identities...)
	frames = append(frames, []byte(delimiter), s.Sign(body))
	frames = append(frames, body...)
	return append(frames, m.Buffers...), nil
}

// Decode parses wire frames into a message after verifying the signature.
// A message with a bad or missing signature gives an error wrapping
// [ErrBadSignature].
func (s *Signer) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], []byte(delimiter)) {
		i++
	}
	if len(frames) < i+6 {
		return nil, fmt.Errorf("malformed message: %d frames, no %q delimiter followed by 5 frames", len(frames), delimiter)
	}
	body := frames[i+2 : i+6]
	if !s.Verify(frames[i+1], body) {
		return nil, fmt.Errorf("%w (message dropped: it was not signed with this connection's key)", ErrBadSignature)
	}
	m := &Message{Identities: frames[:i], Content: json.RawMessage(body[3]), Buffers: frames[i+6:]}
	if err := json.Unmarshal(body[0], &m.Header); err != nil {
		return nil, fmt.Errorf("decoding header: %w", err)
	}
	if err := json.Unmarshal(body[1], &m.ParentHeader); err != nil {
		return nil, fmt.Errorf("decoding parent header: %w", err)
	}
	if err := json.Unmarshal(body[2], &m.Metadata); err != nil {
		return nil, fmt.Errorf("decoding metadata: %w", err)
	}
	return m, nil
}

// NewMessage returns a message of type msgType in session with content
// (marshalled to JSON) and a fresh id.
func NewMessage(session, msgType string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, err
	}
	return &Message{
		Header: Header{MsgID: NewID(), Session: session, Username: "dlfun", MsgType: msgType,
			Version: ProtocolVersion, Date: time.Now().UTC().Format(time.RFC3339Nano)},
		Content: c,
	}, nil
}

// NewID returns a random 128-bit id in hex, used for message ids and sessions.
func NewID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}
