package gateway

import (
	"math"
	"sync"
	"time"
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
	// waiting holds the conns whose sockets had no room for their next
	// frame. They stay scheduled, so nothing else flushes them, and are
	// retried from retry, which runs only while waiting is not empty:
	// nbio watches a socket for writability only while its own write
	// cache holds bytes, and ours then holds none.
	waiting []waiter
	retry   *time.Timer
	iov     iovecs
}

// waiter is a conn waiting for room in its socket's send buffer.
type waiter struct {
	c     *conn
	due   time.Time
	delay time.Duration
}

// The retry delay of a waiting conn doubles from minRetry to maxRetry: a
// client that is merely slow gets its next frames a few milliseconds after
// it read, and one that stopped reading costs a getsockopt(2) every
// maxRetry until it is dropped.
const (
	minRetry = time.Millisecond
	maxRetry = 16 * time.Millisecond
)

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
	w.retry = time.NewTimer(time.Hour)
	w.retry.Stop()
	for {
		var retry <-chan time.Time
		if len(w.waiting) > 0 {
			retry = w.retry.C
		}
		select {
		case <-w.wake:
		case <-retry:
			w.retryWaiting()
		case <-done:
			w.retry.Stop()
			return
		}
		w.flushReady()
		if len(w.waiting) > 0 {
			next := w.waiting[0].due
			for _, wt := range w.waiting[1:] {
				if wt.due.Before(next) {
					next = wt.due
				}
			}
			w.retry.Reset(time.Until(next))
		}
	}
}

// flushReady flushes every conn on the ready list, until it stays empty.
func (w *flushWorker) flushReady() {
	for {
		w.mu.Lock()
		batch := w.ready
		w.ready = w.spare[:0]
		w.mu.Unlock()
		if len(batch) == 0 {
			w.spare = batch
			return
		}
		for i, c := range batch {
			if c.flush(w) {
				w.waiting = append(w.waiting, waiter{c: c, due: time.Now().Add(minRetry), delay: minRetry})
			}
			batch[i] = nil
		}
		w.spare = batch
	}
}

// retryWaiting flushes the waiting conns that are due.
func (w *flushWorker) retryWaiting() {
	now := time.Now()
	kept := w.waiting[:0]
	for _, wt := range w.waiting {
		if now.Before(wt.due) {
			kept = append(kept, wt)
			continue
		}
		if wt.c.flush(w) {
			wt.delay = min(2*wt.delay, maxRetry)
			wt.due = now.Add(wt.delay)
			kept = append(kept, wt)
		}
	}
	clear(w.waiting[len(kept):])
	w.waiting = kept
}

// The kernel charges a write more memory than its payload: a buffer head
// per segment it cuts the data into (about 900 bytes on Linux 6; with
// 1448-byte segments a write costs about 1.6 times its payload, with
// 64 KiB loopback segments about 1.4 times, a lone small write up to a
// few KiB). writeCost is a bound on that charge for a write of n bytes,
// good for segments down to about 900 bytes: every common path has larger
// ones. A client that forces tiny segments may still find its last frame
// cut off.
func writeCost(n int) int { return 2*n + 2<<10 }

// closeReserve is the room frames leave free in the kernel's buffer, so
// that the closing frames (Disconnect, WebSocket close: a few hundred
// bytes) can always follow the last frame written.
const closeReserve = 4 << 10

// flush writes c's queue until it is empty, nbio is holding bytes for the
// socket to drain, c is closed, or the socket's send buffer has no room
// for the next whole frame. It runs on one worker at a time per conn
// (c.scheduled). It reports wait when it stopped for room: c then stays
// scheduled and the worker retries it later. Otherwise it clears
// c.scheduled.
func (c *conn) flush(w *flushWorker) (wait bool) {
	measured := false // room was measured since the last write
	size := 0         // the socket's buffer size, when measured
	for {
		c.mu.Lock()
		st := c.loadState()
		// While nbio's write cache holds bytes, more writes would only pile
		// up copies there; c.written schedules c again when it is empty.
		if st == stateClosed || st == stateLingering || !c.started.Load() || c.nbioPending.Load() > 0 {
			c.scheduled = false
			c.mu.Unlock()
			return false
		}
		if len(c.queue) == 0 {
			c.scheduled = false
			if st != stateClosing {
				c.mu.Unlock()
				return false
			}
			// The Disconnect is out: half-close so the client reads it, then
			// sees EOF, and closes its side (the sweeper closes ours after
			// CloseTimeout if it does not).
			c.state.Store(uint32(stateLingering))
			c.mu.Unlock()
			if err := c.shutdownWrite(); err != nil {
				c.hardClose(err)
			}
			return false
		}
		bufs, n := c.takeLocked(int(c.room), size)
		if bufs == nil {
			if measured && st == stateClosing && len(c.queue) > int(c.nfinal) &&
				c.g.clock() >= c.closeBy.Load()-int64(c.g.cfg.CloseTimeout/2) {
				// The client has not made room for the frames before the
				// Disconnect in half the close timeout: it is not
				// reading. Drop them, so that the Disconnect goes out
				// into the room kept for it after the last whole frame.
				c.dropDataLocked()
				c.mu.Unlock()
				continue
			}
			c.mu.Unlock()
			if measured {
				return true
			}
			room, sz, err := c.sockRoom()
			if err != nil {
				c.hardClose(err)
				return false
			}
			c.room = int32(min(room, math.MaxInt32))
			size, measured = sz, true
			continue
		}
		c.mu.Unlock()

		partial, err := c.writeBatch(w, bufs)
		putBatch(bufs)
		c.mu.Lock()
		c.inflight = 0
		c.mu.Unlock()
		if err != nil {
			c.hardClose(err)
			return false
		}
		if partial {
			// The rest is in nbio's cache: measure afresh once it is
			// written.
			c.room = 0
		} else {
			c.room = int32(max(int(c.room)-writeCost(n), math.MinInt32))
		}
		measured = false
	}
}

// takeLocked takes the frames to write now off the head of the queue, and
// their length in bytes: the longest run of whole frames that fits in
// room (see writeCost) with closeReserve to spare, or, once no other frame
// is queued, the closing frames, which may use the reserve. It returns nil
// when the first frame does not fit. size is the socket's buffer size when
// room was just measured, else 0: a frame too large for the buffer ever to
// take whole is then taken alone once the kernel's queue is at most a
// quarter full, and written in pieces (the rest through nbio's cache).
//
// It sets c.inflight to the data bytes taken, which still count against
// the write budget.
func (c *conn) takeLocked(room, size int) ([][]byte, int) {
	data := len(c.queue) - int(c.nfinal) // frames before the closing ones
	k, n := 0, 0
	switch {
	case data == 0:
	case writeCost(c.queued)+closeReserve <= room:
		k, n = data, c.queued
	default:
		for k < data && writeCost(n+len(c.queue[k]))+closeReserve <= room {
			n += len(c.queue[k])
			k++
		}
	}
	dataBytes := n
	if k == data && c.nfinal > 0 {
		fn := 0
		for _, b := range c.queue[data:] {
			fn += len(b)
		}
		if writeCost(n+fn) <= room {
			k, n = len(c.queue), n+fn
		}
	}
	if k == 0 {
		if data == 0 || size == 0 || writeCost(len(c.queue[0]))+closeReserve <= size || room < size*3/4 {
			return nil, 0
		}
		k, n, dataBytes = 1, len(c.queue[0]), len(c.queue[0])
	}
	var bufs [][]byte
	if k == len(c.queue) {
		bufs = c.queue
		c.queue = nil
	} else {
		bufs = append(getBatch(), c.queue[:k]...)
		m := copy(c.queue, c.queue[k:])
		clear(c.queue[m:])
		c.queue = c.queue[:m]
	}
	if k > data {
		c.nfinal = 0
	}
	c.queued -= dataBytes
	c.inflight = dataBytes
	return bufs, n
}

// dropDataLocked drops the queued frames before the closing ones.
func (c *conn) dropDataLocked() {
	data := len(c.queue) - int(c.nfinal)
	clear(c.queue[:data])
	m := copy(c.queue, c.queue[data:])
	clear(c.queue[m:])
	c.queue = c.queue[:m]
	c.queued = 0
}

// writeBatch writes bufs in order: what the socket takes now with
// writev(2) under the nbio conn's lock, the rest through nbio's write
// cache, which nbio flushes when the socket turns writable. partial
// reports that nbio's cache got some.
func (c *conn) writeBatch(w *flushWorker, bufs [][]byte) (partial bool, err error) {
	i, off, err := c.writeDirect(&w.iov, bufs)
	if err != nil || i == len(bufs) {
		return false, err
	}
	rest := len(bufs[i]) - off
	for _, b := range bufs[i+1:] {
		rest += len(b)
	}
	// Count before handing over: nbio reports written bytes (c.written)
	// from inside Write already.
	c.nbioPending.Add(int64(rest))
	if _, err := c.nc.Write(bufs[i][off:]); err != nil {
		return true, err
	}
	for _, b := range bufs[i+1:] {
		if _, err := c.nc.Write(b); err != nil {
			return true, err
		}
	}
	return true, nil
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
