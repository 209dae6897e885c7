package api

import (
	"errors"
	"io"
	"net/http"
	"time"
)

// TimedBodies wraps the whole HTTP port (next is its mux) and holds every
// request body on it to the API's BodyTimeout (api.body_timeout), so that
// a caller that never finishes a body cannot hold a connection and a
// goroutine open: the server API, POST /dev/signup, the keyless gRPC
// services and whatever path a caller makes up. Reading the body fails
// with os.ErrDeadlineExceeded once the time is up; BackendService answers
// that with TIMEOUT (see guard), other routes fail as a broken body does.
// Once the body is read to its end the deadline is lifted: on HTTP/1,
// net/http then watches the connection for the caller going away, and
// that read failing at the deadline would cancel a request still being
// served. A stream whose request side stays open (gRPC reflection) ends
// after BodyTimeout.
//
// A request has a body unless its Body is http.NoBody: on HTTP/2 a
// Content-Length of 0 does not end the stream, so it does not count.
func (s *Server) TimedBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			_ = rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout))
			// A copy of the request carries the wrapped body: net/http
			// looks at its own request's body after the handler to close
			// a connection whose body was left unread gently (FIN, then a
			// pause) rather than with a reset.
			r = r.WithContext(r.Context())
			r.Body = &untimedAtEOF{ReadCloser: r.Body, rc: rc}
		}
		next.ServeHTTP(w, r)
	})
}

// untimedAtEOF lifts the read deadline once the whole body is in.
type untimedAtEOF struct {
	io.ReadCloser
	rc *http.ResponseController
}

func (b *untimedAtEOF) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if errors.Is(err, io.EOF) {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
	return n, err
}
