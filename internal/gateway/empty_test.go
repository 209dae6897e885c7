package gateway

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// wantEmptyFrameError checks the one documented answer to an empty frame.
func wantEmptyFrameError(tb testing.TB, f *chorusv1.Frame) {
	tb.Helper()
	wantError(tb, f, chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME)
	if m := f.GetError().GetMessage(); m != "the frame is empty" {
		tb.Fatalf("error message %q, want %q", m, "the frame is empty")
	}
}

// The same empty input gets the same answer on every transport, before
// and after auth, and the connection stays open. The ping after each one
// shows that nothing else was sent in between and the conn still serves.
func TestEmptyFrameTCP(t *testing.T) {
	s := startGateway(t, Config{AuthTimeout: time.Hour})
	c := dialTCP(t, s.tcp)
	for i, authed := range []bool{false, true} {
		if authed {
			c.send(authFrame(1, "alice"))
			c.read()
		}
		c.writeRaw([]byte{0, 0, 0, 0})
		c.send(pingFrame(uint64(10 + i)))
		wantEmptyFrameError(t, c.read())
		if f := c.read(); f.GetPong() == nil || f.GetId() != uint64(10+i) {
			t.Fatalf("authed %v: got %v, want pong %d", authed, f, 10+i)
		}
	}
	for _, f := range s.h.allFrames() {
		if f.GetAuth() == nil {
			t.Errorf("the Handler saw %v; empty frames are the gateway's to answer", f)
		}
	}
}

func TestEmptyMessageWebSocket(t *testing.T) {
	s := startGateway(t, Config{AuthTimeout: time.Hour})
	for _, sub := range []string{SubprotocolProto, SubprotocolJSON} {
		for _, typ := range []websocket.MessageType{websocket.MessageBinary, websocket.MessageText} {
			t.Run(sub+"/"+typ.String(), func(t *testing.T) {
				c := dialWS(t, s.wsURL, sub)
				for i, authed := range []bool{false, true} {
					if authed {
						c.send(authFrame(1, "alice"))
						c.read()
					}
					c.write(typ, nil)
					c.send(pingFrame(uint64(10 + i)))
					wantEmptyFrameError(t, c.read())
					if f := c.read(); f.GetPong() == nil || f.GetId() != uint64(10+i) {
						t.Fatalf("authed %v: got %v, want pong %d", authed, f, 10+i)
					}
				}
			})
		}
	}
}

// rawWS is a WebSocket client that writes frames byte by byte as the test
// says, for fragmentations a library would not produce.
type rawWS struct {
	tb testing.TB
	net.Conn
	r *bufio.Reader
}

func dialRawWS(tb testing.TB, wsURL string) *rawWS {
	tb.Helper()
	u, err := url.Parse(wsURL)
	if err != nil {
		tb.Fatal(err)
	}
	nc, err := net.Dial("tcp", u.Host)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { nc.Close() })
	c := &rawWS{tb: tb, Conn: nc, r: bufio.NewReader(nc)}
	c.write([]byte("GET /ws HTTP/1.1\r\nHost: " + u.Host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
	nc.SetReadDeadline(time.Now().Add(waitTimeout))
	status, err := c.r.ReadString('\n')
	if err != nil || status != "HTTP/1.1 101 Switching Protocols\r\n" {
		tb.Fatalf("handshake: %q, %v", status, err)
	}
	for {
		l, err := c.r.ReadString('\n')
		if err != nil {
			tb.Fatalf("handshake: %v", err)
		}
		if l == "\r\n" {
			return c
		}
	}
}

func (c *rawWS) write(b []byte) {
	c.tb.Helper()
	if _, err := c.Write(b); err != nil {
		c.tb.Fatalf("write: %v", err)
	}
}

// frame writes one masked client frame.
func (c *rawWS) frame(fin bool, op byte, payload []byte) {
	c.tb.Helper()
	b0 := op
	if fin {
		b0 |= 0x80
	}
	if len(payload) > 125 {
		c.tb.Fatal("rawWS writes short frames only")
	}
	key := [4]byte{1, 2, 3, 4}
	b := append([]byte{b0, 0x80 | byte(len(payload))}, key[:]...)
	for i, p := range payload {
		b = append(b, p^key[i%4])
	}
	c.write(b)
}

// next reads one server frame (the server never fragments or masks).
func (c *rawWS) next() (op byte, payload []byte) {
	c.tb.Helper()
	c.SetReadDeadline(time.Now().Add(waitTimeout))
	var h [2]byte
	if _, err := io.ReadFull(c.r, h[:]); err != nil {
		c.tb.Fatalf("read frame header: %v", err)
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var l [2]byte
		if _, err := io.ReadFull(c.r, l[:]); err != nil {
			c.tb.Fatal(err)
		}
		n = uint64(binary.BigEndian.Uint16(l[:]))
	case 127:
		var l [8]byte
		if _, err := io.ReadFull(c.r, l[:]); err != nil {
			c.tb.Fatal(err)
		}
		n = binary.BigEndian.Uint64(l[:])
	}
	payload = make([]byte, n)
	if _, err := io.ReadFull(c.r, payload); err != nil {
		c.tb.Fatalf("read frame payload: %v", err)
	}
	return h[0] & 0x0F, payload
}

// read reads one binary message and decodes it as a Frame.
func (c *rawWS) read() *chorusv1.Frame {
	c.tb.Helper()
	op, p := c.next()
	if op != opBinary {
		c.tb.Fatalf("got opcode %d (%q), want a binary message", op, p)
	}
	f := new(chorusv1.Frame)
	if err := proto.Unmarshal(p, f); err != nil {
		c.tb.Fatal(err)
	}
	return f
}

// A message is empty when all of its fragments are; control frames in
// between are answered on their own and change nothing.
func TestEmptyFragmentedMessageWebSocket(t *testing.T) {
	s := startGateway(t, Config{AuthTimeout: time.Hour})
	c := dialRawWS(t, s.wsURL)
	ping, _ := proto.Marshal(pingFrame(5))
	send, _ := proto.Marshal(sendFrame(6, "g:x"))

	// Three empty fragments with an empty ping between: one error, after
	// the WebSocket pong.
	c.frame(false, opText, nil)
	c.frame(false, 0, nil)
	c.frame(true, opPing, nil)
	c.frame(true, 0, nil)
	c.frame(true, opBinary, ping)
	if op, p := c.next(); op != opPong || len(p) != 0 {
		t.Fatalf("got opcode %d %q, want an empty pong", op, p)
	}
	wantEmptyFrameError(t, c.read())
	if f := c.read(); f.GetPong() == nil || f.GetId() != 5 {
		t.Fatalf("got %v, want pong 5", f)
	}

	// Empty first and last fragments around real bytes: not empty.
	c.frame(false, opBinary, nil)
	c.frame(false, 0, ping[:2])
	c.frame(true, 0, ping[2:])
	if f := c.read(); f.GetPong() == nil || f.GetId() != 5 {
		t.Fatalf("got %v, want pong 5", f)
	}
	c.frame(false, opBinary, send)
	c.frame(true, 0, nil)
	wantAck(t, c.read(), 6, "g:x")

	// An empty message in the same write as others is answered in order.
	var b bytes.Buffer
	key := []byte{0x80 | opBinary, 0x80, 9, 9, 9, 9} // empty, masked
	b.Write(key)
	for _, m := range [][]byte{ping} {
		b.Write([]byte{0x80 | opBinary, 0x80 | byte(len(m)), 0, 0, 0, 0})
		b.Write(m) // a zero mask leaves the payload as it is
	}
	b.Write(key)
	c.write(b.Bytes())
	wantEmptyFrameError(t, c.read())
	if f := c.read(); f.GetPong() == nil || f.GetId() != 5 {
		t.Fatalf("got %v, want pong 5", f)
	}
	wantEmptyFrameError(t, c.read())
	c.frame(true, opBinary, ping)
	if f := c.read(); f.GetPong() == nil {
		t.Fatalf("got %v, want pong", f)
	}
	for _, f := range s.h.allFrames() {
		if f.GetSend() == nil {
			t.Errorf("the Handler saw %v", f)
		}
	}
}
