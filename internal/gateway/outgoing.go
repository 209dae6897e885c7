package gateway

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// wire is the on-the-wire form a connection needs.
type wire uint8

const (
	wireTCP      wire = iota // 4-byte big-endian length + protobuf
	wireWSBinary             // WebSocket binary message + protobuf
	wireWSText               // WebSocket text message + protojson
	numWires
)

// WebSocket opcodes (RFC 6455, section 5.2).
const (
	opText   = 0x1
	opBinary = 0x2
	opClose  = 0x8
	opPing   = 0x9
	opPong   = 0xA
)

// Outgoing is one server frame ready to be sent to any number of
// connections. Each wire form (TCP, WebSocket binary, WebSocket JSON) is
// encoded at most once, when the first connection that needs it sends it,
// and the bytes are shared by every connection it is sent to: a push to a
// group of 100,000 costs one encoding, not 100,000.
//
// An Outgoing made by NewOutgoingBatch carries several frames, sent back
// to back in one write: a burst of messages to a large group costs each
// connection one syscall, not one per message.
//
// The frames must not be modified after NewOutgoing. An Outgoing is safe
// for concurrent use.
type Outgoing struct {
	frame *chorusv1.Frame
	more  []*chorusv1.Frame // after frame, for a batch
	enc   [numWires]encoding
}

type encoding struct {
	once     sync.Once
	b        []byte
	err      error
	reported atomic.Bool // err was logged (once, not once per recipient)
}

// NewOutgoing wraps f for sending. It does not encode anything yet.
func NewOutgoing(f *chorusv1.Frame) *Outgoing {
	return &Outgoing{frame: f}
}

// NewOutgoingBatch wraps frames (at least one) for sending together, in
// order.
func NewOutgoingBatch(frames []*chorusv1.Frame) *Outgoing {
	return &Outgoing{frame: frames[0], more: frames[1:]}
}

// Frame returns the (first) frame o carries. It must not be modified.
func (o *Outgoing) Frame() *chorusv1.Frame { return o.frame }

// bytes returns o encoded for w, encoding it on first use.
func (o *Outgoing) bytes(w wire) ([]byte, error) {
	e := &o.enc[w]
	e.once.Do(func() {
		e.b, e.err = encodeFrame(o.frame, w)
		for _, f := range o.more {
			if e.err != nil {
				return
			}
			var b []byte
			b, e.err = encodeFrame(f, w)
			e.b = append(e.b, b...)
		}
	})
	return e.b, e.err
}

// marshalCached reuses the sizes proto.Size just computed instead of
// walking the message twice.
var marshalCached = proto.MarshalOptions{UseCachedSize: true}

func encodeFrame(f *chorusv1.Frame, w wire) ([]byte, error) {
	if w == wireWSText {
		j, err := protojson.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("gateway: encode frame as JSON: %w", err)
		}
		b := make([]byte, wsHeaderLen(len(j)), wsHeaderLen(len(j))+len(j))
		putWSHeader(b, opText, len(j))
		return append(b, j...), nil
	}
	n := proto.Size(f)
	if n > math.MaxUint32 {
		return nil, errors.New("gateway: frame over 4 GiB")
	}
	var hl int
	if w == wireTCP {
		hl = 4
	} else {
		hl = wsHeaderLen(n)
	}
	b := make([]byte, hl, hl+n)
	if w == wireTCP {
		binary.BigEndian.PutUint32(b, uint32(n))
	} else {
		putWSHeader(b, opBinary, n)
	}
	b, err := marshalCached.MarshalAppend(b, f)
	if err != nil {
		return nil, fmt.Errorf("gateway: encode frame: %w", err)
	}
	if len(b) != hl+n {
		// Only possible when the frame was modified while being encoded.
		return nil, errors.New("gateway: frame changed while being encoded")
	}
	return b, nil
}

// wsHeaderLen is the length of an unmasked server frame header for a
// payload of n bytes.
func wsHeaderLen(n int) int {
	switch {
	case n < 126:
		return 2
	case n <= math.MaxUint16:
		return 4
	default:
		return 10
	}
}

// putWSHeader writes a final (FIN) unmasked frame header with opcode op for
// a payload of n bytes into b[:wsHeaderLen(n)].
func putWSHeader(b []byte, op byte, n int) {
	b[0] = 0x80 | op
	switch {
	case n < 126:
		b[1] = byte(n)
	case n <= math.MaxUint16:
		b[1] = 126
		binary.BigEndian.PutUint16(b[2:], uint16(n))
	default:
		b[1] = 127
		binary.BigEndian.PutUint64(b[2:], uint64(n))
	}
}

// wsControl returns a control frame (close, ping, pong) with payload p,
// which the caller keeps within 125 bytes.
func wsControl(op byte, p []byte) []byte {
	b := make([]byte, 2+len(p))
	putWSHeader(b, op, len(p))
	copy(b[2:], p)
	return b
}

// wsCloseFrame returns the close frame for a Disconnect: its code when it
// is a valid application close code (3000-4999), else 1000, and its reason
// cut to the 123 bytes a close frame has room for.
func wsCloseFrame(code chorusv1.DisconnectCode, reason string) []byte {
	c := int(code)
	if c < 3000 || c > 4999 {
		c = 1000
	}
	const maxReason = 125 - 2
	if len(reason) > maxReason {
		reason = reason[:maxReason]
		for len(reason) > 0 && !utf8.ValidString(reason) {
			reason = reason[:len(reason)-1]
		}
	}
	p := make([]byte, 2+len(reason))
	binary.BigEndian.PutUint16(p, uint16(c))
	copy(p[2:], reason)
	return wsControl(opClose, p)
}
