package gateway

import (
	"sync"
)

// flusher is a fixed pool of goroutines that write connections' queues.
// Scheduling never blocks: it appends to the ready list of one worker and
// pokes its wake channel (capacity 1) without waiting.
type flusher struct {
	workers []*flushWorker
}

type flushWorker struct {
	mu    sync.Mutex
	ready []*conn // conns to flush; guarded by mu
	wake  chan struct{}

	// Worker goroutine only.
	spare []*conn
	iov   iovecs
}

func newFlusher(n int) *flusher {
	f := &flusher{workers: make([]*flushWorker, n)}
	for i := range f.workers {
		f.workers[i] = &flushWorker{wake: make(chan struct{}, 1)}
	}
	return f
}

// run starts the workers; they stop when done is closed.
func (f *flusher) run(wg *sync.WaitGroup, done <-chan struct{}) {
	for _, w := range f.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.loop(done)
		}()
	}
}

// schedule queues c for flushing. The caller has set c.scheduled, so c is
// on at most one ready list at a time and its flushes never overlap.
func (f *flusher) schedule(c *conn) {
	w := f.workers[c.id%uint64(len(f.workers))]
	w.mu.Lock()
	w.ready = append(w.ready, c)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default: // already poked; it will see c
	}
}

func (w *flushWorker) loop(done <-chan struct{}) {
	for {
		select {
		case <-w.wake:
		case <-done:
			return
		}
		for {
			w.mu.Lock()
			batch := w.ready
			w.ready = w.spare[:0]
			w.mu.Unlock()
			if len(batch) == 0 {
				w.spare = batch
				break
			}
			for i, c := range batch {
				c.flush(w)
				batch[i] = nil
			}
			w.spare = batch
		}
	}
}

// flush writes c's queue until it is empty, nbio is holding bytes for the
// socket to drain, or c is closed. It runs on one worker at a time per
// conn (c.scheduled), and clears c.scheduled when it stops.
func (c *conn) flush(w *flushWorker) {
	for {
		c.mu.Lock()
		st := c.loadState()
		// While nbio's write cache holds bytes, more writes would only pile
		// up copies there; c.written schedules c again when it is empty.
		if st == stateClosed || st == stateLingering || !c.started.Load() || c.nbioPending.Load() > 0 {
			c.scheduled = false
			c.mu.Unlock()
			return
		}
		if len(c.queue) == 0 {
			c.scheduled = false
			if st != stateClosing {
				c.mu.Unlock()
				return
			}
			// The Disconnect is out: half-close so the client reads it, then
			// sees EOF, and closes its side (the sweeper closes ours after
			// CloseTimeout if it does not).
			c.state.Store(uint32(stateLingering))
			c.mu.Unlock()
			if err := c.shutdownWrite(); err != nil {
				c.hardClose(err)
			}
			return
		}
		bufs := c.queue
		c.queue, c.inflight, c.queued = nil, c.queued, 0
		c.mu.Unlock()

		err := c.writeBatch(w, bufs)
		putBatch(bufs)
		c.mu.Lock()
		c.inflight = 0
		c.mu.Unlock()
		if err != nil {
			c.hardClose(err)
			return
		}
	}
}

// writeBatch writes bufs in order: what the socket takes now with
// writev(2) under the nbio conn's lock, the rest through nbio's write
// cache, which nbio flushes when the socket turns writable.
func (c *conn) writeBatch(w *flushWorker, bufs [][]byte) error {
	i, off, err := c.writeDirect(&w.iov, bufs)
	if err != nil || i == len(bufs) {
		return err
	}
	rest := len(bufs[i]) - off
	for _, b := range bufs[i+1:] {
		rest += len(b)
	}
	// Count before handing over: nbio reports written bytes (c.written)
	// from inside Write already.
	c.nbioPending.Add(int64(rest))
	if _, err := c.nc.Write(bufs[i][off:]); err != nil {
		return err
	}
	for _, b := range bufs[i+1:] {
		if _, err := c.nc.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// written is nbio's report that n bytes went to the socket. Bytes we did
// not hand to nbio's cache (the WebSocket handshake response, close frames
// nbio writes itself) may be reported too, so the count never goes below
// zero. It runs with the nbio conn's lock held.
func (c *conn) written(n int) {
	for {
		p := c.nbioPending.Load()
		if p <= 0 {
			return
		}
		np := max(p-int64(n), 0)
		if !c.nbioPending.CompareAndSwap(p, np) {
			continue
		}
		if np == 0 {
			c.mu.Lock()
			kick := c.kickLocked()
			c.mu.Unlock()
			if kick {
				c.g.flush.schedule(c)
			}
		}
		return
	}
}
