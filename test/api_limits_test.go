package test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	grpcgzip "google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/api/chorusv1/chorusv1connect"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/logx"
)

// The limits here are small so the tests send little.
const (
	testMaxRequestBytes = 4096
	testBodyTimeout     = 500 * time.Millisecond
	// replyWithin bounds how long a test waits for the node to answer or
	// close a connection. It only tells "answered" from "held open"
	// (unfinished bodies used to be held for 100 s and more); nothing
	// asserts how fast the node is.
	replyWithin = 15 * time.Second
)

func smallLimits(c *config.Config) {
	c.API.MaxRequestBytes = testMaxRequestBytes
	c.API.BodyTimeout.Duration = testBodyTimeout
}

// httpReply is an HTTP answer of the server API, decoded as far as it goes.
type httpReply struct {
	Status int
	Header http.Header
	Body   []byte
	apiError
}

// post sends body to a BackendService method over HTTP/1.1 with the given
// headers (Content-Type defaults to application/json). A body that is not
// a *bytes.Reader or *strings.Reader goes out chunked, without a
// Content-Length.
func (tn *testNode) post(t testing.TB, method string, header map[string]string, body io.Reader) *httpReply {
	t.Helper()
	req, err := http.NewRequest("POST", "http://"+tn.HTTPAddr()+"/chorus.v1.BackendService/"+method, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	defer res.Body.Close()
	return readReply(t, res)
}

func readReply(t testing.TB, res *http.Response) *httpReply {
	t.Helper()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading the reply: %v", err)
	}
	r := &httpReply{Status: res.StatusCode, Header: res.Header, Body: raw}
	r.apiError.Status = res.StatusCode
	r.ChorusCode = res.Header.Get("Chorus-Error-Code")
	if res.StatusCode != http.StatusOK {
		if err := json.Unmarshal(raw, &r.ConnectErr); err != nil {
			t.Fatalf("HTTP %d, error body %q: %v", res.StatusCode, raw, err)
		}
		for _, d := range r.ConnectErr.Details {
			if d.Type == "chorus.v1.Error" {
				_ = json.Unmarshal(d.Debug, &r.Chorus)
			}
		}
	}
	return r
}

// wantCatalogue fails unless r is the catalogue error code (e.g.
// "REQUEST_TOO_LARGE") with HTTP status httpStatus: in the status, the
// Chorus-Error-Code header and the chorus.v1.Error detail.
func wantCatalogue(t testing.TB, what string, r *httpReply, httpStatus int, code chorusv1.ErrorCode) {
	t.Helper()
	if r.Status != httpStatus || r.ChorusCode != strconv.Itoa(int(code)) || r.Chorus.Code != code.String() {
		t.Fatalf("%s: got HTTP %d, Chorus-Error-Code %q, detail %q (%s); want HTTP %d and %s",
			what, r.Status, r.ChorusCode, r.Chorus.Code, r.Body, httpStatus, code)
	}
}

// rawHTTP is an HTTP/1.1 connection driven by hand, for requests whose
// body never finishes.
type rawHTTP struct {
	t testing.TB
	net.Conn
	br *bufio.Reader
}

// openRequest dials the node and sends the request line, headers and the
// start of a body, and leaves the rest of the body unsent.
func (tn *testNode) openRequest(t testing.TB, method string, headers []string, bodyStart string) *rawHTTP {
	t.Helper()
	c, err := net.DialTimeout("tcp", tn.HTTPAddr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	head := "POST /chorus.v1.BackendService/" + method + " HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/json\r\n" +
		strings.Join(headers, "\r\n") + "\r\n\r\n"
	if _, err := io.WriteString(c, head+bodyStart); err != nil {
		t.Fatal(err)
	}
	return &rawHTTP{t: t, Conn: c, br: bufio.NewReader(c)}
}

// reply reads the node's answer, failing when none comes by deadline.
func (c *rawHTTP) reply(deadline time.Time) *httpReply {
	c.t.Helper()
	_ = c.SetReadDeadline(deadline)
	res, err := http.ReadResponse(c.br, nil)
	if err != nil {
		c.t.Fatalf("no answer: %v", err)
	}
	defer res.Body.Close()
	return readReply(c.t, res)
}

// expectClosed fails unless the node closes the connection by deadline.
func (c *rawHTTP) expectClosed(deadline time.Time) {
	c.t.Helper()
	_ = c.SetReadDeadline(deadline)
	_, err := io.Copy(io.Discard, c.br)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		c.t.Fatal("the node kept the connection open after its answer")
	}
}

// A caller without the right key is refused before the node reads its
// body: a malformed body, a body over the limit, a body that never comes
// all get 401 API_KEY_INVALID, and the connection is not kept waiting for
// the rest.
func TestAPIKeyIsCheckedBeforeTheBody(t *testing.T) {
	tn := startNode(t, "", nil) // default limits: 1 MiB, 10 s

	r := tn.post(t, "GetUser", map[string]string{"Authorization": "Bearer wrong-key-0123456789"}, strings.NewReader(`{"userId": `))
	wantCatalogue(t, "wrong key, malformed body", r, http.StatusUnauthorized, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID)

	big := bytes.Repeat([]byte(" "), 10<<20)
	r = tn.post(t, "GetUser", nil, bytes.NewReader(big))
	wantCatalogue(t, "no key, 10 MB body", r, http.StatusUnauthorized, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID)

	// The headers promise 10 MB that never come: the answer cannot wait
	// for them, and the node then closes the connection rather than
	// draining a body that will not arrive.
	c := tn.openRequest(t, "GetUser", []string{"Content-Length: 10485760"}, "")
	deadline := time.Now().Add(replyWithin)
	wantCatalogue(t, "no key, body never sent", c.reply(deadline), http.StatusUnauthorized, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID)
	c.expectClosed(deadline)

	c = tn.openRequest(t, "GetUser", []string{"Authorization: Bearer wrong-key-0123456789", "Transfer-Encoding: chunked"}, "5\r\n{\"use\r\n")
	wantCatalogue(t, "wrong key, chunked body never finished", c.reply(deadline), http.StatusUnauthorized, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID)
	c.expectClosed(deadline)

	// The right key still works on a fresh connection.
	tn.createUser(t, "after-refusals")
}

// Bodies over api.max_request_bytes get 413 REQUEST_TOO_LARGE over
// HTTP/JSON, announced (Content-Length) or not (chunked), and bodies up to
// the limit are served.
func TestRequestTooLargeOverHTTP(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	auth := map[string]string{"Authorization": "Bearer " + tn.APIKey()}

	// JSON may be padded with spaces: the limit counts body bytes.
	padded := func(id string, size int) string {
		body := `{"user":{"id":"` + id + `","name":"Padded"}}`
		return body[:len(body)-1] + strings.Repeat(" ", size-len(body)) + "}"
	}
	r := tn.post(t, "CreateUser", auth, strings.NewReader(padded("at-limit", testMaxRequestBytes)))
	if r.Status != http.StatusOK {
		t.Fatalf("a body of exactly the limit: HTTP %d %s", r.Status, r.Body)
	}

	r = tn.post(t, "CreateUser", auth, strings.NewReader(padded("one-over", testMaxRequestBytes+1)))
	wantCatalogue(t, "one byte over, with Content-Length", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
	if r.ConnectErr.Code != "invalid_argument" || !strings.Contains(r.ConnectErr.Message, "4096") {
		t.Fatalf("error body %s: want code invalid_argument and the limit in the message", r.Body)
	}

	// io.MultiReader hides the length, so the client sends it chunked.
	r = tn.post(t, "CreateUser", auth, io.MultiReader(strings.NewReader(padded("chunked", 3*testMaxRequestBytes))))
	wantCatalogue(t, "chunked, over the limit", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)

	// A chunked body that goes over the limit and then stalls is answered
	// at the limit, not after the rest (which never comes).
	chunk := strings.Repeat(" ", testMaxRequestBytes+10)
	c := tn.openRequest(t, "GetUser", []string{"Authorization: Bearer " + tn.APIKey(), "Transfer-Encoding: chunked"},
		fmt.Sprintf("%x\r\n%s\r\n", len(chunk), chunk))
	deadline := time.Now().Add(replyWithin)
	wantCatalogue(t, "chunked, over the limit, then stalled", c.reply(deadline), http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
	c.expectClosed(deadline)

	// Announced too large, never sent: refused from the headers.
	c = tn.openRequest(t, "GetUser", []string{"Authorization: Bearer " + tn.APIKey(), "Content-Length: 5000"}, "")
	wantCatalogue(t, "Content-Length over the limit, body never sent", c.reply(deadline), http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
	c.expectClosed(deadline)

	// The default limit is 1 MiB.
	def := startNode(t, "", nil)
	r = def.post(t, "GetUser", map[string]string{"Authorization": "Bearer " + def.APIKey()}, bytes.NewReader(bytes.Repeat([]byte(" "), 1<<20+1)))
	wantCatalogue(t, "default limit", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
}

// gRPC and gRPC-Web callers get the catalogue's gRPC status for a body
// over the limit: INVALID_ARGUMENT with a REQUEST_TOO_LARGE detail and
// Chorus-Error-Code, never RESOURCE_EXHAUSTED (which says "retry").
func TestRequestTooLargeOverGRPC(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	huge := &chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "huge", Name: strings.Repeat("x", 2*testMaxRequestBytes)}}

	conn := dialGRPC(t, tn.HTTPAddr())
	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tn.APIKey())
	var trailer metadata.MD
	err := conn.Invoke(authed, "/chorus.v1.BackendService/CreateUser", huge, &chorusv1.CreateUserResponse{}, grpc.Trailer(&trailer))
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || len(st.Details()) != 1 {
		t.Fatalf("gRPC: %v (details %v)", err, st.Details())
	}
	if d, ok := st.Details()[0].(*chorusv1.Error); !ok || d.GetCode() != chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE {
		t.Fatalf("gRPC detail %v", st.Details()[0])
	}
	if got := trailer.Get("chorus-error-code"); len(got) != 1 || got[0] != "1007" {
		t.Fatalf("gRPC trailer %v", trailer)
	}
	// The stream is refused, the connection stays usable.
	if err := conn.Invoke(authed, "/chorus.v1.BackendService/CreateUser",
		&chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "small", Name: "Small"}}, &chorusv1.CreateUserResponse{}); err != nil {
		t.Fatalf("gRPC call after the refusal: %v", err)
	}
	// Without a key the key is what is wrong.
	err = conn.Invoke(ctx, "/chorus.v1.BackendService/CreateUser", huge, &chorusv1.CreateUserResponse{})
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("gRPC without a key: %v", err)
	}

	for name, opts := range map[string][]connect.ClientOption{
		"gRPC-Web":         {connect.WithGRPCWeb()},
		"Connect protobuf": nil, // what imctl speaks
	} {
		opts = append(opts, connect.WithInterceptors(bearer(tn.APIKey())))
		api := chorusv1connect.NewBackendServiceClient(http.DefaultClient, "http://"+tn.HTTPAddr(), opts...)
		_, err := api.CreateUser(ctx, connect.NewRequest(huge))
		if connect.CodeOf(err) != connect.CodeInvalidArgument || catalogueCode(err) != chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE {
			t.Fatalf("%s: %v", name, err)
		}
		var ce *connect.Error
		if errors.As(err, &ce); ce.Meta().Get("Chorus-Error-Code") != "1007" {
			t.Fatalf("%s: metadata %v", name, ce.Meta())
		}
	}
}

// A compressed body is held to the limit twice: as sent, and as it
// inflates, so a small gzip body cannot expand into a large message.
func TestCompressedBodiesAreLimitedInflated(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	gzipped := func(s string) io.Reader {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = io.WriteString(zw, s)
		_ = zw.Close()
		if b.Len() > testMaxRequestBytes {
			t.Fatalf("compressed to %d bytes, over the limit as sent", b.Len())
		}
		return bytes.NewReader(b.Bytes())
	}
	headers := map[string]string{"Authorization": "Bearer " + tn.APIKey(), "Content-Encoding": "gzip"}
	r := tn.post(t, "CreateUser", headers, gzipped(`{"user":{"id":"zipped","name":"Zipped"}}`))
	if r.Status != http.StatusOK {
		t.Fatalf("small gzip body: HTTP %d %s", r.Status, r.Body)
	}
	r = tn.post(t, "CreateUser", headers, gzipped(`{"user":{"id":"bomb"}`+strings.Repeat(" ", 100*testMaxRequestBytes)+`}`))
	wantCatalogue(t, "gzip body inflating past the limit", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)

	conn := dialGRPC(t, tn.HTTPAddr())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tn.APIKey())
	err := conn.Invoke(authed, "/chorus.v1.BackendService/CreateUser",
		&chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "bomb", Name: strings.Repeat("x", 100*testMaxRequestBytes)}},
		&chorusv1.CreateUserResponse{}, grpc.UseCompressor(grpcgzip.Name))
	st := status.Convert(err)
	if st.Code() != codes.InvalidArgument || len(st.Details()) != 1 {
		t.Fatalf("gRPC, gzip: %v", err)
	}
	if d, ok := st.Details()[0].(*chorusv1.Error); !ok || d.GetCode() != chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE {
		t.Fatalf("gRPC, gzip: detail %v", st.Details()[0])
	}
}

// bearer is a connect interceptor that sends key.
func bearer(key string) connect.UnaryInterceptorFunc {
	return func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			req.Header().Set("Authorization", "Bearer "+key)
			return next(ctx, req)
		}
	}
}

// catalogueCode is the code of the chorus.v1.Error detail of a connect
// error, or 0.
func catalogueCode(err error) chorusv1.ErrorCode {
	var ce *connect.Error
	if !errors.As(err, &ce) {
		return 0
	}
	for _, d := range ce.Details() {
		if v, derr := d.Value(); derr == nil {
			if e, ok := v.(*chorusv1.Error); ok {
				return e.GetCode()
			}
		}
	}
	return 0
}

// Bodies that never finish, with or without a key, announced or chunked,
// are answered and closed once api.body_timeout has passed (401 at once
// without a key, 408 TIMEOUT with one), and the node serves other calls
// all the while.
func TestUnfinishedBodiesAreCutOff(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	key := "Authorization: Bearer " + tn.APIKey()
	type stalled struct {
		name string
		c    *rawHTTP
		want int
	}
	var open []stalled
	for i := range 10 {
		for _, s := range []struct {
			name    string
			headers []string
			start   string
			want    int
		}{
			{"no key, Content-Length", []string{"Content-Length: 100"}, `{"userId":`, http.StatusUnauthorized},
			{"no key, chunked", []string{"Transfer-Encoding: chunked"}, "3\r\n{\"u\r\n", http.StatusUnauthorized},
			{"key, Content-Length", []string{key, "Content-Length: 100"}, `{"userId":`, http.StatusRequestTimeout},
			{"key, chunked", []string{key, "Transfer-Encoding: chunked"}, "3\r\n{\"u\r\n", http.StatusRequestTimeout},
		} {
			open = append(open, stalled{fmt.Sprintf("%s #%d", s.name, i), tn.openRequest(t, "GetUser", s.headers, s.start), s.want})
		}
	}
	tn.createUser(t, "served-meanwhile")

	deadline := time.Now().Add(replyWithin)
	for _, s := range open {
		r := s.c.reply(deadline)
		code := chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID
		if s.want == http.StatusRequestTimeout {
			code = chorusv1.ErrorCode_ERROR_CODE_TIMEOUT
		}
		wantCatalogue(t, s.name, r, s.want, code)
		s.c.expectClosed(deadline)
	}
	tn.createUser(t, "served-after")
}

// Over HTTP/2 (gRPC), a request stream whose body never ends gets
// DEADLINE_EXCEEDED with a TIMEOUT detail after api.body_timeout; without
// a key it is refused at once.
func TestUnfinishedGRPCStreamsAreCutOff(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	ctx, cancel := context.WithTimeout(context.Background(), replyWithin)
	defer cancel()
	conn := dialGRPC(t, tn.HTTPAddr())
	// A unary method opened as a stream: one message, then the request
	// side is never closed.
	desc := &grpc.StreamDesc{ClientStreams: true, ServerStreams: true}
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		code   codes.Code
		detail chorusv1.ErrorCode
	}{
		{"with key", metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tn.APIKey()), codes.DeadlineExceeded, chorusv1.ErrorCode_ERROR_CODE_TIMEOUT},
		{"without key", ctx, codes.Unauthenticated, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID},
	} {
		stream, err := conn.NewStream(tc.ctx, desc, "/chorus.v1.BackendService/GetUser")
		if err != nil {
			t.Fatal(err)
		}
		// io.EOF: the node answered already (no key); RecvMsg has why.
		if err := stream.SendMsg(&chorusv1.GetUserRequest{UserId: "nobody"}); err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
		err = stream.RecvMsg(&chorusv1.GetUserResponse{})
		st := status.Convert(err)
		// The detail tells the node's answer from this test's own deadline.
		if st.Code() != tc.code || len(st.Details()) != 1 {
			t.Fatalf("%s: %v (details %v)", tc.name, err, st.Details())
		}
		if d, ok := st.Details()[0].(*chorusv1.Error); !ok || d.GetCode() != tc.detail {
			t.Fatalf("%s: detail %v", tc.name, st.Details()[0])
		}
	}
	// The HTTP/2 connection is still good.
	authed := metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+tn.APIKey())
	if err := conn.Invoke(authed, "/chorus.v1.BackendService/CreateUser",
		&chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "after", Name: "After"}}, &chorusv1.CreateUserResponse{}); err != nil {
		t.Fatal(err)
	}
}

// Errors written before the body is read carry the request id like any
// other: the caller's X-Request-Id, or a new one, and it is on the log
// line about the refusal.
func TestRequestIDsOnRefusals(t *testing.T) {
	var buf syncBuffer
	log, err := logx.New(&buf, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	tn := startNodeLogging(t, "", smallLimits, log)
	auth := "Bearer " + tn.APIKey()
	tooLarge := strings.Repeat(" ", 2*testMaxRequestBytes)

	r := tn.post(t, "GetUser", map[string]string{"X-Request-Id": "refused-401"}, strings.NewReader(`{}`))
	wantCatalogue(t, "no key", r, http.StatusUnauthorized, chorusv1.ErrorCode_ERROR_CODE_API_KEY_INVALID)
	if got := r.Header.Values("X-Request-Id"); len(got) != 1 || got[0] != "refused-401" {
		t.Fatalf("401: X-Request-Id %q", got)
	}
	r = tn.post(t, "GetUser", map[string]string{"X-Request-Id": "refused-413", "Authorization": auth}, strings.NewReader(tooLarge))
	wantCatalogue(t, "Content-Length over", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
	if got := r.Header.Values("X-Request-Id"); len(got) != 1 || got[0] != "refused-413" {
		t.Fatalf("413: X-Request-Id %q", got)
	}
	r = tn.post(t, "GetUser", map[string]string{"X-Request-Id": "refused-chunked", "Authorization": auth}, io.MultiReader(strings.NewReader(tooLarge)))
	wantCatalogue(t, "chunked over", r, http.StatusRequestEntityTooLarge, chorusv1.ErrorCode_ERROR_CODE_REQUEST_TOO_LARGE)
	if got := r.Header.Values("X-Request-Id"); len(got) != 1 || got[0] != "refused-chunked" {
		t.Fatalf("chunked 413: X-Request-Id %q", got)
	}
	r = tn.post(t, "GetUser", map[string]string{"Authorization": auth}, strings.NewReader(tooLarge))
	made := r.Header.Get("X-Request-Id")
	if made == "" {
		t.Fatal("413 without X-Request-Id: the node made none")
	}

	waitFor(t, "a log line per refusal", func() bool {
		want := map[string]string{"refused-401": "API_KEY_INVALID", "refused-413": "REQUEST_TOO_LARGE",
			"refused-chunked": "REQUEST_TOO_LARGE", made: "REQUEST_TOO_LARGE"}
		for _, l := range buf.lines() {
			rid, _ := l["request_id"].(string)
			if l["msg"] == "api call failed" && l["code"] == want[rid] {
				delete(want, rid)
			}
		}
		return len(want) == 0
	})
}

// Every route of the HTTP port holds its bodies to api.body_timeout, not
// only the server API: a POST to /dev/signup, to the keyless gRPC
// services, or to a path that does not exist, whose body never finishes,
// announced or chunked, is answered or closed once it passed.
func TestUnfinishedBodiesElsewhereAreCutOff(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	var open []*rawHTTP
	for _, path := range []string{"/dev/signup", "/no/such/path", "/grpc.health.v1.Health/Check", "/chorus.v1.Nope/X", "/grpc.nope/X"} {
		for _, framing := range []string{"Content-Length: 100\r\n\r\n{\"userId\":", "Transfer-Encoding: chunked\r\n\r\n3\r\n{\"u\r\n"} {
			c, err := net.DialTimeout("tcp", tn.HTTPAddr(), 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			if _, err := io.WriteString(c, "POST "+path+" HTTP/1.1\r\nHost: chorus\r\nContent-Type: application/json\r\n"+framing); err != nil {
				t.Fatal(err)
			}
			open = append(open, &rawHTTP{t: t, Conn: c, br: bufio.NewReader(c)})
		}
	}
	tn.createUser(t, "served-meanwhile")
	deadline := time.Now().Add(replyWithin)
	for _, c := range open {
		c.expectClosed(deadline)
	}
}

// Over HTTP/2 a Content-Length of 0 does not end a stream: a request that
// says it and then sends nothing, and never ends its stream, is timed like
// any other. Each gets an answer (or a reset) once api.body_timeout passed.
func TestHTTP2EmptyLengthStreamsAreTimed(t *testing.T) {
	tn := startNode(t, "", smallLimits)
	c, err := net.DialTimeout("tcp", tn.HTTPAddr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, http2.ClientPreface); err != nil {
		t.Fatal(err)
	}
	fr := http2.NewFramer(c, c)
	if err := fr.WriteSettings(); err != nil {
		t.Fatal(err)
	}
	var hdr bytes.Buffer
	enc := hpack.NewEncoder(&hdr)
	streams := map[uint32]string{}
	for i, path := range []string{"/dev/signup", "/chorus.v1.BackendService/GetUser", "/grpc.health.v1.Health/Check"} {
		hdr.Reset()
		for _, f := range [][2]string{{":method", "POST"}, {":scheme", "http"}, {":authority", "chorus"}, {":path", path},
			{"content-type", "application/json"}, {"content-length", "0"}, {"authorization", "Bearer " + tn.APIKey()}} {
			if err := enc.WriteField(hpack.HeaderField{Name: f[0], Value: f[1]}); err != nil {
				t.Fatal(err)
			}
		}
		id := uint32(2*i + 1)
		streams[id] = path
		if err := fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: hdr.Bytes(), EndHeaders: true}); err != nil {
			t.Fatal(err)
		}
	}
	_ = c.SetReadDeadline(time.Now().Add(replyWithin))
	for len(streams) > 0 {
		f, err := fr.ReadFrame()
		if err != nil {
			t.Fatalf("streams %v got no answer: %v", streams, err)
		}
		switch f := f.(type) {
		case *http2.HeadersFrame:
			delete(streams, f.StreamID)
		case *http2.RSTStreamFrame:
			delete(streams, f.StreamID)
		case *http2.GoAwayFrame:
			t.Fatalf("the node went away (%v) with streams %v open", f.ErrCode, streams)
		case *http2.SettingsFrame:
			if !f.IsAck() {
				_ = fr.WriteSettingsAck()
			}
		}
	}
}
