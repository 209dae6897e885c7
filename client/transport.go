package client

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"

	"github.com/coder/websocket"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// transport moves whole frames over one network connection. readFrame is
// called only by the connection's reader goroutine and writeFrame only
// with conn.wmu held, so neither needs its own locking; close may be
// called at any time, from any goroutine, and more than once.
type transport interface {
	// readFrame blocks until the next frame arrives. The returned frame is
	// newly allocated: the caller may keep it and hand it on.
	readFrame() (*chorusv1.Frame, error)
	// writeFrame encodes f and writes it in one piece. It returns an
	// *encodeError when f cannot be encoded and nothing was written.
	writeFrame(f *chorusv1.Frame) error
	// close tears the connection down at once, without a handshake, so it
	// never waits on the peer; blocked reads and writes return.
	close()
	// disconnectFromReadErr turns the error that ended readFrame into the
	// server's disconnect when the transport carries one (a WebSocket
	// close code), else nil.
	disconnectFromReadErr(err error) *DisconnectError
}

// keepBuf is the largest scratch buffer a transport keeps between frames;
// a rare huge frame (a full page of history) should not pin its memory
// for the life of the connection.
const keepBuf = 64 << 10

var (
	marshalOpts       = proto.MarshalOptions{}
	jsonMarshalOpts   = protojson.MarshalOptions{}
	jsonUnmarshalOpts = protojson.UnmarshalOptions{DiscardUnknown: true}
)

func dialTransport(ctx context.Context, kind transportKind, addr string, json bool) (transport, error) {
	if kind == transportWS {
		return dialWS(ctx, addr, json)
	}
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return newTCPTransport(nc), nil
}

// tcpTransport frames with a 4-byte big-endian length before each
// protobuf Frame.
type tcpTransport struct {
	nc   net.Conn
	br   *bufio.Reader
	hdr  [4]byte
	rbuf []byte // frames larger than br's buffer
	wbuf []byte
}

func newTCPTransport(nc net.Conn) *tcpTransport {
	return &tcpTransport{nc: nc, br: bufio.NewReader(nc)}
}

func (t *tcpTransport) readFrame() (*chorusv1.Frame, error) {
	if _, err := io.ReadFull(t.br, t.hdr[:]); err != nil {
		return nil, err
	}
	n := int(binary.BigEndian.Uint32(t.hdr[:]))
	if n > MaxFrameSize {
		return nil, fmt.Errorf("chorus: frame of %d bytes exceeds the limit of %d", n, MaxFrameSize)
	}
	f := new(chorusv1.Frame)
	// Most frames fit in the bufio buffer: decode them in place, saving a
	// copy. Unmarshal copies strings and bytes out, so the buffer can be
	// reused at once.
	if n <= t.br.Size() {
		b, err := t.br.Peek(n)
		if err != nil {
			return nil, err
		}
		err = proto.Unmarshal(b, f)
		_, _ = t.br.Discard(n)
		if err != nil {
			return nil, fmt.Errorf("chorus: bad frame: %w", err)
		}
		return f, nil
	}
	buf := t.rbuf
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := io.ReadFull(t.br, buf); err != nil {
		return nil, err
	}
	err := proto.Unmarshal(buf, f)
	if cap(buf) <= keepBuf {
		t.rbuf = buf
	} else {
		t.rbuf = nil
	}
	if err != nil {
		return nil, fmt.Errorf("chorus: bad frame: %w", err)
	}
	return f, nil
}

func (t *tcpTransport) writeFrame(f *chorusv1.Frame) error {
	b := append(t.wbuf[:0], 0, 0, 0, 0)
	b, err := marshalOpts.MarshalAppend(b, f)
	if err != nil {
		return &encodeError{err}
	}
	if len(b)-4 > MaxFrameSize {
		return &encodeError{fmt.Errorf("frame of %d bytes exceeds the limit of %d", len(b)-4, MaxFrameSize)}
	}
	binary.BigEndian.PutUint32(b, uint32(len(b)-4))
	_, err = t.nc.Write(b)
	if cap(b) <= keepBuf {
		t.wbuf = b[:0]
	} else {
		t.wbuf = nil
	}
	return err
}

func (t *tcpTransport) close() { _ = t.nc.Close() }

func (t *tcpTransport) disconnectFromReadErr(error) *DisconnectError { return nil }

// wsTransport carries one frame per WebSocket message: binary protobuf,
// or text protojson with the JSON subprotocol.
type wsTransport struct {
	c    *websocket.Conn
	json bool
	rbuf []byte
	wbuf []byte
}

func dialWS(ctx context.Context, addr string, json bool) (*wsTransport, error) {
	sub := subprotocolProto
	if json {
		sub = subprotocolJSON
	}
	c, _, err := websocket.Dial(ctx, addr, &websocket.DialOptions{Subprotocols: []string{sub}})
	if err != nil {
		return nil, err
	}
	if got := c.Subprotocol(); got != sub {
		_ = c.CloseNow()
		return nil, fmt.Errorf("chorus: server did not accept WebSocket subprotocol %q (got %q)", sub, got)
	}
	c.SetReadLimit(MaxFrameSize)
	return &wsTransport{c: c, json: json}, nil
}

// Reads and writes use context.Background: a cancellable context costs the
// websocket library an allocation per call, and close (CloseNow) unblocks
// them anyway.

func (t *wsTransport) readFrame() (*chorusv1.Frame, error) {
	_, r, err := t.c.Reader(context.Background())
	if err != nil {
		return nil, err
	}
	buf := t.rbuf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	f := new(chorusv1.Frame)
	if t.json {
		err = jsonUnmarshalOpts.Unmarshal(buf, f)
	} else {
		err = proto.Unmarshal(buf, f)
	}
	if cap(buf) <= keepBuf {
		t.rbuf = buf[:0]
	} else {
		t.rbuf = nil
	}
	if err != nil {
		return nil, fmt.Errorf("chorus: bad frame: %w", err)
	}
	return f, nil
}

func (t *wsTransport) writeFrame(f *chorusv1.Frame) error {
	var (
		b   []byte
		err error
		typ = websocket.MessageBinary
	)
	if t.json {
		typ = websocket.MessageText
		b, err = jsonMarshalOpts.MarshalAppend(t.wbuf[:0], f)
	} else {
		b, err = marshalOpts.MarshalAppend(t.wbuf[:0], f)
	}
	if err != nil {
		return &encodeError{err}
	}
	if len(b) > MaxFrameSize {
		return &encodeError{fmt.Errorf("frame of %d bytes exceeds the limit of %d", len(b), MaxFrameSize)}
	}
	err = t.c.Write(context.Background(), typ, b)
	if cap(b) <= keepBuf {
		t.wbuf = b[:0]
	} else {
		t.wbuf = nil
	}
	return err
}

func (t *wsTransport) close() { _ = t.c.CloseNow() }

func (t *wsTransport) disconnectFromReadErr(err error) *DisconnectError {
	var ce websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	return disconnectFromCloseCode(int(ce.Code), ce.Reason)
}
