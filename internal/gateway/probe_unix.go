//go:build !windows

package gateway

import (
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/lesismal/nbio"
)

// waitPollersRunning returns once every event loop has handled an event.
//
// nbio's poller goroutine clears its stop flag when it starts running, so
// an Engine.Stop that comes before the goroutine first runs is lost and
// the loop spins forever (nbio v1.6.8). A loop that handled an event is
// past that point, so after this Shutdown can always stop it. The probe
// connections are socket pairs, one end on the event loop, the other
// written to once.
func (g *Gateway) waitPollersRunning(npoller int) error {
	seen := make([]bool, npoller)
	var probes []*pollerProbe
	var cleanup []func()
	defer func() {
		for _, f := range cleanup {
			f()
		}
	}()
	for attempt := 0; len(probes) < npoller; attempt++ {
		if attempt > 64*npoller {
			return errors.New("gateway: cannot reach every event loop")
		}
		syscall.ForkLock.RLock()
		fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
		if err == nil {
			syscall.CloseOnExec(fds[0])
			syscall.CloseOnExec(fds[1])
		}
		syscall.ForkLock.RUnlock()
		if err != nil {
			return fmt.Errorf("gateway: probe socket pair: %w", err)
		}
		peer := fds[1]
		cleanup = append(cleanup, func() { syscall.Close(peer) })
		f := os.NewFile(uintptr(fds[0]), "probe")
		uc, err := net.FileConn(f) // dups the fd
		f.Close()
		if err != nil {
			return fmt.Errorf("gateway: probe conn: %w", err)
		}
		nc, err := nbio.NBConn(uc) // dups it again and closes uc
		if err != nil {
			uc.Close()
			return fmt.Errorf("gateway: probe conn: %w", err)
		}
		// nbio assigns a conn to the loop fd % npoller.
		if i := nc.Hash() % npoller; seen[i] {
			nc.Close() // not added: no callbacks
			continue
		} else {
			seen[i] = true
		}
		p := &pollerProbe{seen: make(chan struct{})}
		nc.SetSession(p)
		if _, err := g.engine.AddConn(nc); err != nil {
			return fmt.Errorf("gateway: probe conn: %w", err)
		}
		cleanup = append(cleanup, func() { nc.Close() })
		probes = append(probes, p)
		if _, err := syscall.Write(peer, []byte{0}); err != nil {
			return fmt.Errorf("gateway: probe write: %w", err)
		}
	}
	timeout := time.After(time.Minute)
	for _, p := range probes {
		select {
		case <-p.seen:
		case <-timeout:
			return errors.New("gateway: event loop did not start")
		}
	}
	return nil
}
