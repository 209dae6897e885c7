package webui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Config configures the web UI.
type Config struct {
	// DevSignup turns on POST /dev/signup: anyone who can reach the port
	// signs in as any user. For development and demos only.
	DevSignup bool
	// Logger receives failed sign-ups; nil discards.
	Logger *slog.Logger
}

// Handler serves the web client. Build it with New and Mount it.
type Handler struct {
	cfg    Config
	log    *slog.Logger
	users  Users
	tokens Issuer
	index  []byte            // index.html with versioned asset links
	assets map[string]*asset // by name, e.g. "app.js"
}

type asset struct {
	body    []byte
	ctype   string
	version string // short content hash, the ?v= of links and the ETag
}

// assetPrefix is where the files of dist are served; index.html links
// them as /web/<name>.
const assetPrefix = "/web/"

// New reads the built client from dist (index.html at its root) and returns
// a handler that serves it. users and tokens back /dev/signup.
func New(dist fs.FS, users Users, tokens Issuer, cfg Config) (*Handler, error) {
	h := &Handler{cfg: cfg, log: cfg.Logger, users: users, tokens: tokens, assets: map[string]*asset{}}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	err := fs.WalkDir(dist, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = http.DetectContentType(body)
		}
		h.assets[p] = &asset{body: body, ctype: ctype, version: hex.EncodeToString(sum[:8])}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webui: read assets: %w", err)
	}
	idx, ok := h.assets["index.html"]
	if !ok {
		return nil, fmt.Errorf("webui: the built client has no index.html (run npm run build in web/)")
	}
	// Link each asset with its content hash, so browsers may cache assets
	// for good and still fetch a new build at once: index.html itself is
	// never cached without revalidation.
	h.index = idx.body
	for name, a := range h.assets {
		link := []byte(`"` + assetPrefix + name + `"`)
		h.index = bytes.ReplaceAll(h.index, link, []byte(`"`+assetPrefix+name+"?v="+a.version+`"`))
	}
	return h, nil
}

// Mount registers the page, its assets, /web/config.json and
// /dev/signup on mux.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", h.serveIndex)
	mux.HandleFunc("GET /web/config.json", h.serveConfig)
	mux.HandleFunc("GET "+assetPrefix+"{name...}", h.serveAsset)
	mux.HandleFunc("POST /dev/signup", h.signup)
	if _, ok := h.assets["favicon.svg"]; ok {
		mux.HandleFunc("GET /favicon.ico", h.serveFavicon)
	}
}

// serveFavicon sends the tools that ask for /favicon.ico without reading
// the page (bookmarks, link previews) to the page's icon. The redirect
// itself is not cached: it names this build's icon, which a new build
// replaces.
func (h *Handler) serveFavicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	http.Redirect(w, r, assetPrefix+"favicon.svg?v="+h.assets["favicon.svg"].version, http.StatusFound)
}

func (h *Handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	// Images in messages are links to anywhere; scripts and connections
	// stay on this origin.
	hdr.Set("Content-Security-Policy", "default-src 'self'; img-src * data: blob:; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(h.index))
}

func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	a, ok := h.assets[name]
	if !ok || name == "index.html" {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("ETag", `"`+a.version+`"`)
	if r.URL.Query().Get("v") == a.version {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	if strings.HasSuffix(name, ".js") {
		// Other web apps may import the client library from here.
		hdr.Set("Access-Control-Allow-Origin", "*")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.body))
}

func (h *Handler) serveConfig(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, struct {
		DevSignup bool `json:"devSignup"`
	}{h.cfg.DevSignup})
}
