// Package config is the node's configuration: one plain struct, one
// documented field per setting, read from a TOML file
// (configs/access-example.toml comments every setting) and from a few
// environment variables. A zero value means "use the default"; Load fills
// the defaults in and rejects a broken file with an error that names the
// setting.
//
// It must not start anything or touch the network: it only reads and checks.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is everything a node can be told.
type Config struct {
	Node      Node      `toml:"node"`
	Log       Log       `toml:"log"`
	HTTP      HTTP      `toml:"http"`
	TCP       TCP       `toml:"tcp"`
	Gateway   Gateway   `toml:"gateway"`
	Auth      Auth      `toml:"auth"`
	API       API       `toml:"api"`
	Store     Store     `toml:"store"`
	Messaging Messaging `toml:"messaging"`
	Groups    Groups    `toml:"groups"`
	Receipts  Receipts  `toml:"receipts"`
	Web       Web       `toml:"web"`
}

// Node identifies this process and where it keeps local files.
type Node struct {
	// ID is the node id in global message ids, 0-1023; every node of a
	// cluster needs its own. Default 0.
	ID int `toml:"id"`
	// DataDir holds the embedded database and generated secrets. Default
	// "./data".
	DataDir string `toml:"data_dir"`
	// ShutdownTimeout bounds the drain on SIGTERM. Default 15s.
	ShutdownTimeout Duration `toml:"shutdown_timeout"`
}

// Log configures log output (standard error).
type Log struct {
	// Format is "text" (default) or "json" (for log collectors).
	Format string `toml:"format"`
	// Level is "debug", "info" (default), "warn" or "error".
	Level string `toml:"level"`
}

// HTTP is the port that serves the HTTP/JSON API, gRPC (HTTP/2 without
// TLS), the WebSocket endpoint /ws and /healthz.
type HTTP struct {
	// Addr to listen on. Default ":8080".
	Addr string `toml:"addr"`
}

// TCP is the raw TCP client port.
type TCP struct {
	// Addr to listen on; "off" disables it. Default ":8081".
	Addr string `toml:"addr"`
}

// Gateway tunes client connections.
type Gateway struct {
	// MaxFrameSize is the largest inbound frame in bytes. Default 65536.
	MaxFrameSize int `toml:"max_frame_size"`
	// WriteQueueBytes bounds each connection's unsent output; a client that
	// falls further behind is disconnected as a slow consumer and catches up
	// by sync. Default 1048576.
	WriteQueueBytes int `toml:"write_queue_bytes"`
	// PingInterval is how often clients are told to ping. Default 25s.
	PingInterval Duration `toml:"ping_interval"`
	// IdleTimeout closes a connection that sent nothing for this long.
	// Default 3 x PingInterval.
	IdleTimeout Duration `toml:"idle_timeout"`
	// AuthTimeout closes a connection that has not authenticated this long
	// after connecting. Default 10s.
	AuthTimeout Duration `toml:"auth_timeout"`
	// CloseTimeout bounds a deliberate close: a connection whose last
	// frames (the Disconnect) are not written, or whose client does not
	// close its side, this long after the node began closing it is
	// dropped. The session leaves the node's sessions at once, not when
	// this ends. Default 5s.
	CloseTimeout Duration `toml:"close_timeout"`
	// AllowedOrigins lists the web origins (e.g. "https://app.example.com")
	// whose pages may open WebSocket connections; "*" allows any. Empty:
	// only pages served by the node itself. Clients that send no Origin
	// header (apps, servers) are always allowed.
	AllowedOrigins []string `toml:"allowed_origins"`
}

// Auth configures client tokens (JWT).
type Auth struct {
	// Algorithm signs tokens: "HS256" (default), "RS256" or "EdDSA".
	Algorithm string `toml:"algorithm"`
	// Secret is the HS256 key. Empty: read SecretFile, or on first start
	// generate one into <data_dir>/jwt-secret.
	Secret string `toml:"secret"`
	// SecretFile holds the HS256 key.
	SecretFile string `toml:"secret_file"`
	// PreviousSecrets still verify tokens signed before a key rotation.
	PreviousSecrets []string `toml:"previous_secrets"`
	// PrivateKeyFile is the PEM (PKCS#8) signing key for RS256 or EdDSA.
	PrivateKeyFile string `toml:"private_key_file"`
	// PublicKeyFiles are further PEM public keys that verify tokens (keys
	// being rotated out). The signing key's own public key always verifies.
	PublicKeyFiles []string `toml:"public_key_files"`
	// Issuer is the "iss" claim written and required. Default "chorus".
	Issuer string `toml:"issuer"`
	// TokenTTL is the default token lifetime. Default 24h.
	TokenTTL Duration `toml:"token_ttl"`
	// ClockSkew is how long after its expiry a token is still accepted,
	// for clocks of the machines that issue and check tokens that
	// disagree a little. A session is closed with
	// DISCONNECT_CODE_TOKEN_EXPIRED once its token expired by more than
	// this. Default 1s; at most 5m.
	ClockSkew Duration `toml:"clock_skew"`
	// SamePlatform decides, per platform, what a second login of one user
	// on the same platform from another device does.
	SamePlatform SamePlatform `toml:"same_platform"`
}

// SamePlatform is the policy for a login of a user on a platform where
// another device of theirs is already online: "kick" disconnects the
// older device (DISCONNECT_CODE_KICKED), "allow" keeps both. Connections
// of one device id (browser tabs) are always kept side by side. In TOML it
// is either one word for every platform (same_platform = "kick") or a
// table with a word per platform; platforms left out keep their default.
type SamePlatform struct {
	// Web is for browsers. Default "allow": one person often has several
	// browsers (laptop, phone) open at once.
	Web string `toml:"web"`
	// IOS, Android, Desktop and Other default to "kick": one phone, one
	// desktop app at a time.
	IOS     string `toml:"ios"`
	Android string `toml:"android"`
	Desktop string `toml:"desktop"`
	Other   string `toml:"other"`
}

// UnmarshalTOML implements toml.Unmarshaler: a word for all platforms, or
// a table of them.
func (p *SamePlatform) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		*p = SamePlatform{Web: v, IOS: v, Android: v, Desktop: v, Other: v}
		return nil
	case map[string]any:
		for k, raw := range v {
			word, ok := raw.(string)
			if !ok {
				return fmt.Errorf("auth.same_platform.%s: want \"kick\" or \"allow\"", k)
			}
			dst := p.field(k)
			if dst == nil {
				return fmt.Errorf("auth.same_platform.%s: unknown platform; want web, ios, android, desktop or other", k)
			}
			*dst = word
		}
		return nil
	}
	return fmt.Errorf("auth.same_platform: want \"kick\", \"allow\" or a table of platforms")
}

func (p *SamePlatform) field(platform string) *string {
	switch platform {
	case "web":
		return &p.Web
	case "ios":
		return &p.IOS
	case "android":
		return &p.Android
	case "desktop":
		return &p.Desktop
	case "other":
		return &p.Other
	}
	return nil
}

// Kick reports whether a login on platform ("web", "ios", "android",
// "desktop" or "other") replaces the user's other devices of it.
func (p SamePlatform) Kick(platform string) bool {
	if f := p.field(platform); f != nil {
		return *f == "kick"
	}
	return p.Other == "kick"
}

// API protects the server API for business back ends.
type API struct {
	// Keys are accepted API keys ("Authorization: Bearer <key>"). Empty:
	// read KeyFile, or on first start generate one into <data_dir>/api-key.
	Keys []string `toml:"keys"`
	// KeyFile holds one more accepted key.
	KeyFile string `toml:"key_file"`
	// MaxRequestBytes bounds one request body; a larger one is refused
	// with HTTP 413 (REQUEST_TOO_LARGE), from its Content-Length before
	// it is read, or once the limit is read when it has none. Default
	// 1048576; 1024 to 67108864.
	MaxRequestBytes int `toml:"max_request_bytes"`
	// BodyTimeout bounds the time to receive one request body after its
	// headers, on the API and on every other route of the HTTP port; a
	// caller that sends it slower is cut off. Default 10s.
	BodyTimeout Duration `toml:"body_timeout"`
}

// Store chooses and configures the durable store.
type Store struct {
	// Driver is "sqlite" (default, embedded). "mysql" comes with clustering
	// and is not built yet.
	Driver string `toml:"driver"`
	SQLite SQLite `toml:"sqlite"`
}

// SQLite configures the embedded store.
type SQLite struct {
	// Path of the database file. Default "<data_dir>/chorus.db".
	Path string `toml:"path"`
	// Synchronous is "full" (default: a message is on disk before it is
	// acknowledged, even across power loss) or "normal" (survives a crash
	// of the process, may lose the last commits on power loss; faster).
	Synchronous string `toml:"synchronous"`
}

// Messaging tunes the send path.
type Messaging struct {
	// MaxContentSize is the largest encoded message content in bytes.
	// Default 32768.
	MaxContentSize int `toml:"max_content_size"`
	// BatchSize is the most messages written in one store transaction.
	// Default 512.
	BatchSize int `toml:"batch_size"`
	// SendTimeout bounds one store transaction of the send path and an API
	// SendMessage call; past it the caller is told TIMEOUT (and should retry
	// with the same client_msg_id). Default 10s.
	SendTimeout Duration `toml:"send_timeout"`
}

// Groups limits group conversations.
type Groups struct {
	// MaxMembers is the most members a group may have; creating a group
	// or adding members beyond it fails with GROUP_FULL. Every message of
	// a group is pushed to each online member, so this also bounds the
	// fan-out of one message. Default 100000.
	MaxMembers int `toml:"max_members"`
}

// Receipts tunes read and delivered receipts.
type Receipts struct {
	// MaxReadersGroupSize is the largest group whose receipts say who read
	// each message (read_by); receipts of larger groups carry counts only.
	// Direct conversations always list the reader. Default 500.
	MaxReadersGroupSize int `toml:"max_readers_group_size"`
}

// Web configures the built-in web client served at "/". Both settings
// default to true, so they are pointers: nil means "not set".
type Web struct {
	// Enabled serves the web client at "/" (its files under /web/).
	// Default true.
	Enabled *bool `toml:"enabled"`
	// DevSignup lets anyone who can reach the HTTP port sign in as any
	// user through POST /dev/signup (creating the user if missing). For
	// development and demos; turn it off in production, where tokens come
	// from the business back end. Default true.
	DevSignup *bool `toml:"dev_signup"`
}

// ServeUI reports whether the web client is served.
func (w Web) ServeUI() bool { return w.Enabled == nil || *w.Enabled }

// DevSignupOn reports whether POST /dev/signup is served.
func (w Web) DevSignupOn() bool { return w.ServeUI() && (w.DevSignup == nil || *w.DevSignup) }

// Duration is a time.Duration written as "30s", "5m" or "24h" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: want e.g. \"30s\" or \"5m\"", b)
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Upper bounds of settings whose cost grows with the value.
const (
	// maxGroupMembers: each message of a group is one push per online
	// member and one store row per member for receipts; past a million a
	// group is a broadcast channel, not a chat.
	maxGroupMembers = 1_000_000
	// maxReadersGroupSize: a receipts reply lists up to this many readers
	// for each of up to 100 messages, so the reply grows with it.
	maxReadersGroupSize = 5_000
)

// Default returns the configuration of a node started with no file.
func Default() *Config {
	c := &Config{}
	c.fillDefaults()
	return c
}

// Load reads the TOML file at path (none when path is ""), applies the
// environment overrides, fills in defaults and checks the result. Unknown
// settings are errors, so a typo does not silently fall back to a default.
func Load(path string) (*Config, error) {
	c := &Config{}
	if path != "" {
		md, err := toml.DecodeFile(path, c)
		if err != nil {
			var perr toml.ParseError
			if errors.As(err, &perr) {
				return nil, fmt.Errorf("config %s: %s", path, perr.ErrorWithPosition())
			}
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return nil, fmt.Errorf("config %s: unknown setting(s): %s", path, strings.Join(keys, ", "))
		}
	}
	if err := c.applyEnv(os.LookupEnv); err != nil {
		return nil, err
	}
	c.fillDefaults()
	if err := c.Validate(); err != nil {
		if path != "" {
			return nil, fmt.Errorf("config %s: %w", path, err)
		}
		return nil, err
	}
	return c, nil
}

// applyEnv applies the environment overrides; docs/OPERATIONS.md lists
// them.
func (c *Config) applyEnv(lookup func(string) (string, bool)) error {
	set := func(name string, dst *string) {
		if v, ok := lookup(name); ok && v != "" {
			*dst = v
		}
	}
	if v, ok := lookup("CHORUS_NODE_ID"); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("CHORUS_NODE_ID=%q: not a number", v)
		}
		c.Node.ID = n
	}
	set("CHORUS_DATA_DIR", &c.Node.DataDir)
	set("CHORUS_LOG_FORMAT", &c.Log.Format)
	set("CHORUS_LOG_LEVEL", &c.Log.Level)
	set("CHORUS_HTTP_ADDR", &c.HTTP.Addr)
	set("CHORUS_TCP_ADDR", &c.TCP.Addr)
	set("CHORUS_AUTH_SECRET", &c.Auth.Secret)
	set("CHORUS_STORE_DRIVER", &c.Store.Driver)
	set("CHORUS_SQLITE_PATH", &c.Store.SQLite.Path)
	if v, ok := lookup("CHORUS_API_KEY"); ok && v != "" {
		c.API.Keys = append(c.API.Keys, v)
	}
	for name, dst := range map[string]**bool{"CHORUS_WEB_ENABLED": &c.Web.Enabled, "CHORUS_WEB_DEV_SIGNUP": &c.Web.DevSignup} {
		if v, ok := lookup(name); ok && v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: want true or false", name, v)
			}
			*dst = &b
		}
	}
	return nil
}

func (c *Config) fillDefaults() {
	str := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	num := func(p *int, v int) {
		if *p == 0 {
			*p = v
		}
	}
	boolean := func(p **bool, v bool) {
		if *p == nil {
			*p = &v
		}
	}
	dur := func(p *Duration, v time.Duration) {
		if p.Duration == 0 {
			p.Duration = v
		}
	}
	str(&c.Node.DataDir, "./data")
	dur(&c.Node.ShutdownTimeout, 15*time.Second)
	str(&c.Log.Format, "text")
	str(&c.Log.Level, "info")
	str(&c.HTTP.Addr, ":8080")
	str(&c.TCP.Addr, ":8081")
	num(&c.Gateway.MaxFrameSize, 64<<10)
	num(&c.Gateway.WriteQueueBytes, 1<<20)
	dur(&c.Gateway.PingInterval, 25*time.Second)
	dur(&c.Gateway.IdleTimeout, 3*c.Gateway.PingInterval.Duration)
	dur(&c.Gateway.AuthTimeout, 10*time.Second)
	dur(&c.Gateway.CloseTimeout, 5*time.Second)
	str(&c.Auth.Algorithm, "HS256")
	str(&c.Auth.Issuer, "chorus")
	dur(&c.Auth.TokenTTL, 24*time.Hour)
	dur(&c.Auth.ClockSkew, time.Second)
	str(&c.Auth.SamePlatform.Web, "allow")
	str(&c.Auth.SamePlatform.IOS, "kick")
	str(&c.Auth.SamePlatform.Android, "kick")
	str(&c.Auth.SamePlatform.Desktop, "kick")
	str(&c.Auth.SamePlatform.Other, "kick")
	num(&c.API.MaxRequestBytes, 1<<20)
	dur(&c.API.BodyTimeout, 10*time.Second)
	str(&c.Store.Driver, "sqlite")
	str(&c.Store.SQLite.Path, filepath.Join(c.Node.DataDir, "chorus.db"))
	str(&c.Store.SQLite.Synchronous, "full")
	num(&c.Messaging.MaxContentSize, 32<<10)
	num(&c.Messaging.BatchSize, 512)
	dur(&c.Messaging.SendTimeout, 10*time.Second)
	num(&c.Groups.MaxMembers, 100_000)
	num(&c.Receipts.MaxReadersGroupSize, 500)
	boolean(&c.Web.Enabled, true)
	boolean(&c.Web.DevSignup, true)
}

// Validate checks settings that have a default but may have been set wrong.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Node.ID < 0 || c.Node.ID > 1023 {
		bad("node.id = %d: want 0-1023", c.Node.ID)
	}
	switch strings.ToLower(c.Log.Format) {
	case "text", "json":
	default:
		bad("log.format = %q: want text or json", c.Log.Format)
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad("log.level = %q: want debug, info, warn or error", c.Log.Level)
	}
	if c.Gateway.MaxFrameSize < 1024 || c.Gateway.MaxFrameSize > 16<<20 {
		bad("gateway.max_frame_size = %d: want 1024 to 16777216", c.Gateway.MaxFrameSize)
	}
	if c.Gateway.WriteQueueBytes < c.Gateway.MaxFrameSize {
		bad("gateway.write_queue_bytes = %d: want at least max_frame_size (%d)", c.Gateway.WriteQueueBytes, c.Gateway.MaxFrameSize)
	}
	if c.Gateway.IdleTimeout.Duration <= c.Gateway.PingInterval.Duration {
		bad("gateway.idle_timeout = %v: want more than ping_interval (%v)", c.Gateway.IdleTimeout, c.Gateway.PingInterval)
	}
	for name, d := range map[string]Duration{
		"node.shutdown_timeout": c.Node.ShutdownTimeout, "gateway.ping_interval": c.Gateway.PingInterval,
		"gateway.auth_timeout": c.Gateway.AuthTimeout, "auth.token_ttl": c.Auth.TokenTTL,
		"messaging.send_timeout": c.Messaging.SendTimeout,
	} {
		if d.Duration < 0 {
			bad("%s = %v: must not be negative", name, d)
		}
	}
	switch c.Auth.Algorithm {
	case "HS256":
		if c.Auth.PrivateKeyFile != "" {
			bad("auth.private_key_file is set but auth.algorithm is HS256: set algorithm to RS256 or EdDSA")
		}
	case "RS256", "EdDSA":
		if c.Auth.PrivateKeyFile == "" {
			bad("auth.algorithm = %s needs auth.private_key_file", c.Auth.Algorithm)
		}
	default:
		bad("auth.algorithm = %q: want HS256, RS256 or EdDSA", c.Auth.Algorithm)
	}
	for _, name := range []string{"web", "ios", "android", "desktop", "other"} {
		switch v := *c.Auth.SamePlatform.field(name); v {
		case "kick", "allow":
		default:
			bad("auth.same_platform.%s = %q: want kick or allow", name, v)
		}
	}
	if d := c.Auth.ClockSkew.Duration; d < 0 || d > 5*time.Minute {
		bad("auth.clock_skew = %v: want 0s to 5m", c.Auth.ClockSkew)
	}
	if n := c.API.MaxRequestBytes; n < 1024 || n > 64<<20 {
		bad("api.max_request_bytes = %d: want 1024 to 67108864", n)
	}
	if c.API.BodyTimeout.Duration <= 0 {
		bad("api.body_timeout = %v: must be positive", c.API.BodyTimeout)
	}
	if c.Gateway.CloseTimeout.Duration <= 0 {
		bad("gateway.close_timeout = %v: must be positive", c.Gateway.CloseTimeout)
	}
	switch c.Store.Driver {
	case "sqlite":
	case "mysql":
		bad("store.driver = mysql: the MySQL store is not built yet; use sqlite")
	default:
		bad("store.driver = %q: want sqlite", c.Store.Driver)
	}
	switch c.Store.SQLite.Synchronous {
	case "full", "normal":
	default:
		bad("store.sqlite.synchronous = %q: want full or normal", c.Store.SQLite.Synchronous)
	}
	if c.Messaging.MaxContentSize < 256 || c.Messaging.MaxContentSize >= c.Gateway.MaxFrameSize {
		bad("messaging.max_content_size = %d: want 256 up to below gateway.max_frame_size (%d)", c.Messaging.MaxContentSize, c.Gateway.MaxFrameSize)
	}
	if c.Messaging.BatchSize < 1 || c.Messaging.BatchSize > 10000 {
		bad("messaging.batch_size = %d: want 1-10000", c.Messaging.BatchSize)
	}
	if c.Groups.MaxMembers < 1 || c.Groups.MaxMembers > maxGroupMembers {
		bad("groups.max_members = %d: want 1-%d", c.Groups.MaxMembers, maxGroupMembers)
	}
	if c.Receipts.MaxReadersGroupSize < 1 || c.Receipts.MaxReadersGroupSize > maxReadersGroupSize {
		bad("receipts.max_readers_group_size = %d: want 1-%d", c.Receipts.MaxReadersGroupSize, maxReadersGroupSize)
	}
	return errors.Join(errs...)
}
