package gateway

import (
	"encoding/binary"
	"fmt"
)

// frameDecoder reassembles length-prefixed TCP frames from a byte stream
// delivered in arbitrary pieces. Between frames it holds no buffer (buf is
// nil): an idle connection costs only the struct.
type frameDecoder struct {
	hdr  [4]byte // a length prefix split across reads
	nhdr uint8   // bytes of hdr filled
	size uint32  // declared length of the frame in buf
	buf  []byte  // the frame being reassembled; nil between frames
}

// frameTooLargeError reports a length prefix over the limit.
type frameTooLargeError struct{ size uint32 }

func (e *frameTooLargeError) Error() string {
	return fmt.Sprintf("frame of %d bytes is over the limit", e.size)
}

// minFrameBuf is the smallest buffer allocated for a split frame.
const minFrameBuf = 512

// next consumes data up to the end of the next complete frame and returns
// that frame's bytes (ok is true; an empty frame is valid) and the rest of
// data. When data ends inside a frame, next keeps what it needs and returns
// ok false and an empty rest. A length over limit is a *frameTooLargeError,
// returned before anything is allocated for the frame; the decoder is then
// unusable.
//
// A frame that lies wholly in data is a sub-slice of data (no copy); a
// split frame is a buffer next allocated, never larger than the declared
// length. Either way the caller may use it only until the next call.
func (d *frameDecoder) next(data []byte, limit int) (frame []byte, ok bool, rest []byte, err error) {
	if d.buf == nil {
		var size uint32
		if d.nhdr == 0 && len(data) >= 4 {
			size = binary.BigEndian.Uint32(data)
			data = data[4:]
		} else {
			n := copy(d.hdr[d.nhdr:], data)
			d.nhdr += uint8(n)
			data = data[n:]
			if d.nhdr < 4 {
				return nil, false, data, nil
			}
			d.nhdr = 0
			size = binary.BigEndian.Uint32(d.hdr[:])
		}
		if uint64(size) > uint64(limit) {
			return nil, false, data, &frameTooLargeError{size: size}
		}
		if uint64(len(data)) >= uint64(size) {
			return data[:size:size], true, data[size:], nil
		}
		// Grow with what actually arrives rather than allocating the
		// declared size at once, so a client that announces a large frame
		// and then trickles costs memory in proportion to what it sent.
		d.size = size
		d.buf = make([]byte, 0, growFrameBuf(0, len(data), size))
	}
	n := min(int(d.size)-len(d.buf), len(data))
	if len(d.buf)+n > cap(d.buf) {
		nb := make([]byte, len(d.buf), growFrameBuf(cap(d.buf), len(d.buf)+n, d.size))
		copy(nb, d.buf)
		d.buf = nb
	}
	d.buf = append(d.buf, data[:n]...)
	data = data[n:]
	if len(d.buf) < int(d.size) {
		return nil, false, data, nil
	}
	frame = d.buf
	d.buf, d.size = nil, 0
	return frame, true, data, nil
}

// growFrameBuf picks the capacity for a split frame's buffer that must hold
// need bytes: doubling, at least minFrameBuf, never above the frame's size.
func growFrameBuf(oldCap, need int, size uint32) int {
	return min(max(2*oldCap, need, minFrameBuf), int(size))
}

// reset drops a partial frame.
func (d *frameDecoder) reset() {
	*d = frameDecoder{}
}
