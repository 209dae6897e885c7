package test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestPortsAndDataDirFromEnvironment runs the server as the README says
// to move it: CHORUS_HTTP_ADDR and CHORUS_TCP_ADDR choose the listeners
// (port 0 here, so the test never collides with a running node) and
// CHORUS_DATA_DIR the directory of the store and generated keys, which
// then holds everything and ./data nothing.
func TestPortsAndDataDirFromEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"CHORUS_HTTP_ADDR=", "CHORUS_TCP_ADDR=", "CHORUS_DATA_DIR="} {
		if !strings.Contains(string(readme), v) {
			t.Errorf("README.md no longer shows %s", v)
		}
	}

	bin := buildBinary(t, "cmd/access")
	work, dataDir := t.TempDir(), filepath.Join(t.TempDir(), "chorus-data")
	cmd, lines := runAccess(t, bin, work, "CHORUS_DATA_DIR="+dataDir)
	serving := servingLine(t, lines)
	go func() {
		for range lines { // keep the pipe drained
		}
	}()
	m := regexp.MustCompile(`http=(127\.0\.0\.1:\d+) .*tcp=(127\.0\.0\.1:\d+)`).FindStringSubmatch(serving)
	if m == nil || !strings.Contains(serving, "data_dir="+dataDir) {
		t.Fatalf("serving line %q: want both addresses on 127.0.0.1 and data_dir=%s", serving, dataDir)
	}
	res, err := http.Get("http://" + m[1] + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("healthz on %s: %d", m[1], res.StatusCode)
	}
	dialRaw(t, m[2]).Close() // the TCP listener is where the line says

	for _, f := range []string{"chorus.db", "jwt-secret", "api-key"} {
		if _, err := os.Stat(filepath.Join(dataDir, f)); err != nil {
			t.Errorf("in CHORUS_DATA_DIR: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(work, "data")); !os.IsNotExist(err) {
		t.Errorf("./data was created too (%v)", err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
}
