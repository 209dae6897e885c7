//go:build !windows

package gateway

import (
	"errors"
	"net"
	"syscall"
	"unsafe"

	"github.com/lesismal/nbio"
)

// iovecs is a flush worker's scratch space for writev(2).
type iovecs []syscall.Iovec

// maxIOV is IOV_MAX on Linux and the BSDs: writev refuses more buffers.
const maxIOV = 1024

// writeDirect writes as much of bufs as the socket takes right now with
// writev(2), and returns where it stopped: bufs[i][off:] is the first byte
// not written (i == len(bufs): all written).
//
// nbio.Conn.Writev cannot be used: in v1.6.8 it drops the buffers after
// the first partly written one, and all of them when the socket is full
// (EAGAIN). So we call writev ourselves, holding the nbio conn's lock, as
// nbio's own Write does: nbio cannot close and reuse the fd meanwhile, and
// the flusher only gets here when nbio's write cache is empty, so the
// bytes stay in order.
func (c *conn) writeDirect(iov *iovecs, bufs [][]byte) (i, off int, err error) {
	c.nc.Lock()
	defer c.nc.Unlock()
	if closed, _ := c.nc.IsClosed(); closed {
		return 0, 0, net.ErrClosed
	}
	fd := c.nc.Hash() // the fd, for as long as we hold the lock
	for i < len(bufs) {
		v := (*iov)[:0]
		total := 0
		for j := i; j < len(bufs) && len(v) < maxIOV; j++ {
			b := bufs[j]
			if j == i {
				b = b[off:]
			}
			if len(b) == 0 {
				continue
			}
			var e syscall.Iovec
			e.Base = &b[0]
			e.SetLen(len(b))
			v = append(v, e)
			total += len(b)
		}
		*iov = v
		if len(v) == 0 {
			return len(bufs), 0, nil
		}
		n, err := writev(fd, v)
		clear(v) // drop the references to the frames
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EAGAIN):
			return i, off, nil
		case err != nil:
			return i, off, err
		}
		for rem := n; rem > 0; {
			if l := len(bufs[i]) - off; rem >= l {
				rem -= l
				i, off = i+1, 0
			} else {
				off += rem
				rem = 0
			}
		}
		for i < len(bufs) && len(bufs[i]) == off {
			i, off = i+1, 0
		}
		if n < total {
			return i, off, nil // the socket is full
		}
	}
	return i, off, nil
}

func writev(fd int, v []syscall.Iovec) (int, error) {
	n, _, e := syscall.Syscall(syscall.SYS_WRITEV, uintptr(fd), uintptr(unsafe.Pointer(&v[0])), uintptr(len(v)))
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// shutdownWrite half-closes the socket (sends FIN) but keeps reading, so
// that the client reads everything we sent before it sees the end. Closing
// outright could reset the connection if the client's bytes are still
// arriving, and a reset may discard our last frames before the client
// reads them.
func (c *conn) shutdownWrite() error {
	c.nc.Lock()
	defer c.nc.Unlock()
	if closed, _ := c.nc.IsClosed(); closed {
		return nil
	}
	err := syscall.Shutdown(c.nc.Hash(), syscall.SHUT_WR)
	if errors.Is(err, syscall.ENOTCONN) {
		return nil // the peer is gone already; nbio will see it
	}
	return err
}

// setCloseOnExec marks the socket close-on-exec: nbio takes connections
// over with dup(2), which clears the flag, and a child process must not
// keep client sockets open.
func setCloseOnExec(nc *nbio.Conn) {
	syscall.CloseOnExec(nc.Hash())
}
