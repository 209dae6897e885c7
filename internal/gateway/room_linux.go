//go:build linux

package gateway

import (
	"net"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sockRoom measures the socket's send buffer: size is the kernel's limit
// (sk_sndbuf) and room what is left of it (sk_sndbuf - sk_wmem_queued; may
// be negative, since the kernel appends to its last buffer past the
// limit). Both count kernel memory, not payload: see writeCost.
//
// The kernel takes new data while wmem_queued < sndbuf and stops wherever
// the limit falls, often inside a frame. So the flusher writes only whole
// frames that fit in room, and a slow consumer's Disconnect always has
// room after them.
func (c *conn) sockRoom() (room, size int, err error) {
	c.nc.Lock()
	defer c.nc.Unlock()
	if closed, _ := c.nc.IsClosed(); closed {
		return 0, 0, net.ErrClosed
	}
	var v [unix.SK_MEMINFO_VARS]uint32
	l := uint32(unsafe.Sizeof(v))
	// One call for both values, and no allocation (unix.GetsockoptString
	// and friends would make one).
	_, _, e := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(c.nc.Hash()), unix.SOL_SOCKET, unix.SO_MEMINFO,
		uintptr(unsafe.Pointer(&v[0])), uintptr(unsafe.Pointer(&l)), 0)
	if e != 0 {
		return 0, 0, e
	}
	size = int(v[unix.SK_MEMINFO_SNDBUF])
	return size - int(v[unix.SK_MEMINFO_WMEM_QUEUED]), size, nil
}
