package test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/logx"
)

// syncBuffer is a bytes.Buffer safe for the node's concurrent logging.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) lines() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// TestRequestIDsInLogs: an API call's X-Request-Id comes back in the
// response and appears on the node's log lines about it; a client frame's
// request id appears on the lines about that frame.
func TestRequestIDsInLogs(t *testing.T) {
	var buf syncBuffer
	log, err := logx.New(&buf, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	tn := startNodeLogging(t, "", nil, log)
	tok := tn.createUser(t, "hana")

	body := strings.NewReader(`{"userId":"hana"}`)
	req, _ := http.NewRequest("POST", "http://"+tn.HTTPAddr()+"/chorus.v1.BackendService/GetUser", body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tn.APIKey())
	req.Header.Set("X-Request-Id", "trace-me-42")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("X-Request-Id") != "trace-me-42" {
		t.Fatalf("status %d, X-Request-Id %q", res.StatusCode, res.Header.Get("X-Request-Id"))
	}

	c := dialRaw(t, tn.TCPAddr())
	c.send(&chorusv1.Frame{Id: 77, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: tok, DeviceId: "log-dev"}}})
	c.read()

	waitFor(t, "both log lines", func() bool {
		var api, session bool
		for _, l := range buf.lines() {
			rid, _ := l["request_id"].(string)
			if l["msg"] == "api call" && rid == "trace-me-42" {
				api = true
			}
			if l["msg"] == "session opened" && strings.HasSuffix(rid, "-77") {
				session = true
			}
		}
		return api && session
	})
}
