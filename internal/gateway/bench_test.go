package gateway

import (
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// deliverFrame is a typical push: a short text message in a group.
func deliverFrame() *chorusv1.Frame {
	return &chorusv1.Frame{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: &chorusv1.Message{
		Id:             7345678901234567890 & (1<<63 - 1),
		ConversationId: "g:team-chorus",
		Seq:            123456,
		SenderId:       "alice@example.com",
		ClientMsgId:    "5f0c6f3e-8a55-4bde-9a43-2f7e1d0c9b11",
		ServerTimeMs:   1767225600000,
		Content: &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{
			Text: "Shall we ship the gateway on Friday? The benchmarks look good.",
		}}},
	}}}}
}

func BenchmarkOutgoingEncode(b *testing.B) {
	f := deliverFrame()
	for _, w := range []struct {
		name string
		wire wire
	}{{"tcp", wireTCP}, {"ws-binary", wireWSBinary}, {"ws-json", wireWSText}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				p, err := NewOutgoing(f).bytes(w.wire)
				if err != nil {
					b.Fatal(err)
				}
				n = len(p)
			}
			b.SetBytes(int64(n))
		})
	}
}

// BenchmarkFanOut sends one Outgoing to n TCP connections per op (encoded
// once, shared by all) and counts the time until every client has read
// every byte. "burst" sends op after op, so frames queue up and batch into
// writevs; "each" waits for every op's delivery before the next, so each
// frame costs its own writev, as a single push does.
func BenchmarkFanOut(b *testing.B) {
	for _, bc := range []struct {
		n    int
		wait bool
	}{{100, false}, {1000, false}, {100, true}, {1000, true}} {
		name := fmt.Sprintf("conns=%d/burst", bc.n)
		if bc.wait {
			name = fmt.Sprintf("conns=%d/each", bc.n)
		}
		n := bc.n
		b.Run(name, func(b *testing.B) {
			s := startGateway(b, Config{WriteQueueBytes: 1 << 30, IdleTimeout: time.Hour, AuthTimeout: time.Hour})
			// Readers count bytes and wake the benchmark when the count
			// reaches target (a blocking wait: spinning would starve the
			// Go scheduler's network polling on 2 cores).
			var received, target atomic.Int64
			reached := make(chan struct{}, 1)
			target.Store(1 << 62)
			for i := range n {
				c, err := net.Dial("tcp", s.tcp)
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { c.Close() })
				tc := &tcpClient{tb: b, Conn: c}
				tc.send(authFrame(uint64(i+1), "u"))
				go func() {
					buf := make([]byte, 64<<10)
					for {
						m, err := c.Read(buf)
						if received.Add(int64(m)) >= target.Load() {
							select {
							case reached <- struct{}{}:
							default:
							}
						}
						if err != nil {
							return
						}
					}
				}()
			}
			waitFor(b, "all clients authenticated", func() bool {
				s.h.mu.Lock()
				defer s.h.mu.Unlock()
				return len(s.h.conns) == n
			})
			waitFor(b, "auth replies read", func() bool { return received.Load() > 0 })
			s.h.mu.Lock()
			conns := make([]Conn, 0, n)
			for _, c := range s.h.conns {
				conns = append(conns, c)
			}
			s.h.mu.Unlock()
			f := deliverFrame()
			size, _ := NewOutgoing(f).bytes(wireTCP)
			start := received.Load()

			b.ReportAllocs()
			b.ResetTimer()
			per := int64(n) * int64(len(size))
			waitBytes := func(want int64) {
				target.Store(want)
				for received.Load() < want {
					<-reached
				}
			}
			for i := range b.N {
				o := NewOutgoing(f)
				for _, c := range conns {
					if !c.Send(o) {
						b.Fatal("Send refused")
					}
				}
				if bc.wait {
					waitBytes(start + int64(i+1)*per)
				}
			}
			waitBytes(start + int64(b.N)*per)
			b.StopTimer()
			b.ReportMetric(float64(b.N)*float64(n)/b.Elapsed().Seconds(), "deliveries/s")
		})
	}
}

// BenchmarkFrameDecoder decodes a stream of small TCP frames delivered in
// 16 KiB reads, as the event loop does.
func BenchmarkFrameDecoder(b *testing.B) {
	var stream []byte
	for i := range 1000 {
		stream = appendFrame(stream, []byte(strings.Repeat("x", 50+i%200)))
	}
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	for b.Loop() {
		var d frameDecoder
		for data := stream; len(data) > 0; {
			piece := data[:min(len(data), 16<<10)]
			data = data[len(piece):]
			for len(piece) > 0 {
				_, _, rest, err := d.next(piece, 64<<10)
				if err != nil {
					b.Fatal(err)
				}
				piece = rest
			}
		}
	}
}
