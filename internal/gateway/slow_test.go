package gateway

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
)

// internetMSS is the segment size of a path with a 1500-byte MTU. On
// loopback (64 KiB segments) the kernel gives a socket a send buffer of
// several MiB; with this MSS it gives one the size a client across the
// internet gets, and charges more memory per byte (a buffer per segment).
const internetMSS = 1448

// clientDialer makes the client sockets of the slow consumer tests; mss 0
// keeps loopback's.
func clientDialer(mss int) *net.Dialer {
	return &net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		var err error
		if mss > 0 {
			rc.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, mss) })
		}
		return err
	}}
}

// slowClient is a client that stops reading; it reads everything at the
// end of the test.
type slowClient struct {
	// next returns the next frame, or the error that ended the stream:
	// io.EOF (TCP), a close error (WebSocket), or another error when the
	// stream broke off inside a frame.
	next func() (*chorusv1.Frame, error)
	// end checks what follows a Disconnect with code: EOF on TCP, the
	// close frame with that code on WebSocket.
	end func(tb testing.TB, code chorusv1.DisconnectCode)
}

func dialSlow(tb testing.TB, s *testServer, transport string, mss int) *slowClient {
	tb.Helper()
	dialer := clientDialer(mss)
	switch transport {
	case "tcp":
		nc, err := dialer.Dial("tcp", s.tcp)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { nc.Close() })
		c := &tcpClient{tb: tb, Conn: nc, r: bufio.NewReader(nc)}
		c.send(authFrame(1, "slow"))
		c.read()
		return &slowClient{next: c.next, end: func(tb testing.TB, _ chorusv1.DisconnectCode) { tb.Helper(); c.expectEOF() }}
	default:
		var subprotocols []string
		if transport == "ws-json" {
			subprotocols = []string{SubprotocolJSON}
		}
		hc := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		wc, _, err := websocket.Dial(ctx, s.wsURL, &websocket.DialOptions{Subprotocols: subprotocols, HTTPClient: hc})
		if err != nil {
			tb.Fatal(err)
		}
		wc.SetReadLimit(-1)
		tb.Cleanup(func() { wc.CloseNow() })
		c := &wsClient{tb: tb, Conn: wc, json: wc.Subprotocol() == SubprotocolJSON}
		c.send(authFrame(1, "slow"))
		c.read()
		next := func() (*chorusv1.Frame, error) {
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			_, b, err := c.Read(ctx)
			if err != nil {
				return nil, err
			}
			f := new(chorusv1.Frame)
			if c.json {
				err = protojson.Unmarshal(b, f)
			} else {
				err = proto.Unmarshal(b, f)
			}
			return f, err
		}
		return &slowClient{next: next, end: func(tb testing.TB, code chorusv1.DisconnectCode) {
			tb.Helper()
			c.expectClose(websocket.StatusCode(code))
		}}
	}
}

// bulkPayload is the data of push i: sizes vary so that frame boundaries
// fall anywhere in the socket's buffer.
func bulkPayload(i int) []byte {
	return bytes.Repeat([]byte{byte(i)}, 1000+(i*7919)%6000)
}

// pushUntilRefused pushes numbered notifications at c until Send refuses
// and returns how many it took. It paces the pushes so that the flusher
// keeps up and the socket's buffers fill before the write queue does, as
// with a client that stopped reading while traffic trickles in. (Without
// pacing the queue would overflow first and the socket never fill; the
// tests would still pass, only prove less.)
func pushUntilRefused(tb testing.TB, c Conn) int {
	tb.Helper()
	for i := 1; ; i++ {
		o := NewOutgoing(&chorusv1.Frame{Id: uint64(i), Body: &chorusv1.Frame_Notification{
			Notification: &chorusv1.Notification{Type: "bulk", Data: bulkPayload(i)},
		}})
		if !c.Send(o) {
			return i - 1
		}
		if i > 200000 { // over 700 MB
			tb.Fatal("Send never refused")
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// readToDisconnect reads what a slow consumer's socket still holds: whole
// frames in order, each intact, then the Disconnect with code, then the
// end.
func readToDisconnect(tb testing.TB, c *slowClient, sent int, code chorusv1.DisconnectCode) {
	tb.Helper()
	for i := 1; ; i++ {
		f, err := c.next()
		if err != nil {
			tb.Fatalf("after %d whole frames (of %d sent) the stream ended without a disconnect: %v", i-1, sent, err)
		}
		if d := f.GetDisconnect(); d != nil {
			wantDisconnect(tb, f, code)
			tb.Logf("read %d whole frames of %d sent, then the disconnect", i-1, sent)
			c.end(tb, code)
			return
		}
		if f.GetId() != uint64(i) || !bytes.Equal(f.GetNotification().GetData(), bulkPayload(i)) {
			tb.Fatalf("frame %d: got id %d with %d bytes", i, f.GetId(), len(f.GetNotification().GetData()))
		}
	}
}

// A deliberate close of a client that stopped reading, with frames still
// queued for it, also ends with whole frames and then the Disconnect: the
// frames that found no room are dropped for it.
func TestCloseOfAClientThatStoppedReading(t *testing.T) {
	for _, transport := range []string{"tcp", "ws"} {
		t.Run(transport, func(t *testing.T) {
			s := startGateway(t, Config{WriteQueueBytes: 256 << 20, CloseTimeout: 400 * time.Millisecond,
				IdleTimeout: time.Hour, AuthTimeout: time.Hour})
			c := dialSlow(t, s, transport, 0)
			sc := s.h.connWith(t, 1).(*conn)
			// Fill the socket, then queue as much again behind it.
			sent, extra := 0, -1
			for extra != 0 {
				sent++
				sc.Send(NewOutgoing(&chorusv1.Frame{Id: uint64(sent), Body: &chorusv1.Frame_Notification{
					Notification: &chorusv1.Notification{Type: "bulk", Data: bulkPayload(sent)},
				}}))
				switch {
				case extra > 0:
					extra--
				case sent%20 == 0:
					full := false
					waitFor(t, "the flusher", func() (ok bool) {
						full, ok = flushedOrFull(sc)
						return ok
					})
					if full {
						extra = 20
					}
				}
			}
			code := chorusv1.DisconnectCode_DISCONNECT_CODE_KICKED
			sc.Close(im.Disconnect(code, "closed while not reading"))
			wantDisconnectError(t, s.h.closeErr(t, sc.ID()), code)
			readToDisconnect(t, c, sent, code)
		})
	}
}

// A client that stopped reading is dropped as a slow consumer. When it
// reads again, even after the close timeout dropped the socket, it finds
// whole frames, then the Disconnect, then the end of the stream: never a
// frame cut off.
func TestSlowConsumerLearnsWhy(t *testing.T) {
	for _, transport := range []string{"tcp", "ws", "ws-json"} {
		for _, mss := range []int{internetMSS, 0} {
			t.Run(fmt.Sprintf("%s/mss=%d", transport, mss), func(t *testing.T) {
				testSlowConsumerLearnsWhy(t, transport, mss)
			})
		}
	}
}

func testSlowConsumerLearnsWhy(t *testing.T, transport string, mss int) {
	s := startGateway(t, Config{WriteQueueBytes: 64 << 10, CloseTimeout: 200 * time.Millisecond,
		IdleTimeout: time.Hour, AuthTimeout: time.Hour})
	c := dialSlow(t, s, transport, mss)
	sc := s.h.connWith(t, 1)
	sent := pushUntilRefused(t, sc)
	// The client never closes its side, so the close timeout ends
	// the connection on the server: what the client reads next is
	// what the kernel still holds for it.
	wantDisconnectError(t, s.h.closeErr(t, sc.ID()), chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER)
	if d := s.h.closingOf(sc.ID()); d == nil || d.Code != chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER {
		t.Fatalf("HandleClosing got %v, want SLOW_CONSUMER", d)
	}
	readToDisconnect(t, c, sent, chorusv1.DisconnectCode_DISCONNECT_CODE_SLOW_CONSUMER)
}
