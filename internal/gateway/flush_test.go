package gateway

import (
	"bytes"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// TestBackpressureKeepsOrder pushes frames of many sizes at a client that
// does not read until the socket is full and nbio's write cache is in use,
// then reads them all: every frame must arrive once, intact and in order
// through partial writevs, nbio's cache and the flushes after it.
func TestBackpressureKeepsOrder(t *testing.T) {
	for _, transport := range []string{"tcp", "ws", "ws-json"} {
		t.Run(transport, func(t *testing.T) {
			s := startGateway(t, Config{WriteQueueBytes: 256 << 20})
			var read func() *chorusv1.Frame
			switch transport {
			case "tcp":
				c := dialTCP(t, s.tcp)
				c.send(authFrame(1, "u"))
				c.read()
				read = c.read
			case "ws":
				c := dialWS(t, s.wsURL)
				c.send(authFrame(1, "u"))
				c.read()
				read = c.read
			case "ws-json":
				c := dialWS(t, s.wsURL, SubprotocolJSON)
				c.send(authFrame(1, "u"))
				c.read()
				read = c.read
			}
			sc := s.h.connWith(t, 1).(*conn)

			payload := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, (i*7919)%5000) }
			// Send until the socket is full and nbio caches, then as many
			// again.
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
				case n%100 == 0:
					waitFor(t, "the flusher", func() bool {
						sc.mu.Lock()
						defer sc.mu.Unlock()
						return sc.queued+sc.inflight == 0 || sc.nbioPending.Load() > 0
					})
					if sc.nbioPending.Load() > 0 {
						extra = n
					} else if n > 100000 {
						t.Fatal("nbio's write cache never used")
					}
				}
			}
			t.Logf("sent %d frames", n)
			for i := 1; i <= n; i++ {
				f := read()
				if f.GetId() != uint64(i) || !bytes.Equal(f.GetNotification().GetData(), payload(i)) {
					t.Fatalf("frame %d: got id %d with %d bytes", i, f.GetId(), len(f.GetNotification().GetData()))
				}
			}
			waitFor(t, "queue and cache empty", func() bool {
				sc.mu.Lock()
				defer sc.mu.Unlock()
				return sc.queue == nil && sc.queued == 0 && sc.inflight == 0 && sc.nbioPending.Load() == 0 && !sc.scheduled
			})
		})
	}
}
