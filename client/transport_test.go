package client

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"net"
	"runtime"
	"testing"

	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

func deliverFrame(seq uint64) *chorusv1.Frame {
	return &chorusv1.Frame{Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{Message: &chorusv1.Message{
		Id: 1 << 40, ConversationId: "p:alice:bob", Seq: seq, SenderId: "bob",
		ClientMsgId: "0123456789abcdef0123456789abcdef", ServerTimeMs: 1700000000000,
		Content: textContent("hello, this is a message of ordinary length"),
	}}}}
}

// bufConn is a net.Conn whose writes go to a buffer; nothing else is used.
type bufConn struct {
	net.Conn
	buf bytes.Buffer
}

func (c *bufConn) Write(p []byte) (int, error) { return c.buf.Write(p) }

func TestTCPFraming(t *testing.T) {
	var out bufConn
	tr := &tcpTransport{nc: &out}
	small, large := deliverFrame(1), deliverFrame(2)
	// Larger than the read buffer, to take the copying path.
	large.GetDeliver().Message.Content = textContent(string(bytes.Repeat([]byte("x"), 10_000)))
	for _, f := range []*chorusv1.Frame{small, large, small} {
		if err := tr.writeFrame(f); err != nil {
			t.Fatal(err)
		}
	}
	in := &tcpTransport{br: bufio.NewReader(&out.buf)}
	for i, want := range []*chorusv1.Frame{small, large, small} {
		got, err := in.readFrame()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if !proto.Equal(got, want) {
			t.Fatalf("frame %d differs", i)
		}
	}
}

func TestTCPFrameTooLarge(t *testing.T) {
	hdr := binary.BigEndian.AppendUint32(nil, MaxFrameSize+1)
	tr := &tcpTransport{br: bufio.NewReader(bytes.NewReader(hdr))}
	if _, err := tr.readFrame(); err == nil {
		t.Fatal("oversized frame accepted")
	}
}

// FuzzTCPReadFrame feeds arbitrary bytes, as a broken or hostile peer
// might send, to the TCP frame decoder: it must fail cleanly.
func FuzzTCPReadFrame(f *testing.F) {
	var out bufConn
	tr := &tcpTransport{nc: &out}
	_ = tr.writeFrame(deliverFrame(7))
	f.Add(out.buf.Bytes())
	f.Add([]byte{0, 0, 0, 0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{0, 0, 0, 3, 0x0a, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		tr := &tcpTransport{br: bufio.NewReader(bytes.NewReader(data))}
		for range 64 {
			if _, err := tr.readFrame(); err != nil {
				return
			}
		}
	})
}

func BenchmarkTCPFrameRoundTrip(b *testing.B) {
	var out bufConn
	w := &tcpTransport{nc: &out}
	r := &tcpTransport{br: bufio.NewReader(&out.buf)}
	f := deliverFrame(1)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.writeFrame(f); err != nil {
			b.Fatal(err)
		}
		if _, err := r.readFrame(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInOrderPush is the client's per-message cost after decoding:
// dedupe and ordering, queueing, and the callback goroutine.
func BenchmarkInOrderPush(b *testing.B) {
	o, kind, addr, err := Options{Addr: "127.0.0.1:1", Token: "x"}.normalized()
	if err != nil {
		b.Fatal(err)
	}
	c := newClient(o, kind, addr)
	go c.deliverLoop()
	defer func() { _ = c.Close() }()
	msgs := make([]*chorusv1.Message, 4096)
	for i := range msgs {
		msgs[i] = deliverFrame(0).GetDeliver().Message
	}
	b.ReportAllocs()
	seq := uint64(0)
	for b.Loop() {
		seq++
		i := seq % uint64(len(msgs))
		if i == 0 {
			// Reuse the messages only once the callback goroutine is done
			// with them.
			for c.Positions()["p:alice:bob"] != seq-1 {
				runtime.Gosched()
			}
		}
		m := msgs[i]
		m.Seq = seq
		c.onMessage(m, "push")
	}
}

func BenchmarkSend(b *testing.B) {
	s := newFakeServer(b, nil)
	c := dial(b, s, "tcp", func(o *Options) { o.Logger = nil })
	ctx := testCtx(b)
	content := textContent("hello")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Send(ctx, Outgoing{ConversationID: "g:bench", Content: content}); err != nil {
			b.Fatal(err)
		}
	}
}
