//go:build !linux

package gateway

import "math"

// sockRoom reports an unlimited send buffer where the kernel does not
// tell its use (SO_MEMINFO is Linux only): the flusher then writes all it
// has, and a slow consumer may find its last frame cut off when the close
// timeout drops the socket.
func (c *conn) sockRoom() (room, size int, err error) {
	return math.MaxInt32, math.MaxInt32, nil
}
