// Package node wires one Chorus process together from its configuration:
// store, core, session hub, gateway listeners and the HTTP server (API,
// gRPC, WebSocket, health). It is the one place where implementations are
// chosen; everything else receives interfaces.
//
// It must not hold behaviour of its own beyond starting and stopping.
package node

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/api"
	"github.com/chorus-im/chorus/internal/auth"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/core"
	"github.com/chorus-im/chorus/internal/gateway"
	"github.com/chorus-im/chorus/internal/im"
	"github.com/chorus-im/chorus/internal/session"
	"github.com/chorus-im/chorus/internal/snowflake"
	"github.com/chorus-im/chorus/internal/store/sqlite"
	"github.com/chorus-im/chorus/internal/webui"
	"github.com/chorus-im/chorus/web"
)

// Node is one running Chorus process.
type Node struct {
	cfg     *config.Config
	log     *slog.Logger
	store   im.Store
	core    *core.Core
	hub     *session.Hub
	gw      *gateway.Gateway
	apiKeys []string

	httpSrv  *http.Server
	httpAddr net.Addr
	tcpAddr  net.Addr
	draining atomic.Bool
	serveErr chan error
}

// New builds a node from cfg: it opens the store (applying migrations) and
// loads or creates secrets, but listens on nothing until Start.
func New(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Node, error) {
	n := &Node{cfg: cfg, log: log, serveErr: make(chan error, 2)}
	authority, err := auth.New(cfg.Auth, cfg.Node.DataDir)
	if err != nil {
		return nil, err
	}
	n.apiKeys, err = apiKeys(cfg)
	if err != nil {
		return nil, err
	}
	ids, err := snowflake.New(cfg.Node.ID)
	if err != nil {
		return nil, err
	}
	n.store, err = sqlite.Open(ctx, sqlite.Config{Path: cfg.Store.SQLite.Path, Synchronous: cfg.Store.SQLite.Synchronous})
	if err != nil {
		return nil, err
	}
	n.hub = session.NewHub(func(p chorusv1.Platform) bool { return cfg.Auth.SamePlatform.Kick(platformKey(p)) })
	n.core = core.New(n.store, ids, n.hub, core.Config{
		MaxContentSize:      cfg.Messaging.MaxContentSize,
		BatchSize:           cfg.Messaging.BatchSize,
		StoreTimeout:        cfg.Messaging.SendTimeout.Duration,
		MaxGroupMembers:     cfg.Groups.MaxMembers,
		MaxReadersGroupSize: cfg.Receipts.MaxReadersGroupSize,
		Logger:              log.With("component", "core"),
	})
	handler := session.NewHandler(n.core, authority, n.hub, session.Config{
		NodeID:       cfg.Node.ID,
		PingInterval: cfg.Gateway.PingInterval.Duration,
		IdleTimeout:  cfg.Gateway.IdleTimeout.Duration,
		Logger:       log.With("component", "session"),
	})
	apiSrv, err := api.New(n.core, authority, n.hub, api.Config{
		Keys:            n.apiKeys,
		SendTimeout:     cfg.Messaging.SendTimeout.Duration,
		MaxRequestBytes: cfg.API.MaxRequestBytes,
		BodyTimeout:     cfg.API.BodyTimeout.Duration,
		Logger:          log.With("component", "api"),
	})
	if err != nil {
		n.core.Close()
		n.store.Close()
		return nil, err
	}
	n.gw, err = gateway.New(gateway.Config{
		MaxFrameSize:    cfg.Gateway.MaxFrameSize,
		WriteQueueBytes: cfg.Gateway.WriteQueueBytes,
		IdleTimeout:     cfg.Gateway.IdleTimeout.Duration,
		AuthTimeout:     cfg.Gateway.AuthTimeout.Duration,
		CloseTimeout:    cfg.Gateway.CloseTimeout.Duration,
		CheckOrigin:     originChecker(cfg.Gateway.AllowedOrigins),
		Logger:          log.With("component", "gateway"),
	}, handler)
	if err != nil {
		n.core.Close()
		n.store.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	apiSrv.Mount(mux)
	mux.Handle("GET /ws", n.gw.WebSocketHandler())
	mux.HandleFunc("GET /healthz", n.healthz)
	if cfg.Web.ServeUI() {
		ui, err := webui.New(web.Dist(), n.core, authority, webui.Config{
			DevSignup: cfg.Web.DevSignupOn(),
			Logger:    log.With("component", "webui"),
		})
		if err != nil {
			n.core.Close()
			n.store.Close()
			return nil, err
		}
		ui.Mount(mux)
		if cfg.Web.DevSignupOn() {
			log.Warn("web.dev_signup is on: anyone who can reach the HTTP port can sign in as any user; set web.dev_signup = false (CHORUS_WEB_DEV_SIGNUP=false) in production")
		}
	} else {
		mux.HandleFunc("GET /{$}", n.index)
	}
	protocols := new(http.Protocols)
	protocols.SetHTTP1(true)
	// gRPC callers speak HTTP/2 without TLS (h2c) on the same port.
	protocols.SetUnencryptedHTTP2(true)
	n.httpSrv = &http.Server{
		Handler:           apiSrv.TimedBodies(mux),
		Protocols:         protocols,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return n, nil
}

// apiKeys returns the configured API keys, or the one kept in
// <data_dir>/api-key, generated on first start.
func apiKeys(cfg *config.Config) ([]string, error) {
	keys := append([]string(nil), cfg.API.Keys...)
	if cfg.API.KeyFile != "" {
		k, err := auth.ReadOrCreateSecret(cfg.API.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("api.key_file: %w", err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		k, err := auth.ReadOrCreateSecret(filepath.Join(cfg.Node.DataDir, "api-key"))
		if err != nil {
			return nil, fmt.Errorf("api key: %w", err)
		}
		keys = append(keys, k)
	}
	return keys, nil
}

// platformKey names a platform as auth.same_platform does:
// PLATFORM_WEB is "web".
func platformKey(p chorusv1.Platform) string {
	return strings.ToLower(strings.TrimPrefix(p.String(), "PLATFORM_"))
}

// originChecker returns the WebSocket origin policy for allowed (see
// config.Gateway.AllowedOrigins); nil leaves the gateway's same-origin
// default.
func originChecker(allowed []string) func(*http.Request) bool {
	if len(allowed) == 0 {
		return nil
	}
	set := make(map[string]bool, len(allowed))
	for _, o := range allowed {
		if o == "*" {
			return func(*http.Request) bool { return true }
		}
		set[strings.TrimSuffix(strings.ToLower(o), "/")] = true
	}
	return func(r *http.Request) bool {
		origin := r.Header.Get("Origin")
		if origin == "" {
			return true
		}
		if u, err := url.Parse(origin); err == nil && strings.EqualFold(u.Host, r.Host) {
			return true // the node's own pages
		}
		return set[strings.ToLower(origin)]
	}
}

// Start opens the listeners and serves.
func (n *Node) Start() error {
	ln, err := net.Listen("tcp", n.cfg.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("http.addr %s: %w", n.cfg.HTTP.Addr, err)
	}
	n.httpAddr = ln.Addr()
	if n.cfg.TCP.Addr != "off" {
		n.tcpAddr, err = n.gw.ListenTCP(n.cfg.TCP.Addr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("tcp.addr %s: %w", n.cfg.TCP.Addr, err)
		}
	}
	go func() {
		if err := n.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.serveErr <- fmt.Errorf("http server: %w", err)
		}
	}()
	attrs := []any{"http", n.httpAddr.String(), "node", n.cfg.Node.ID, "store", n.cfg.Store.Driver, "data_dir", n.cfg.Node.DataDir}
	if n.tcpAddr != nil {
		attrs = append(attrs, "tcp", n.tcpAddr.String())
	}
	n.log.Info("chorus node serving", attrs...)
	return nil
}

// HTTPAddr is the bound HTTP address (API, gRPC, WebSocket at /ws).
func (n *Node) HTTPAddr() string { return n.httpAddr.String() }

// TCPAddr is the bound raw TCP address, or "" when TCP is off.
func (n *Node) TCPAddr() string {
	if n.tcpAddr == nil {
		return ""
	}
	return n.tcpAddr.String()
}

// APIKey returns an accepted API key.
func (n *Node) APIKey() string { return n.apiKeys[0] }

// Errors reports a listener that failed after Start.
func (n *Node) Errors() <-chan error { return n.serveErr }

// Shutdown drains the node: health turns 503, listeners stop, in-flight
// API calls and queued sends finish (each send gets its ack), clients are
// told to reconnect (DISCONNECT_CODE_SHUTDOWN) after their queued frames,
// then the store closes. ctx bounds the drain.
func (n *Node) Shutdown(ctx context.Context) error {
	n.draining.Store(true)
	var errs []error
	if err := n.httpSrv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("http shutdown: %w", err))
	}
	n.core.Close()
	if err := n.gw.Shutdown(ctx, im.Disconnect(chorusv1.DisconnectCode_DISCONNECT_CODE_SHUTDOWN, "node shutting down")); err != nil {
		errs = append(errs, fmt.Errorf("gateway shutdown: %w", err))
	}
	if err := n.store.Close(); err != nil {
		errs = append(errs, fmt.Errorf("store close: %w", err))
	}
	return errors.Join(errs...)
}

func (n *Node) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if n.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "{\"status\":\"draining\",\"node\":%d}\n", n.cfg.Node.ID)
		return
	}
	fmt.Fprintf(w, "{\"status\":\"ok\",\"node\":%d,\"connections\":%d,\"sessions\":%d}\n",
		n.cfg.Node.ID, n.gw.Conns(), n.hub.Sessions())
}

// index answers "/" when the web client is turned off (web.enabled = false).
func (n *Node) index(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, strings.TrimSpace(`
Chorus node.

  WebSocket clients:  /ws   (subprotocols chorus.v1.proto, chorus.v1.json)
  Server API:         /chorus.v1.BackendService/<Method>  (gRPC, or HTTP POST with JSON)
  Health:             /healthz

The built-in web client is turned off (web.enabled = false).
`)+"\n")
}
