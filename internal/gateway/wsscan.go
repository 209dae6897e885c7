package gateway

import "encoding/binary"

// wsScanner follows the frame headers of an inbound WebSocket stream so the
// gateway can refuse an oversized message with its own Error and
// Disconnect frames before nbio's parser buffers it (nbio would only answer
// with close code 1009). It copies nothing but headers split across reads.
//
// It tracks only frame boundaries and message lengths. Everything else
// about the protocol (masking, opcodes, UTF-8, control frame rules) is
// nbio's parser's job; nbio's MessageLengthLimit stays set to the same
// limit as a second line of defence.
type wsScanner struct {
	hdr    [14]byte // a frame header split across reads
	nhdr   uint8    // bytes of hdr filled
	skip   uint64   // payload bytes of the current frame not yet seen
	msgLen uint64   // payload bytes of the current data message so far
}

// scan looks at the next inbound bytes. It returns n, how many leading
// bytes of data may be passed to the parser: len(data) normally. When a
// data message would grow over limit, tooLarge is true, n is the offset in
// data where the offending frame's header starts (0 if it began in an
// earlier read), and size is the length the message would reach.
func (s *wsScanner) scan(data []byte, limit int) (n int, tooLarge bool, size uint64) {
	i := 0
	for i < len(data) {
		if s.skip > 0 {
			k := min(s.skip, uint64(len(data)-i))
			i += int(k)
			s.skip -= k
			continue
		}
		start := i - int(s.nhdr)
		for s.nhdr < 2 && i < len(data) {
			s.hdr[s.nhdr] = data[i]
			s.nhdr++
			i++
		}
		if s.nhdr < 2 {
			break
		}
		hl := 2
		switch s.hdr[1] & 0x7F {
		case 126:
			hl += 2
		case 127:
			hl += 8
		}
		if s.hdr[1]&0x80 != 0 {
			hl += 4 // masking key
		}
		for int(s.nhdr) < hl && i < len(data) {
			s.hdr[s.nhdr] = data[i]
			s.nhdr++
			i++
		}
		if int(s.nhdr) < hl {
			break
		}
		s.nhdr = 0
		var plen uint64
		switch l := s.hdr[1] & 0x7F; l {
		case 126:
			plen = uint64(binary.BigEndian.Uint16(s.hdr[2:]))
		case 127:
			plen = binary.BigEndian.Uint64(s.hdr[2:])
		default:
			plen = uint64(l)
		}
		if op := s.hdr[0] & 0x0F; op < opClose { // continuation, text, binary (or reserved: nbio refuses those)
			if plen > uint64(limit)-s.msgLen {
				return max(start, 0), true, satAdd(s.msgLen, plen)
			}
			if s.hdr[0]&0x80 != 0 { // FIN
				s.msgLen = 0
			} else {
				s.msgLen += plen
			}
		}
		s.skip = plen
	}
	return len(data), false, 0
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}
