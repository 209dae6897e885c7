package test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/logx"
	"github.com/chorus-im/chorus/internal/node"
	"github.com/chorus-im/chorus/internal/testutil"
)

// testNode is a node started for one test.
type testNode struct {
	*node.Node
	dir    string
	onStop func()
}

// startNode starts a node on port 0 with its data in dir (a fresh temp dir
// when dir is ""). mutate may change the config first. The node is shut
// down when the test ends unless the test stopped it already.
func startNode(t testing.TB, dir string, mutate func(*config.Config)) *testNode {
	t.Helper()
	return startNodeLogging(t, dir, mutate, logx.Discard())
}

// startNodeLogging is startNode with the node's logs going to log.
func startNodeLogging(t testing.TB, dir string, mutate func(*config.Config), log *slog.Logger) *testNode {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	cfg := config.Default()
	cfg.Node.DataDir = dir
	cfg.Store.SQLite.Path = filepath.Join(dir, "chorus.db")
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.TCP.Addr = "127.0.0.1:0"
	if mutate != nil {
		mutate(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	n, err := node.New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	tn := &testNode{Node: n, dir: dir}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			tn.stop(t)
		}
	})
	tn.onStop = func() { stopped = true }
	return tn
}

func (tn *testNode) stop(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tn.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if tn.onStop != nil {
		tn.onStop()
	}
}

func (tn *testNode) wsURL() string { return "ws://" + tn.HTTPAddr() + "/ws" }

// apiError is a failed server API call as an HTTP caller sees it.
type apiError struct {
	Status     int
	ConnectErr struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Details []struct {
			Type  string          `json:"type"`
			Debug json.RawMessage `json:"debug"`
		} `json:"details"`
	}
	ChorusCode string // the Chorus-Error-Code header
	Chorus     struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		Temporary bool   `json:"temporary"`
	}
}

func (e *apiError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s (%s)", e.Status, e.ConnectErr.Code, e.ConnectErr.Message, e.Chorus.Code)
}

// call invokes a BackendService method over HTTP with a JSON body, the way
// curl does, with the given API key.
func (tn *testNode) callWithKey(t testing.TB, key, method string, req, resp proto.Message) error {
	t.Helper()
	body, err := protojson.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	hreq, _ := http.NewRequest("POST", "http://"+tn.HTTPAddr()+"/chorus.v1.BackendService/"+method, bytes.NewReader(body))
	hreq.Header.Set("Content-Type", "application/json")
	if key != "" {
		hreq.Header.Set("Authorization", "Bearer "+key)
	}
	hres, err := http.DefaultClient.Do(hreq)
	if err != nil {
		t.Fatal(err)
	}
	defer hres.Body.Close()
	raw, _ := io.ReadAll(hres.Body)
	if hres.StatusCode != http.StatusOK {
		e := &apiError{Status: hres.StatusCode, ChorusCode: hres.Header.Get("Chorus-Error-Code")}
		if err := json.Unmarshal(raw, &e.ConnectErr); err != nil {
			t.Fatalf("%s: error body %q: %v", method, raw, err)
		}
		for _, d := range e.ConnectErr.Details {
			if d.Type == "chorus.v1.Error" {
				_ = json.Unmarshal(d.Debug, &e.Chorus)
			}
		}
		return e
	}
	if err := protojson.Unmarshal(raw, resp); err != nil {
		t.Fatalf("%s: response %q: %v", method, raw, err)
	}
	return nil
}

func (tn *testNode) call(t testing.TB, method string, req, resp proto.Message) error {
	t.Helper()
	return tn.callWithKey(t, tn.APIKey(), method, req, resp)
}

// mustCall is call that fails the test on error.
func (tn *testNode) mustCall(t testing.TB, method string, req, resp proto.Message) {
	t.Helper()
	if err := tn.call(t, method, req, resp); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
}

// createUser creates a user and returns a token for it.
func (tn *testNode) createUser(t testing.TB, id string) string {
	t.Helper()
	tn.mustCall(t, "CreateUser", &chorusv1.CreateUserRequest{User: &chorusv1.User{Id: id, Name: id}}, &chorusv1.CreateUserResponse{})
	return tn.token(t, id)
}

func (tn *testNode) token(t testing.TB, id string) string {
	t.Helper()
	var res chorusv1.IssueTokenResponse
	tn.mustCall(t, "IssueToken", &chorusv1.IssueTokenRequest{UserId: id}, &res)
	return res.Token
}

func (tn *testNode) history(t testing.TB, conv string) []*chorusv1.Message {
	t.Helper()
	var res chorusv1.GetHistoryResponse
	tn.mustCall(t, "GetHistory", &chorusv1.GetHistoryRequest{ConversationId: conv, Limit: 200}, &res)
	return res.Messages
}

// rawConn is a TCP connection speaking frames by hand, for tests of what
// the SDK would never send.
type rawConn struct {
	t testing.TB
	net.Conn
}

func dialRaw(t testing.TB, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, Conn: c}
}

var encodeFrame = testutil.EncodeTCPFrame

func (c *rawConn) write(b []byte) {
	c.t.Helper()
	if _, err := c.Write(b); err != nil {
		c.t.Fatal(err)
	}
}

func (c *rawConn) send(f *chorusv1.Frame) { c.t.Helper(); c.write(encodeFrame(c.t, f)) }

// read returns the next frame, or fails the test after 10s. It returns
// nil, io.EOF style errors through readErr for tests that expect a close.
func (c *rawConn) read() *chorusv1.Frame {
	c.t.Helper()
	f, err := c.readErr()
	if err != nil {
		c.t.Fatalf("read frame: %v", err)
	}
	return f
}

// reply returns the next frame that answers request id, skipping the
// pushes (id 0: deliver, receipt, ...) that may come first: a group event
// committed before the connection authenticated can still be on its way
// to it.
func (c *rawConn) reply(id uint64) *chorusv1.Frame {
	c.t.Helper()
	for {
		f := c.read()
		if f.GetId() == id || f.GetId() != 0 || f.GetError() != nil || f.GetDisconnect() != nil {
			return f
		}
	}
}

func (c *rawConn) readErr() (*chorusv1.Frame, error) {
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	return testutil.ReadTCPFrame(c)
}

// expectClosed reads until the node closes the connection, returning the
// frames that came first.
func (c *rawConn) expectClosed() []*chorusv1.Frame {
	c.t.Helper()
	var got []*chorusv1.Frame
	for {
		f, err := c.readErr()
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				c.t.Fatalf("connection still open after frames %v", got)
			}
			return got
		}
		got = append(got, f)
	}
}

// auth authenticates the raw connection and returns the auth result.
func (c *rawConn) auth(token, device string) *chorusv1.AuthResult {
	c.t.Helper()
	c.send(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{
		Token: token, DeviceId: device, Platform: chorusv1.Platform_PLATFORM_OTHER,
	}}})
	f := c.read()
	if f.GetAuthResult() == nil {
		c.t.Fatalf("auth answered %v", f)
	}
	return f.GetAuthResult()
}

// errorCode returns the code of an error frame, failing when f is not one.
func errorCode(t testing.TB, f *chorusv1.Frame) chorusv1.ErrorCode {
	t.Helper()
	if f.GetError() == nil {
		t.Fatalf("want an error frame, got %v", f)
	}
	return f.GetError().GetCode()
}

var waitFor = testutil.WaitFor

// dialGRPC opens a plaintext (h2c) gRPC connection to addr, closed when
// the test ends.
func dialGRPC(t testing.TB, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// buildBinary compiles the command pkg (e.g. "cmd/access"), as "go build"
// in the docs does, into a temporary directory and returns its path.
func buildBinary(t testing.TB, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", bin, "github.com/chorus-im/chorus/"+pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build ./%s: %v", pkg, err)
	}
	return bin
}

// sessionsOf reads the node's session count from /healthz.
func (tn *testNode) sessionsOf(t testing.TB) int {
	t.Helper()
	_, sessions := tn.health(t)
	return sessions
}
