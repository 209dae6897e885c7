package api

import (
	"compress/gzip"
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/logx"
)

// This file is the HTTP front of BackendService: what has to happen before
// connect reads the request body. Connect reads and decodes the whole body
// before any interceptor runs, so checks made there come too late: a
// caller without a key could make the node read (or wait for) a body it
// is going to refuse, and connect's own size limit answers
// RESOURCE_EXHAUSTED (HTTP 429, "retry later") outside the catalogue.

// guard wraps the BackendService handler: it gives the request its id,
// checks the API key, refuses a body announced larger than
// max_request_bytes, holds the rest of the body to that size as connect
// reads it, and answers a body that missed body_timeout (TimedBodies sets
// the deadline) with TIMEOUT.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rid := r.Header.Get("X-Request-Id")
		if !saneRequestID(rid) {
			rid = logx.NewRequestID()
		}
		r = r.WithContext(logx.WithRequestID(r.Context(), rid))
		// Set here once, so every answer carries it: the refusals below,
		// connect's own errors and the handlers' responses.
		w.Header().Set("X-Request-Id", rid)

		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || !s.validKey([]byte(strings.TrimSpace(got))) {
			s.refuse(w, r, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID,
				`missing or wrong API key; send "Authorization: Bearer <key>"`))
			return
		}
		if r.ContentLength > int64(s.cfg.MaxRequestBytes) {
			s.refuse(w, r, s.tooLarge())
			return
		}
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r) // no body to wait for (e.g. a Connect GET)
			return
		}
		// TimedBodies, in front of the whole port, set the deadline.
		b := &body{
			ReadCloser: http.MaxBytesReader(w, r.Body, int64(s.cfg.MaxRequestBytes)),
			s:          s, w: w, r: r,
		}
		r.Body = b
		next.ServeHTTP(statusWriter{ResponseWriter: w, body: b}, r)
	})
}

// saneRequestID accepts a caller's X-Request-Id: up to 128 printable
// ASCII characters, safe in a header and a log line.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}

// validKey compares got with every configured key in constant time.
func (s *Server) validKey(got []byte) bool {
	ok := 0
	for _, k := range s.keys {
		ok |= subtle.ConstantTimeCompare(got, k)
	}
	return ok == 1
}

// tooLarge is the refusal of a body over max_request_bytes.
func (s *Server) tooLarge() *im.Error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE,
		"the request body is larger than %d bytes (api.max_request_bytes)", s.cfg.MaxRequestBytes)
}

// refuse answers err before the body is read, in the caller's protocol.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err *im.Error) {
	s.logRefusal(r, err)
	stopReading(w, r)
	_ = s.errors.Write(statusWriter{ResponseWriter: w}, r, s.toConnectError(r.Context(), err))
}

// logRefusal logs a refusal as the interceptor logs a failed call.
func (s *Server) logRefusal(r *http.Request, err *im.Error) {
	s.log.DebugContext(r.Context(), "api call failed", "procedure", r.URL.Path, "code", im.CodeName(err.Code))
}

// stopReading keeps net/http from waiting for the rest of a body the node
// refused. After the handler, HTTP/1 reads up to 256 KiB of what is left
// of the body so it can reuse the connection: for a body that never comes
// that is a wait until the read deadline. A past deadline makes that read
// fail at once, and "Connection: close" ends the connection after the
// answer. HTTP/2 needs neither: it resets the stream after the answer and
// the connection carries on.
func stopReading(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor != 1 || r.ContentLength == 0 {
		return
	}
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now())
}

// body is a request body as connect reads it, held to max_request_bytes
// (by http.MaxBytesReader) and to body_timeout (by the read deadline
// TimedBodies set). Going over either turns into a catalogue error that connect
// passes on to the caller in its protocol.
type body struct {
	io.ReadCloser
	s        *Server
	w        http.ResponseWriter
	r        *http.Request
	err      *connect.Error // once refused, every Read returns it
	timedOut bool
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.ReadCloser.Read(p)
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil, errors.Is(err, io.EOF):
	case errors.As(err, &tooLarge):
		err = b.refuse(b.s.tooLarge())
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.timedOut = true
		err = b.refuse(im.Errorf(chorusv1.ErrorCode_ERROR_CODE_TIMEOUT,
			"the request body did not arrive within %v (api.body_timeout)", b.s.cfg.BodyTimeout))
	}
	return n, err
}

func (b *body) refuse(err *im.Error) error {
	b.s.logRefusal(b.r, err)
	stopReading(b.w, b.r)
	b.err = b.s.toConnectError(b.r.Context(), err)
	return b.err
}

// statusWriter corrects the HTTP status of the Connect protocol's unary
// errors where connect's mapping from the gRPC code says something else
// than the catalogue: 413, not 400, for REQUEST_TOO_LARGE, and 408, not
// 504 (a gateway's timeout), for a body that did not arrive in time.
// gRPC and gRPC-Web answer 200 with the code in grpc-status, and pass.
type statusWriter struct {
	http.ResponseWriter
	body *body // nil before the body is read
}

var tooLargeCode = strconv.Itoa(int(chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE))

func (w statusWriter) WriteHeader(status int) {
	if status != http.StatusOK {
		switch {
		case w.Header().Get("Chorus-Error-Code") == tooLargeCode:
			status = http.StatusRequestEntityTooLarge
		case w.body != nil && w.body.timedOut:
			status = http.StatusRequestTimeout
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

// Flush passes on, for connect's streaming protocols.
func (w statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// Unwrap lets http.ResponseController reach the connection.
func (w statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// gunzip is connect's gzip decompressor with max_request_bytes applied to
// what it inflates: the body limit counts compressed bytes, and a small
// compressed body may not expand past the limit either. It stands in for
// connect.WithReadMaxBytes, whose errors are outside the catalogue.
type gunzip struct {
	gzip.Reader
	s    *Server
	left int64
}

func (g *gunzip) Reset(r io.Reader) error {
	g.left = int64(g.s.cfg.MaxRequestBytes)
	return g.Reader.Reset(r)
}

func (g *gunzip) Read(p []byte) (int, error) {
	if int64(len(p)) > g.left+1 {
		p = p[:g.left+1] // one byte past the limit tells "over" from "at"
	}
	n, err := g.Reader.Read(p)
	if int64(n) > g.left {
		// No request context here, so no log line; the answer still
		// carries the request id, set by guard.
		return int(g.left), g.s.toConnectError(context.Background(), g.s.tooLarge())
	}
	g.left -= int64(n)
	return n, err
}
