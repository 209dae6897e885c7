//go:build windows

package gateway

import "github.com/lesismal/nbio"

// iovecs is unused on Windows.
type iovecs struct{}

// writeDirect on Windows leaves everything to nbio's Write: nbio runs
// Windows connections on the standard library, which has no raw fd to
// writev on.
func (c *conn) writeDirect(_ *iovecs, _ [][]byte) (i, off int, err error) {
	return 0, 0, nil
}

// waitPollersRunning is not needed on Windows, where nbio's event loop
// is the standard library's.
func (g *Gateway) waitPollersRunning(int) error { return nil }

// shutdownWrite is a no-op on Windows; the sweeper closes lingering
// connections after CloseTimeout.
func (c *conn) shutdownWrite() error { return nil }

// setCloseOnExec is a no-op on Windows.
func setCloseOnExec(*nbio.Conn) {}
