package webui_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chorus-im/chorus/internal/auth"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/core"
	"github.com/chorus-im/chorus/internal/session"
	"github.com/chorus-im/chorus/internal/snowflake"
	"github.com/chorus-im/chorus/internal/store/sqlite"
	"github.com/chorus-im/chorus/internal/webui"
	"github.com/chorus-im/chorus/web"
)

var dist = fstest.MapFS{
	"index.html":       {Data: []byte(`<html><link rel="stylesheet" href="/web/app.css"><script type="module" src="/web/app.js"></script></html>`)},
	"app.js":           {Data: []byte(`console.log("hi")`)},
	"app.css":          {Data: []byte(`body{}`)},
	"chorus-client.js": {Data: []byte(`export {}`)},
}

// server runs the web UI over a real core (embedded store) and token
// authority.
func server(t *testing.T, devSignup bool) (*httptest.Server, *auth.Authority) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, sqlite.Config{Path: filepath.Join(dir, "chorus.db"), Synchronous: "normal"})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := snowflake.New(1)
	if err != nil {
		t.Fatal(err)
	}
	c := core.New(store, ids, session.NewHub(nil), core.Config{})
	t.Cleanup(func() { c.Close(); store.Close() })
	ac := config.Default().Auth
	ac.Secret = "a-test-secret-of-enough-length-0123456789"
	authority, err := auth.New(ac, dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := webui.New(dist, c, authority, webui.Config{DevSignup: devSignup})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, authority
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func post(t *testing.T, url, body string) (*http.Response, map[string]any) {
	t.Helper()
	res, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var m map[string]any
	if err := json.NewDecoder(res.Body).Decode(&m); err != nil && res.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d, body not JSON: %v", res.StatusCode, err)
	}
	return res, m
}

func TestIndexAndAssets(t *testing.T) {
	srv, _ := server(t, true)
	res, body := get(t, srv.URL+"/")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("index: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("index Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	// Assets are linked with their content hash.
	i := strings.Index(body, `/web/app.js?v=`)
	if i < 0 {
		t.Fatalf("index does not link a versioned app.js: %s", body)
	}
	link := body[i : i+len(`/web/app.js?v=`)+16]
	res, js := get(t, srv.URL+link)
	if res.StatusCode != 200 || js != `console.log("hi")` || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Fatalf("app.js: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), js)
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("versioned asset Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	res, _ = get(t, srv.URL+"/web/app.css")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("app.css: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	// A conditional request for an unchanged asset is answered 304.
	req, _ := http.NewRequest("GET", srv.URL+"/web/app.css", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional GET: %d", res2.StatusCode)
	}
	for _, p := range []string{"/web/nope.js", "/web/index.html", "/web/../go.mod"} {
		if res, _ := get(t, srv.URL+p); res.StatusCode != 404 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	res, body = get(t, srv.URL+"/web/config.json")
	if res.StatusCode != 200 || strings.TrimSpace(body) != `{"devSignup":true}` {
		t.Fatalf("config.json: %d %s", res.StatusCode, body)
	}
}

func TestSignupCreatesThenSignsIn(t *testing.T) {
	srv, authority := server(t, true)
	for range 2 { // the second time the user exists: it signs in
		res, m := post(t, srv.URL+"/dev/signup", `{"userId":"alice","name":"Alice"}`)
		if res.StatusCode != 200 || m["userId"] != "alice" {
			t.Fatalf("signup: %d %v", res.StatusCode, m)
		}
		claims, err := authority.Verify(m["token"].(string))
		if err != nil || claims.UserID != "alice" {
			t.Fatalf("token: %+v %v", claims, err)
		}
		// A string of unix milliseconds, as the server API writes int64s:
		// the token's own expiry (which a JWT holds in whole seconds).
		s, ok := m["expiresAtMs"].(string)
		exp, err := strconv.ParseInt(s, 10, 64)
		if !ok || err != nil || exp/1000 != claims.ExpiresAt.Unix() {
			t.Fatalf("expiresAtMs %#v, token expires %v", m["expiresAtMs"], claims.ExpiresAt)
		}
	}
}

func TestSignupErrors(t *testing.T) {
	srv, _ := server(t, true)
	res, m := post(t, srv.URL+"/dev/signup", `{"userId":"not valid!","name":"x"}`)
	if res.StatusCode != 400 || m["code"] != "INVALID_ARGUMENT" || m["codeNumber"] != float64(1003) {
		t.Fatalf("bad id: %d %v", res.StatusCode, m)
	}
	res, m = post(t, srv.URL+"/dev/signup", `{"userId":`)
	if res.StatusCode != 400 || m["code"] != "INVALID_ARGUMENT" {
		t.Fatalf("bad JSON: %d %v", res.StatusCode, m)
	}
	res, m = post(t, srv.URL+"/dev/signup", `{"userId":"bob","name":"`+strings.Repeat("b", 10_000)+`"}`)
	if res.StatusCode != http.StatusRequestEntityTooLarge || m["code"] != "REQUEST_TOO_LARGE" {
		t.Fatalf("oversized body: %d %v", res.StatusCode, m)
	}
	r, err := http.Post(srv.URL+"/dev/signup", "application/x-www-form-urlencoded", strings.NewReader("userId=bob"))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("form post: %d", r.StatusCode)
	}
}

func TestSignupOff(t *testing.T) {
	srv, _ := server(t, false)
	if res, _ := post(t, srv.URL+"/dev/signup", `{"userId":"alice"}`); res.StatusCode != 404 {
		t.Fatalf("signup off: %d", res.StatusCode)
	}
	if _, body := get(t, srv.URL+"/web/config.json"); strings.TrimSpace(body) != `{"devSignup":false}` {
		t.Fatalf("config.json: %s", body)
	}
}

// The embedded build is complete: the page links its assets.
func TestEmbeddedBuild(t *testing.T) {
	h, err := webui.New(web.Dist(), nil, nil, webui.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, body := get(t, srv.URL+"/")
	for _, name := range []string{"app.js", "app.css"} {
		if !strings.Contains(body, "/web/"+name+"?v=") {
			t.Errorf("embedded index.html does not link %s", name)
		}
	}
	for _, name := range []string{"app.js", "app.css", "chorus-client.js", "favicon.svg"} {
		if res, _ := get(t, srv.URL+"/web/"+name); res.StatusCode != 200 {
			t.Errorf("embedded %s: %d", name, res.StatusCode)
		}
	}
	// Tools that ask for /favicon.ico without reading the page find the
	// page's icon.
	res, _ := get(t, srv.URL+"/favicon.ico")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || res.Request.URL.Path != "/web/favicon.svg" {
		t.Errorf("/favicon.ico: %d %s at %s", res.StatusCode, res.Header.Get("Content-Type"), res.Request.URL)
	}
}
