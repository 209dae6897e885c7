package gateway

import (
	"encoding/binary"
	"fmt"
	"testing"
)

// wsFrame builds a client frame (masked) with the given opcode, FIN bit and
// payload length; the payload is zeros.
func wsFrame(op byte, fin bool, n int) []byte {
	b := []byte{op, 0x80}
	if fin {
		b[0] |= 0x80
	}
	switch {
	case n < 126:
		b[1] |= byte(n)
	case n <= 0xFFFF:
		b[1] |= 126
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b[1] |= 127
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	b = append(b, 1, 2, 3, 4) // masking key
	return append(b, make([]byte, n)...)
}

// scanAll feeds stream to a wsScanner in pieces whose lengths come from
// cuts and returns the stream offset where it refused, or -1.
func scanAll(stream, cuts []byte, limit int) int {
	var s wsScanner
	pos := 0
	for k := 0; pos < len(stream); k++ {
		n := len(stream) - pos
		if len(cuts) > 0 {
			n = min(n, int(cuts[k%len(cuts)])+1)
		}
		piece := stream[pos : pos+n]
		for {
			r := s.scan(piece, limit)
			if r.ev == scanTooLarge {
				return pos + r.n
			}
			if r.ev == scanEmpty {
				piece = piece[r.n:]
				pos += r.n
				continue
			}
			if r.n != len(piece) {
				panic("scan passed part of a read without an event")
			}
			pos += r.n
			break
		}
	}
	return -1
}

// emptyAt feeds stream to a wsScanner in pieces whose lengths come from
// cuts and returns the stream offsets where it reported empty messages.
func emptyAt(stream, cuts []byte, limit int) (at []int, text []bool) {
	var s wsScanner
	pos := 0
	for k := 0; pos < len(stream); k++ {
		n := len(stream) - pos
		if len(cuts) > 0 {
			n = min(n, int(cuts[k%len(cuts)])+1)
		}
		piece := stream[pos : pos+n]
		for len(piece) > 0 {
			r := s.scan(piece, limit)
			if r.ev == scanTooLarge {
				return at, text
			}
			piece = piece[r.n:]
			pos += r.n
			if r.ev == scanEmpty {
				at = append(at, pos)
				text = append(text, r.text)
			}
		}
	}
	return at, text
}

func TestWSScannerEmptyMessages(t *testing.T) {
	var stream []byte
	var want []int
	mark := func() { want = append(want, len(stream)) }
	stream = append(stream, wsFrame(opBinary, true, 0)...)
	mark()
	stream = append(stream, wsFrame(opText, true, 3)...) // not empty
	stream = append(stream, wsFrame(opText, false, 0)...)
	stream = append(stream, wsFrame(opPing, true, 0)...) // control frames change nothing
	stream = append(stream, wsFrame(0, false, 0)...)
	stream = append(stream, wsFrame(opClose+2, true, 0)...) // a pong
	stream = append(stream, wsFrame(0, true, 0)...)
	mark()
	stream = append(stream, wsFrame(opBinary, false, 0)...)
	stream = append(stream, wsFrame(0, true, 1)...) // the last fragment has a byte
	stream = append(stream, wsFrame(opBinary, false, 1)...)
	stream = append(stream, wsFrame(0, true, 0)...) // the first one has
	stream = append(stream, wsFrame(0, true, 0)...) // a stray continuation is not a message
	stream = append(stream, wsFrame(opText, true, 0)...)
	mark()
	for _, cuts := range [][]byte{nil, {0}, {1, 2, 3}, {5}, {255}} {
		at, text := emptyAt(stream, cuts, 1000)
		if fmt.Sprint(at) != fmt.Sprint(want) || fmt.Sprint(text) != "[false true true]" {
			t.Errorf("cuts %v: empty messages end at %v (text %v), want %v (text [false true true])", cuts, at, text, want)
		}
	}
}

func TestWSScanner(t *testing.T) {
	const limit = 1000
	var ok []byte
	ok = append(ok, wsFrame(opBinary, true, 1000)...)
	ok = append(ok, wsFrame(opText, false, 400)...)
	ok = append(ok, wsFrame(opPing, true, 125)...) // control frames do not count
	ok = append(ok, wsFrame(0, false, 500)...)
	ok = append(ok, wsFrame(0, true, 100)...) // 1000 in all: fine
	ok = append(ok, wsFrame(opBinary, true, 0)...)
	for _, cuts := range [][]byte{nil, {0}, {1, 2, 3}, {13}, {255}} {
		if at := scanAll(ok, cuts, limit); at != -1 {
			t.Fatalf("cuts %v: refused a valid stream at %d", cuts, at)
		}
	}

	for _, tc := range []struct {
		name  string
		bad   []byte
		first int // bytes before the offending header in bad
	}{
		{"one frame", wsFrame(opBinary, true, 1001), 0},
		{"16-bit length", wsFrame(opBinary, true, 70000), 0},
		{"fragments", append(wsFrame(opBinary, false, 600), wsFrame(0, true, 401)...), 600 + 8},
		{"huge 64-bit length", append([]byte{0x82, 0xFF}, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4), 0},
	} {
		stream := append(append([]byte(nil), ok...), tc.bad...)
		for _, cuts := range [][]byte{nil, {0}, {5, 1}, {200}} {
			if at := scanAll(stream, cuts, limit); at != len(ok)+tc.first {
				// With the header split across reads the refusal comes at
				// the start of the read that completes it.
				if at < len(ok)+tc.first || at > len(ok)+tc.first+14 {
					t.Errorf("%s, cuts %v: refused at %d, want %d", tc.name, cuts, at, len(ok)+tc.first)
				}
			}
		}
	}
}

// FuzzWSScanner checks that the scanner never panics on arbitrary bytes and
// refuses at the same frame whatever the read boundaries.
func FuzzWSScanner(f *testing.F) {
	f.Add(append(wsFrame(opBinary, false, 600), wsFrame(0, true, 401)...), []byte{3}, uint16(1000))
	f.Add(wsFrame(opText, true, 130), []byte{}, uint16(129))
	f.Fuzz(func(t *testing.T, stream, cuts []byte, limit uint16) {
		whole := scanAll(stream, nil, int(limit))
		split := scanAll(stream, cuts, int(limit))
		if (whole == -1) != (split == -1) || split < whole || split-whole > 14 {
			t.Fatalf("whole stream refused at %d, split at %d", whole, split)
		}
		if whole == -1 {
			a, _ := emptyAt(stream, nil, int(limit))
			b, _ := emptyAt(stream, cuts, int(limit))
			if fmt.Sprint(a) != fmt.Sprint(b) {
				t.Fatalf("empty messages at %v in the whole stream, at %v split", a, b)
			}
		}
	})
}
