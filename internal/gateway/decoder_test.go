package gateway

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// refDecode is the obvious whole-stream decoder the split decoder must
// agree with: the complete frames, and whether a too-large length came
// after them.
func refDecode(stream []byte, limit int) (frames [][]byte, tooLarge bool) {
	for len(stream) >= 4 {
		n := binary.BigEndian.Uint32(stream)
		if uint64(n) > uint64(limit) {
			return frames, true
		}
		if uint64(len(stream)-4) < uint64(n) {
			break
		}
		frames = append(frames, stream[4:4+n])
		stream = stream[4+n:]
	}
	return frames, false
}

// splitDecode feeds stream to a frameDecoder in pieces whose lengths come
// from cuts, checking the decoder's memory bound after every call.
func splitDecode(tb testing.TB, stream, cuts []byte, limit int) (frames [][]byte, tooLarge bool) {
	var d frameDecoder
	for k := 0; len(stream) > 0; k++ {
		n := len(stream)
		if len(cuts) > 0 {
			n = min(n, int(cuts[k%len(cuts)])+1)
		}
		piece := stream[:n]
		stream = stream[n:]
		for len(piece) > 0 {
			frame, ok, rest, err := d.next(piece, limit)
			if cap(d.buf) > int(d.size) || int(d.size) > limit {
				tb.Fatalf("buffer cap %d for a frame of %d (limit %d)", cap(d.buf), d.size, limit)
			}
			if len(rest) >= len(piece) && err == nil {
				tb.Fatalf("next consumed nothing of %d bytes", len(piece))
			}
			if err != nil {
				var tl *frameTooLargeError
				if !errors.As(err, &tl) {
					tb.Fatalf("unexpected error %v", err)
				}
				if d.buf != nil {
					tb.Fatal("buffer allocated for a too-large frame")
				}
				return frames, true
			}
			piece = rest
			if ok {
				frames = append(frames, bytes.Clone(frame))
			}
		}
	}
	return frames, false
}

func appendFrame(b []byte, payload []byte) []byte {
	return append(binary.BigEndian.AppendUint32(b, uint32(len(payload))), payload...)
}

func TestFrameDecoder(t *testing.T) {
	var stream []byte
	for i := range 50 {
		stream = appendFrame(stream, bytes.Repeat([]byte{byte(i)}, i*37))
	}
	want, _ := refDecode(stream, 4096)
	if len(want) != 50 {
		t.Fatalf("reference decoded %d frames", len(want))
	}
	for _, cuts := range [][]byte{nil, {0}, {1}, {2, 0, 5}, {3}, {200, 7}, {255}} {
		got, tooLarge := splitDecode(t, stream, cuts, 4096)
		if tooLarge || len(got) != len(want) {
			t.Fatalf("cuts %v: %d frames (too large %v), want %d", cuts, len(got), tooLarge, len(want))
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("cuts %v: frame %d differs", cuts, i)
			}
		}
	}

	// Between frames the decoder holds no buffer; a split frame's buffer
	// goes away once the frame is complete.
	var d frameDecoder
	f := appendFrame(nil, make([]byte, 3000))
	if _, ok, _, _ := d.next(f[:100], 4096); ok || d.buf == nil {
		t.Fatal("partial frame not buffered")
	}
	if _, ok, _, _ := d.next(f[100:], 4096); !ok || d.buf != nil {
		t.Fatal("buffer kept after the frame completed")
	}

	// Too large: detected from the prefix alone, even split.
	d = frameDecoder{}
	hdr := binary.BigEndian.AppendUint32(nil, 4097)
	if _, ok, _, err := d.next(hdr[:3], 4096); ok || err != nil {
		t.Fatal("decided on 3 bytes of prefix")
	}
	if _, _, _, err := d.next(hdr[3:], 4096); err == nil || d.buf != nil {
		t.Fatalf("got %v, buffer %d bytes; want too large, no buffer", err, cap(d.buf))
	}
}

// FuzzFrameDecoder checks that the TCP frame decoder never panics, never
// allocates more than the declared frame length (at most the limit), and
// decodes the same frames whatever the read boundaries.
func FuzzFrameDecoder(f *testing.F) {
	f.Add(appendFrame(appendFrame(nil, []byte("hello")), []byte{}), []byte{0}, uint16(64))
	f.Add(appendFrame(nil, make([]byte, 300)), []byte{3, 100}, uint16(1024))
	f.Add(binary.BigEndian.AppendUint32(nil, 1<<31), []byte{1}, uint16(1024))
	f.Add([]byte{0, 0, 1}, []byte{}, uint16(0))
	f.Fuzz(func(t *testing.T, stream, cuts []byte, limit uint16) {
		want, wantTooLarge := refDecode(stream, int(limit))
		got, gotTooLarge := splitDecode(t, stream, cuts, int(limit))
		if gotTooLarge != wantTooLarge || len(got) != len(want) {
			t.Fatalf("got %d frames (too large %v), want %d (too large %v)", len(got), gotTooLarge, len(want), wantTooLarge)
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("frame %d differs", i)
			}
		}
	})
}
