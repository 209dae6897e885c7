package test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runAccess starts the access binary in dir with HTTP and TCP on port 0
// of 127.0.0.1 and the extra environment env, and returns it with the
// lines of its standard error (closed when it exits). It is killed when
// the test ends, if still running.
func runAccess(t *testing.T, bin, dir string, env ...string) (*exec.Cmd, <-chan string) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "CHORUS_HTTP_ADDR=127.0.0.1:0", "CHORUS_TCP_ADDR=127.0.0.1:0"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return cmd, lines
}

// servingLine waits for the log line that says the node serves (it names
// the addresses) and returns it.
func servingLine(t *testing.T, lines <-chan string) string {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("access exited before serving")
			}
			if strings.Contains(l, "chorus node serving") {
				return l
			}
		case <-deadline:
			t.Fatal("access did not log that it serves")
		}
	}
}

// TestAccessBinary runs the server the way the README does — no config,
// defaults, in a fresh working directory — checks /healthz, then sends
// SIGTERM and expects a clean drain and exit. A broken config file must
// stop it at start with a message that names the setting.
func TestAccessBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, "cmd/access")
	work := t.TempDir()

	// Port 0 so the test never collides with a node already running here;
	// everything else is the default configuration.
	cmd, lines := runAccess(t, bin, work)
	httpAddr := regexp.MustCompile(`http=(\S+)`).FindStringSubmatch(servingLine(t, lines))[1]
	res, err := http.Get("http://" + httpAddr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"status":"ok"`) {
		t.Fatalf("healthz: %d %s", res.StatusCode, body)
	}
	for _, f := range []string{"data/chorus.db", "data/jwt-secret", "data/api-key"} {
		if _, err := os.Stat(filepath.Join(work, f)); err != nil {
			t.Errorf("default data file: %v", err)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var sawStopped bool
	for l := range lines {
		if strings.Contains(l, "stopped") {
			sawStopped = true
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if !sawStopped {
		t.Fatal("no 'stopped' line after SIGTERM")
	}

	// A broken config file: a clear error naming the setting, exit status 1.
	conf := filepath.Join(work, "broken.toml")
	if err := os.WriteFile(conf, []byte("[gateway]\nmax_frame_size = \"big\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-conf", conf).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "max_frame_size") {
		t.Fatalf("broken config: err %v, output %q", err, out)
	}
}
