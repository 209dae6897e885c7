package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/logx"
	"github.com/chorus-im/chorus/internal/node"
	"github.com/chorus-im/chorus/internal/testutil"
)

// startNode starts a real node on port 0 with its data in a temp dir; it
// is shut down when the test ends.
func startNode(t *testing.T) *node.Node {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Node.DataDir = dir
	cfg.Store.SQLite.Path = filepath.Join(dir, "chorus.db")
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.TCP.Addr = "127.0.0.1:0"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	n, err := node.New(context.Background(), cfg, logx.Discard())
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := n.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	return n
}

// syncBuffer is a bytes.Buffer safe to read while listen writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env runs imctl against one node.
type env struct {
	t *testing.T
	n *node.Node
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{t: t, n: startNode(t)}
}

// globals are the global flags that point imctl at the test node.
func (e *env) globals() []string {
	return []string{"--server", "http://" + e.n.HTTPAddr(), "--api-key", e.n.APIKey(), "--tcp", e.n.TCPAddr()}
}

// run runs imctl with the node's global flags and returns the exit code,
// stdout and stderr.
func (e *env) run(args ...string) (int, string, string) {
	e.t.Helper()
	return e.runRaw(append(e.globals(), args...)...)
}

// runRaw runs imctl with exactly args.
func (e *env) runRaw(args ...string) (int, string, string) {
	e.t.Helper()
	var stdout, stderr syncBuffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// ok runs imctl and fails the test unless it exits 0; it returns stdout.
func (e *env) ok(args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(args...)
	if code != 0 {
		e.t.Fatalf("imctl %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// fails runs imctl, wants exit code want and returns stderr.
func (e *env) fails(want int, args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(args...)
	if code != want {
		e.t.Fatalf("imctl %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, want, out, errOut)
	}
	return errOut
}

// json runs imctl with -o json and decodes its one-object output.
func (e *env) json(args ...string) map[string]any {
	e.t.Helper()
	out := e.ok(append([]string{"-o", "json"}, args...)...)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		e.t.Fatalf("imctl -o json %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return m
}

// rows splits table output into rows of fields, without the header.
func rows(t *testing.T, out string) [][]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatalf("no table header in %q", out)
	}
	var rs [][]string
	for _, l := range lines[1:] {
		rs = append(rs, strings.Fields(l))
	}
	return rs
}

// column returns the cells of the header's column name, one per row.
func column(t *testing.T, out, name string) []string {
	t.Helper()
	header := strings.Fields(strings.SplitN(out, "\n", 2)[0])
	idx := -1
	for i, h := range header {
		if h == name {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("no column %s in %q", name, out)
	}
	var cells []string
	for _, r := range rows(t, out) {
		if idx < len(r) {
			cells = append(cells, r[idx])
		}
	}
	return cells
}

// users creates users through imctl.
func (e *env) users(ids ...string) {
	e.t.Helper()
	for _, id := range ids {
		e.ok("user", "create", id, "--name", strings.ToUpper(id))
	}
}

// dial connects a client SDK session for user on device.
func (e *env) dial(user, device string, onMessage func(*chorusv1.Message)) *client.Client {
	e.t.Helper()
	token := strings.TrimSpace(e.ok("token", user))
	cl, err := client.Dial(context.Background(), client.Options{
		Addr: e.n.TCPAddr(), Token: token, DeviceID: device, OnMessage: onMessage,
	})
	if err != nil {
		e.t.Fatalf("dial as %s: %v", user, err)
	}
	e.t.Cleanup(func() { cl.Close() })
	return cl
}

var waitFor = testutil.WaitFor
