//go:build linux

package test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
	"github.com/chorus-im/chorus/internal/config"
)

// Benchmarks of a whole node, in process. Numbers on a 2-core machine with
// clients in the same process are a floor, not a ceiling: the load tool
// measures with clients in other processes.

// sysDial opens a TCP connection with raw syscalls, so the client side
// holds no Go memory and no goroutine and the heap counts the node alone.
func sysDial(b *testing.B, hostport string) int {
	b.Helper()
	addr, err := net.ResolveTCPAddr("tcp4", hostport)
	if err != nil {
		b.Fatal(err)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	sa := &syscall.SockaddrInet4{Port: addr.Port}
	copy(sa.Addr[:], addr.IP.To4())
	if err := syscall.Connect(fd, sa); err != nil {
		b.Fatal(err)
	}
	return fd
}

func sysWrite(b *testing.B, fd int, p []byte) {
	for len(p) > 0 {
		n, err := syscall.Write(fd, p)
		if err != nil {
			b.Fatal(err)
		}
		p = p[n:]
	}
}

// sysReadUntil reads from fd until buf holds a complete reply per done.
func sysReadUntil(b *testing.B, fd int, done func([]byte) bool) []byte {
	var buf []byte
	tmp := make([]byte, 4096)
	for !done(buf) {
		n, err := syscall.Read(fd, tmp)
		if err != nil || n == 0 {
			b.Fatalf("read: %d %v", n, err)
		}
		buf = append(buf, tmp[:n]...)
	}
	return buf
}

// wsClientFrame builds a masked binary WebSocket frame, as a browser sends.
func wsClientFrame(payload []byte) []byte {
	out := []byte{0x82}
	switch n := len(payload); {
	case n < 126:
		out = append(out, 0x80|byte(n))
	default:
		out = append(out, 0x80|126, byte(n>>8), byte(n))
	}
	mask := []byte{1, 2, 3, 4}
	out = append(out, mask...)
	for i, c := range payload {
		out = append(out, c^mask[i%4])
	}
	return out
}

// openSessions opens n authenticated idle sessions of one user each.
func openSessions(b *testing.B, tn *testNode, transport string, tokens []string) []int {
	b.Helper()
	fds := make([]int, 0, len(tokens))
	for i, tok := range tokens {
		auth, _ := proto.Marshal(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{
			Token: tok, DeviceId: "d" + strconv.Itoa(i), Platform: chorusv1.Platform_PLATFORM_OTHER,
		}}})
		if transport == "tcp" {
			fd := sysDial(b, tn.TCPAddr())
			sysWrite(b, fd, append(binary.BigEndian.AppendUint32(nil, uint32(len(auth))), auth...))
			sysReadUntil(b, fd, func(p []byte) bool { return len(p) >= 4 && len(p) >= 4+int(binary.BigEndian.Uint32(p)) })
			fds = append(fds, fd)
			continue
		}
		fd := sysDial(b, tn.HTTPAddr())
		sysWrite(b, fd, []byte("GET /ws HTTP/1.1\r\nHost: "+tn.HTTPAddr()+"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
		resp := sysReadUntil(b, fd, func(p []byte) bool { return bytes.Contains(p, []byte("\r\n\r\n")) })
		if !bytes.HasPrefix(resp, []byte("HTTP/1.1 101")) {
			b.Fatalf("upgrade answered %q", resp)
		}
		sysWrite(b, fd, wsClientFrame(auth))
		sysReadUntil(b, fd, func(p []byte) bool { return len(p) >= 2 && len(p) >= 2+int(p[1]&0x7f) })
		fds = append(fds, fd)
	}
	return fds
}

func heapAlloc() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// BenchmarkIdleSessionMemory reports the Go heap a node holds per idle,
// authenticated session: gateway connection, session and hub entry.
// CHORUS_IDLE_SESSIONS sets how many (default 2000; each takes two file
// descriptors of the 20,000 a process may open here). Run with
// -benchtime=1x.
func BenchmarkIdleSessionMemory(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_IDLE_SESSIONS")); err == nil && v > 0 {
		n = v
	}
	for _, transport := range []string{"tcp", "ws"} {
		b.Run(transport, func(b *testing.B) {
			tn := startNode(b, "", nil)
			tokens := make([]string, n)
			for i := range tokens {
				tokens[i] = tn.createUser(b, fmt.Sprintf("u%d", i))
			}
			for range openSessions(b, tn, transport, tokens[:1]) {
			}
			var perConn, goroutines float64
			for b.Loop() {
				g0 := runtime.NumGoroutine()
				h0 := heapAlloc()
				fds := openSessions(b, tn, transport, tokens)
				waitFor(b, "sessions", func() bool { return tn.sessionsOf(b) >= n })
				time.Sleep(200 * time.Millisecond) // let handshake goroutines end
				h1 := heapAlloc()
				perConn += (float64(h1) - float64(h0)) / float64(n)
				goroutines += float64(runtime.NumGoroutine()-g0) / float64(n)
				for _, fd := range fds {
					syscall.Close(fd)
				}
				waitFor(b, "sessions", func() bool { return tn.sessionsOf(b) <= 1 })
			}
			b.ReportMetric(perConn/float64(b.N), "heap-B/session")
			b.ReportMetric(goroutines/float64(b.N), "goroutines/session")
		})
	}
}

// BenchmarkSendDirect measures 1:1 messages persisted (acked after the
// commit) and delivered: CHORUS_BENCH_PAIRS pairs of users (default 50),
// each sender with several sends in flight, through the Go SDK over TCP.
// Reports msgs/s acked and checks every message was delivered.
func BenchmarkSendDirect(b *testing.B) {
	pairs := 50
	if v, err := strconv.Atoi(os.Getenv("CHORUS_BENCH_PAIRS")); err == nil && v > 0 {
		pairs = v
	}
	for _, syncMode := range []string{"full", "normal"} {
		b.Run("synchronous="+syncMode, func(b *testing.B) {
			tn := startNode(b, "", func(c *config.Config) { c.Store.SQLite.Synchronous = syncMode })
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var delivered atomic.Int64
			senders := make([]*client.Client, pairs)
			for i := range pairs {
				a, bb := fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)
				senders[i] = mustDial(b, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tn.createUser(b, a), SkipHistory: true})
				mustDial(b, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: tn.createUser(b, bb), SkipHistory: true,
					OnMessage: func(*chorusv1.Message) { delivered.Add(1) }})
			}
			const inflight = 8
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			var next atomic.Int64
			content := &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: "a benchmark message of about sixty bytes, typical chat"}}}
			for i := range pairs {
				for range inflight {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for next.Add(1) <= int64(b.N) {
							if _, err := senders[i].Send(ctx, client.Outgoing{ToUserID: fmt.Sprintf("b%d", i), Content: content}); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			waitFor(b, "deliveries", func() bool { return delivered.Load() >= int64(b.N) })
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
		})
	}
}

func mustDial(b *testing.B, ctx context.Context, opts client.Options) *client.Client {
	c, err := client.Dial(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c
}
