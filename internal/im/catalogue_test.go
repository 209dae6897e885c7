package im

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
)

// tableRows returns the rows of the markdown table between
// <!-- name:start --> and <!-- name:end --> in docs/PROTOCOL.md.
func tableRows(t *testing.T, name string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "docs", "PROTOCOL.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	start := strings.Index(text, "<!-- "+name+":start -->")
	end := strings.Index(text, "<!-- "+name+":end -->")
	if start < 0 || end < start {
		t.Fatalf("docs/PROTOCOL.md has no %s table", name)
	}
	var rows [][]string
	for _, line := range strings.Split(text[start:end], "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| code") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	return rows
}

// The error table in docs/PROTOCOL.md must list exactly the catalogue of
// message.proto, with the same temporary flags and gRPC codes.
func TestProtocolDocListsErrorCatalogue(t *testing.T) {
	documented := map[int32]bool{}
	for _, r := range tableRows(t, "error-codes") {
		n, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("row %v: %v", r, err)
		}
		code := chorusv1.ErrorCode(n)
		if CodeName(code) != r[1] {
			t.Errorf("code %d documented as %s, proto says %s", n, r[1], CodeName(code))
		}
		if want := map[bool]string{true: "yes", false: "no"}[Temporary(code)]; r[2] != want {
			t.Errorf("%s temporary documented %q, proto says %q", r[1], r[2], want)
		}
		if r[3] != strconv.Itoa(int(GRPCCode(code))) {
			t.Errorf("%s gRPC status documented %s, proto says %d", r[1], r[3], GRPCCode(code))
		}
		documented[int32(n)] = true
	}
	for n := range chorusv1.ErrorCode_name {
		if n != 0 && !documented[n] {
			t.Errorf("error code %d (%s) is not documented", n, chorusv1.ErrorCode(n))
		}
	}
}

func TestProtocolDocListsDisconnectCodes(t *testing.T) {
	documented := map[int32]bool{}
	for _, r := range tableRows(t, "disconnect-codes") {
		n, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("row %v: %v", r, err)
		}
		code := chorusv1.DisconnectCode(n)
		if name := strings.TrimPrefix(code.String(), "DISCONNECT_CODE_"); name != r[1] {
			t.Errorf("disconnect %d documented as %s, proto says %s", n, r[1], name)
		}
		if want := map[bool]string{true: "yes", false: "no"}[Disconnect(code, "").Reconnect]; r[2] != want {
			t.Errorf("%s reconnect documented %q, want %q", r[1], r[2], want)
		}
		documented[int32(n)] = true
	}
	for n := range chorusv1.DisconnectCode_name {
		if n != 0 && !documented[n] {
			t.Errorf("disconnect code %d (%s) is not documented", n, chorusv1.DisconnectCode(n))
		}
	}
}

func TestErrorMapping(t *testing.T) {
	e := Errorf(chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER, "not in %s", "p:a:b")
	if e.Error() != "NOT_MEMBER: not in p:a:b" || e.Temporary() {
		t.Fatalf("%v temporary=%v", e, e.Temporary())
	}
	wrapped := Public(fmt.Errorf("context: %w", e))
	if wrapped.Code != chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER {
		t.Fatalf("wrapped error lost its code: %v", wrapped)
	}
	internal := Public(os.ErrPermission)
	if internal.Code != chorusv1.ErrorCode_ERROR_CODE_INTERNAL || strings.Contains(internal.Message, "permission") {
		t.Fatalf("internal detail leaked: %v", internal)
	}
	if !Temporary(chorusv1.ErrorCode_ERROR_CODE_UNAVAILABLE) || Temporary(chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME) {
		t.Fatal("temporary flags not read from the proto options")
	}
}
