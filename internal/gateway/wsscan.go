package gateway

import "encoding/binary"

// wsScanner follows the frame headers of an inbound WebSocket stream so the
// gateway can refuse an oversized message with its own Error and
// Disconnect frames before nbio's parser buffers it (nbio would only answer
// with close code 1009). It copies nothing but headers split across reads.
//
// It also finds empty data messages (every fragment empty), which nbio's
// parser drops without calling OnMessage (v1.6.8 only delivers a message
// whose payload buffer was ever allocated), so that the gateway can answer
// them as it answers an empty TCP frame.
//
// It tracks only frame boundaries, message lengths and the opcode of the
// message being assembled. Everything else about the protocol (masking,
// UTF-8, control frame rules, stray continuations) is nbio's parser's job;
// nbio's MessageLengthLimit stays set to the same limit as a second line
// of defence.
type wsScanner struct {
	hdr    [14]byte // a frame header split across reads
	nhdr   uint8    // bytes of hdr filled
	msgOp  uint8    // opText or opBinary while a data message is open, else 0
	skip   uint64   // payload bytes of the current frame not yet seen
	msgLen uint64   // payload bytes of the current data message so far
}

// scanEvent is what scan found that the caller must act on.
type scanEvent uint8

const (
	scanPass     scanEvent = iota // nothing: pass all of data to the parser
	scanTooLarge                  // a data message grows over the limit
	scanEmpty                     // an empty data message ends at data[:n]
)

// scanResult is scan's answer.
type scanResult struct {
	// n is how many leading bytes of data may be passed to the parser.
	n  int
	ev scanEvent
	// size is the length the message would reach, for scanTooLarge.
	size uint64
	// text is whether the empty message was a text message, for scanEmpty.
	text bool
}

// scan looks at the next inbound bytes. Normally it passes them all (n is
// len(data)). When a data message would grow over limit it reports
// scanTooLarge, with n the offset in data where the offending frame's
// header starts (0 if it began in an earlier read). When an empty data
// message ends it reports scanEmpty with n just past that message's last
// frame; the caller passes data[:n] on, answers the empty message, and
// scans data[n:] next, so that answers keep the order of the messages.
func (s *wsScanner) scan(data []byte, limit int) scanResult {
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
				return scanResult{n: max(start, 0), ev: scanTooLarge, size: satAdd(s.msgLen, plen)}
			}
			if op == opText || op == opBinary {
				s.msgOp = op
			}
			if s.hdr[0]&0x80 == 0 { // not FIN
				s.msgLen += plen
			} else {
				// A stray continuation (msgOp 0) is not a message: nbio
				// drops it when empty and closes the connection otherwise.
				empty := s.msgOp != 0 && op <= opBinary && s.msgLen == 0 && plen == 0
				text := s.msgOp == opText
				s.msgLen, s.msgOp = 0, 0
				if empty {
					return scanResult{n: i, ev: scanEmpty, text: text}
				}
			}
		}
		s.skip = plen
	}
	return scanResult{n: len(data)}
}

func satAdd(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}
