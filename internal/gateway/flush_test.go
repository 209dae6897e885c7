package gateway

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// socketFull reports whether c's socket has no room for the frame at the
// head of c's queue, so that it waits there, or nbio's write cache holds
// bytes for it. The caller must not hold c.mu: measuring takes the nbio
// conn's lock, which comes first.
func socketFull(c *conn) bool {
	c.mu.Lock()
	n := 0
	if len(c.queue) > int(c.nfinal) {
		n = len(c.queue[0])
	}
	c.mu.Unlock()
	if c.nbioPending.Load() > 0 {
		return true
	}
	room, _, err := c.sockRoom()
	return n > 0 && err == nil && room < writeCost(n)+closeReserve
}

// flushedOrFull reports whether c's flusher wrote all it had, or stopped
// because the socket is full.
func flushedOrFull(c *conn) (full bool, ok bool) {
	c.mu.Lock()
	idle := c.queued+c.inflight == 0
	c.mu.Unlock()
	full = socketFull(c)
	return full, idle || full
}

// TestBackpressureKeepsOrder pushes frames of many sizes at a client that
// does not read until the socket is full and frames wait for room, then
// reads them all: every frame must arrive once, intact and in order
// through partial batches, retries and flushes. With an internet-sized
// send buffer some frames are larger than the buffer could ever hold.
func TestBackpressureKeepsOrder(t *testing.T) {
	for _, transport := range []string{"tcp", "ws", "ws-json"} {
		for _, mss := range []int{internetMSS, 0} {
			t.Run(fmt.Sprintf("%s/mss=%d", transport, mss), func(t *testing.T) {
				testBackpressureKeepsOrder(t, transport, mss)
			})
		}
	}
}

func testBackpressureKeepsOrder(t *testing.T, transport string, mss int) {
	s := startGateway(t, Config{WriteQueueBytes: 256 << 20})
	c := dialSlow(t, s, transport, mss)
	sc := s.h.connWith(t, 1).(*conn)

	const large = 150 << 10 // over the send buffer with internetMSS
	payload := func(i int) []byte {
		if mss > 0 && i%40 == 0 {
			return bytes.Repeat([]byte{byte(i)}, large)
		}
		return bytes.Repeat([]byte{byte(i)}, (i*7919)%5000)
	}
	// Send until the socket is full, then as many again.
	n, extra := 0, -1
	for extra != 0 {
		n++
		o := NewOutgoing(&chorusv1.Frame{Id: uint64(n), Body: &chorusv1.Frame_Notification{
			Notification: &chorusv1.Notification{Type: "seq", Data: payload(n)},
		}})
		if !sc.Send(o) {
			t.Fatalf("Send %d refused", n)
		}
		switch {
		case extra > 0:
			extra--
		case n%20 == 0:
			full := false
			waitFor(t, "the flusher", func() (ok bool) {
				full, ok = flushedOrFull(sc)
				return ok
			})
			if full {
				extra = n
			} else if n > 100000 {
				t.Fatal("the socket never filled")
			}
		}
	}
	t.Logf("sent %d frames", n)
	for i := 1; i <= n; i++ {
		f, err := c.next()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if f.GetId() != uint64(i) || !bytes.Equal(f.GetNotification().GetData(), payload(i)) {
			t.Fatalf("frame %d: got id %d with %d bytes", i, f.GetId(), len(f.GetNotification().GetData()))
		}
	}
	waitFor(t, "queue and cache empty", func() bool {
		sc.mu.Lock()
		defer sc.mu.Unlock()
		return sc.queue == nil && sc.queued == 0 && sc.inflight == 0 && sc.nbioPending.Load() == 0 && !sc.scheduled
	})
}

// A frame larger than the socket's send buffer could ever hold still goes
// out, in pieces, the rest through nbio's write cache, and what follows
// it waits for it.
func TestFrameLargerThanSendBuffer(t *testing.T) {
	s := startGateway(t, Config{WriteQueueBytes: 1 << 20})
	nc, err := clientDialer(internetMSS).Dial("tcp", s.tcp)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	// A small receive buffer, so that loopback cannot take the frame at
	// once.
	nc.(*net.TCPConn).SetReadBuffer(4 << 10)
	c := &tcpClient{tb: t, Conn: nc, r: bufio.NewReader(nc)}
	c.send(authFrame(1, "u"))
	c.read()
	sc := s.h.connWith(t, 1).(*conn)
	if _, size, err := sc.sockRoom(); err != nil || size > 200<<10 {
		t.Fatalf("send buffer of %d bytes (%v); the test needs a small one", size, err)
	}
	big := bytes.Repeat([]byte{7}, 300<<10)
	for i, data := range [][]byte{big, []byte("after")} {
		sc.Send(NewOutgoing(&chorusv1.Frame{Id: uint64(i + 1), Body: &chorusv1.Frame_Notification{
			Notification: &chorusv1.Notification{Data: data},
		}}))
	}
	waitFor(t, "part of the large frame in nbio's cache", func() bool { return sc.nbioPending.Load() > 0 })
	for i, data := range [][]byte{big, []byte("after")} {
		if f := c.read(); f.GetId() != uint64(i+1) || !bytes.Equal(f.GetNotification().GetData(), data) {
			t.Fatalf("frame %d: got id %d with %d bytes", i+1, f.GetId(), len(f.GetNotification().GetData()))
		}
	}
}
