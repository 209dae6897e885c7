package logx

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestRequestIDInEveryLine(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithRequestID(context.Background(), "req-1")
	log.With("component", "test").InfoContext(ctx, "one")
	log.WarnContext(ctx, "two")
	log.Info("no context")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines", len(lines))
	}
	for i, want := range []string{"req-1", "req-1", ""} {
		var m map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &m); err != nil {
			t.Fatal(err)
		}
		got, _ := m["request_id"].(string)
		if got != want {
			t.Errorf("line %d request_id = %q, want %q", i, got, want)
		}
	}
}

func TestFrameIDFormat(t *testing.T) {
	id := RequestID(WithFrameID(context.Background(), 12, 34))
	if !strings.HasSuffix(id, "c12-34") {
		t.Fatalf("frame request id %q", id)
	}
	if a, b := NewRequestID(), NewRequestID(); a == b {
		t.Fatal("NewRequestID repeated")
	}
}

func TestBadSettings(t *testing.T) {
	if _, err := New(&bytes.Buffer{}, "xml", "info"); err == nil {
		t.Error("format xml accepted")
	}
	if _, err := New(&bytes.Buffer{}, "text", "loud"); err == nil {
		t.Error("level loud accepted")
	}
}
