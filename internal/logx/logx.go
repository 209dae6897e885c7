// Package logx sets up Chorus's structured logs (log/slog, text or JSON)
// and carries request ids: a handler adds the request id found in the
// context to every line logged with that context, so a log pipeline can
// follow one request across layers and nodes.
//
// It must stay small and free of Chorus types: every package may import it.
package logx

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
)

// New returns a logger writing to w in format "text" (default) or "json" at
// level "debug", "info" (default), "warn" or "error".
func New(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "", "info":
		lv = slog.LevelInfo
	case "debug":
		lv = slog.LevelDebug
	case "warn", "warning":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	var h slog.Handler
	switch strings.ToLower(format) {
	case "", "text":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("log format %q: want text or json", format)
	}
	return slog.New(Handler{h}), nil
}

// Discard is a logger that drops everything, for tests and benchmarks.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Handler adds the request id of the context, if any, to every record.
type Handler struct{ slog.Handler }

// Handle implements slog.Handler.
func (h Handler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h Handler) WithAttrs(as []slog.Attr) slog.Handler { return Handler{h.Handler.WithAttrs(as)} }

// WithGroup implements slog.Handler.
func (h Handler) WithGroup(name string) slog.Handler { return Handler{h.Handler.WithGroup(name)} }

type ctxKey struct{}

// requestID is kept unformatted: most requests log nothing, so a frame's
// id is only turned into a string when a line is written.
type requestID struct {
	s     string
	conn  uint64
	frame uint64
}

// WithRequestID returns ctx carrying request id id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, &requestID{s: id})
}

// WithFrameID returns ctx carrying the request id of frame frameID on
// connection conn: "<node prefix>c<conn>-<frame>".
func WithFrameID(ctx context.Context, conn, frame uint64) context.Context {
	return context.WithValue(ctx, ctxKey{}, &requestID{conn: conn, frame: frame})
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	r, _ := ctx.Value(ctxKey{}).(*requestID)
	if r == nil {
		return ""
	}
	if r.s != "" {
		return r.s
	}
	return processPrefix + "c" + strconv.FormatUint(r.conn, 10) + "-" + strconv.FormatUint(r.frame, 10)
}

// processPrefix makes ids of different processes differ, so ids stay
// unique in a log pipeline that collects many nodes and restarts.
var processPrefix = func() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "-"
}()

var counter atomic.Uint64

// NewRequestID returns a new id unique across processes, for a request that
// arrived without one.
func NewRequestID() string {
	return processPrefix + strconv.FormatUint(counter.Add(1), 36)
}
