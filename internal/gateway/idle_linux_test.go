//go:build linux

package gateway

import (
	"bytes"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"unsafe"
)

// The clients here are raw sockets made with syscalls, so that the test
// process holds no Go memory and no goroutine for the client side: the
// counts then show the server side alone.

func rawDial(tb testing.TB, hostport string) int {
	tb.Helper()
	addr, err := net.ResolveTCPAddr("tcp4", hostport)
	if err != nil {
		tb.Fatal(err)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		tb.Fatal(err)
	}
	sa := &syscall.SockaddrInet4{Port: addr.Port}
	copy(sa.Addr[:], addr.IP.To4())
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		tb.Fatal(err)
	}
	return fd
}

func rawWriteAll(tb testing.TB, fd int, b []byte) {
	tb.Helper()
	for len(b) > 0 {
		n, err := syscall.Write(fd, b)
		if err != nil {
			tb.Fatal(err)
		}
		b = b[n:]
	}
}

// openIdle opens n idle connections of the given transport ("tcp" or
// "ws"; WebSocket ones complete the handshake) and returns their fds.
func openIdle(tb testing.TB, s *testServer, transport string, n int) []int {
	tb.Helper()
	fds := make([]int, 0, n)
	u, err := url.Parse(s.wsURL)
	if err != nil {
		tb.Fatal(err)
	}
	req := []byte("GET /ws HTTP/1.1\r\nHost: " + u.Host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	var buf [1024]byte
	for range n {
		if transport == "tcp" {
			fds = append(fds, rawDial(tb, s.tcp))
			continue
		}
		fd := rawDial(tb, u.Host)
		fds = append(fds, fd)
		rawWriteAll(tb, fd, req)
		got := 0
		for !bytes.Contains(buf[:got], []byte("\r\n\r\n")) {
			m, err := syscall.Read(fd, buf[got:])
			if err != nil || m == 0 {
				tb.Fatalf("reading the handshake response: %d, %v", m, err)
			}
			got += m
		}
		if !bytes.HasPrefix(buf[:got], []byte("HTTP/1.1 101 ")) {
			tb.Fatalf("handshake response %q", buf[:got])
		}
	}
	return fds
}

func closeAll(fds []int) {
	for _, fd := range fds {
		syscall.Close(fd)
	}
}

// settledGoroutines waits for goroutines that end on their own (net/http's
// per-request ones after the upgrade, nbio's close callbacks) to end, and
// returns the count.
func settledGoroutines(tb testing.TB, atMost int) int {
	tb.Helper()
	waitFor(tb, "goroutines to settle at "+strconv.Itoa(atMost), func() bool { return runtime.NumGoroutine() <= atMost })
	return runtime.NumGoroutine()
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC() // the second one frees what sync.Pools kept
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// warmUp opens and closes one connection of each kind, so that lazily
// started goroutines and lazily allocated tables exist before counting.
func warmUp(tb testing.TB, s *testServer) {
	tb.Helper()
	closeAll(append(openIdle(tb, s, "tcp", 1), openIdle(tb, s, "ws", 1)...))
	waitFor(tb, "warm-up conns closed", func() bool { return s.g.Conns() == 0 })
}

func TestIdleConnsHoldNoGoroutine(t *testing.T) {
	s := startGateway(t, Config{})
	warmUp(t, s)
	base := runtime.NumGoroutine()
	const n = 200
	fds := openIdle(t, s, "tcp", n)
	fds = append(fds, openIdle(t, s, "ws", n)...)
	defer closeAll(fds)
	waitFor(t, "all conns registered", func() bool { return s.g.Conns() == 2*n })
	// A little slack for goroutines of the runtime and the test server
	// that come and go; one per connection would be 400.
	got := settledGoroutines(t, base+3)
	t.Logf("%d goroutines with %d idle conns, %d before", got, 2*n, base)
}

// BenchmarkIdleConnMemory reports the Go heap the server side holds per
// idle connection (CHORUS_IDLE_CONNS of them, default 2000; the process
// may open at most 20,000 files, and each connection takes two). Run with
// -benchtime=1x: each iteration opens, measures and closes them all.
func BenchmarkIdleConnMemory(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("CHORUS_IDLE_CONNS")); err == nil && v > 0 {
		n = v
	}
	for _, transport := range []string{"tcp", "ws"} {
		b.Run(transport, func(b *testing.B) {
			s := startGateway(b, Config{})
			warmUp(b, s)
			var heap, gor float64
			for b.Loop() {
				base := runtime.NumGoroutine()
				h0 := heapInUse()
				fds := openIdle(b, s, transport, n)
				waitFor(b, "all conns registered", func() bool { return s.g.Conns() == n })
				g1 := settledGoroutines(b, base+3)
				h1 := heapInUse()
				heap += (float64(h1) - float64(h0)) / float64(n)
				gor += float64(g1-base) / float64(n)
				closeAll(fds)
				waitFor(b, "all conns closed", func() bool { return s.g.Conns() == 0 })
			}
			b.ReportMetric(heap/float64(b.N), "heap-B/conn")
			b.ReportMetric(gor/float64(b.N), "goroutines/conn")
		})
	}
}

// conn is allocated in Go's 256-byte size class; a field that pushes it
// over costs every idle connection 32 bytes more.
func TestConnFitsItsAllocation(t *testing.T) {
	if n := unsafe.Sizeof(conn{}); unsafe.Sizeof(uintptr(0)) == 8 && n > 256 {
		t.Errorf("conn is %d bytes, over the 256-byte size class: reorder its fields or look for a cheaper layout", n)
	}
}
