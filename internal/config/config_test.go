package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "access.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != ":8080" || c.TCP.Addr != ":8081" || c.Node.DataDir != "./data" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.Store.SQLite.Path != filepath.Join("data", "chorus.db") {
		t.Fatalf("sqlite path %q", c.Store.SQLite.Path)
	}
	if c.Gateway.IdleTimeout.Duration != 75*time.Second {
		t.Fatalf("idle timeout %v", c.Gateway.IdleTimeout)
	}
	if c.Groups.MaxMembers != 100_000 || c.Receipts.MaxReadersGroupSize != 500 {
		t.Fatalf("groups %+v, receipts %+v", c.Groups, c.Receipts)
	}
	if !c.Web.ServeUI() || !c.Web.DevSignupOn() {
		t.Fatalf("web defaults: enabled %v, dev_signup %v", c.Web.ServeUI(), c.Web.DevSignupOn())
	}
}

func TestWebSettings(t *testing.T) {
	c, err := Load(write(t, "[web]\ndev_signup = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Web.ServeUI() || c.Web.DevSignupOn() {
		t.Fatalf("dev_signup = false not applied: %v %v", c.Web.ServeUI(), c.Web.DevSignupOn())
	}
	t.Setenv("CHORUS_WEB_DEV_SIGNUP", "true")
	t.Setenv("CHORUS_WEB_ENABLED", "false")
	if c, err = Load(write(t, "[web]\ndev_signup = false\n")); err != nil {
		t.Fatal(err)
	}
	if c.Web.ServeUI() || c.Web.DevSignupOn() || !*c.Web.DevSignup {
		t.Fatalf("env not applied (a disabled UI has no sign-up): %v %v", c.Web.ServeUI(), c.Web.DevSignupOn())
	}
	t.Setenv("CHORUS_WEB_ENABLED", "maybe")
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "CHORUS_WEB_ENABLED") {
		t.Fatalf("bad CHORUS_WEB_ENABLED: %v", err)
	}
}

// The example file is the documentation of every setting: it must load,
// give the defaults, and mention every field of Config.
func TestExampleFileDocumentsEverySetting(t *testing.T) {
	path := filepath.Join("..", "..", "configs", "access-example.toml")
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// An empty list in the file decodes as an empty slice, the default is nil.
	c.Auth.PreviousSecrets, c.Auth.PublicKeyFiles, c.API.Keys, c.Gateway.AllowedOrigins = nil, nil, nil, nil
	if !reflect.DeepEqual(c, Default()) {
		t.Errorf("example file differs from the defaults:\n%+v\n%+v", c, Default())
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	var walk func(prefix string, v reflect.Type)
	walk = func(prefix string, v reflect.Type) {
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			key := f.Tag.Get("toml")
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[Duration]() {
				if !strings.Contains(text, "["+prefix+key+"]") {
					t.Errorf("example file has no section [%s%s]", prefix, key)
				}
				walk(prefix+key+".", f.Type)
				continue
			}
			if !strings.Contains(text, "\n"+key+" = ") {
				t.Errorf("example file does not document %s%s", prefix, key)
			}
		}
	}
	walk("", reflect.TypeFor[Config]())
}

// same_platform is one word for every platform, or a table where the
// platforms left out keep their defaults (web allows, the rest kick).
func TestSamePlatformPolicy(t *testing.T) {
	c := Default()
	if c.Auth.SamePlatform.Kick("web") || !c.Auth.SamePlatform.Kick("ios") || !c.Auth.SamePlatform.Kick("other") {
		t.Fatalf("defaults %+v", c.Auth.SamePlatform)
	}
	c, err := Load(write(t, "[auth]\nsame_platform = \"kick\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Auth.SamePlatform.Kick("web") || !c.Auth.SamePlatform.Kick("desktop") {
		t.Fatalf("one word for all: %+v", c.Auth.SamePlatform)
	}
	c, err = Load(write(t, "[auth.same_platform]\nios = \"allow\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Auth.SamePlatform.Kick("ios") || c.Auth.SamePlatform.Kick("web") || !c.Auth.SamePlatform.Kick("android") {
		t.Fatalf("table: %+v", c.Auth.SamePlatform)
	}
}

func TestEnvOverrides(t *testing.T) {
	t.Setenv("CHORUS_HTTP_ADDR", "127.0.0.1:9999")
	t.Setenv("CHORUS_NODE_ID", "12")
	t.Setenv("CHORUS_API_KEY", "key-from-the-environment")
	p := write(t, "[http]\naddr = \"127.0.0.1:1\"\n")
	c, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:9999" || c.Node.ID != 12 || len(c.API.Keys) != 1 {
		t.Fatalf("env not applied: %+v", c)
	}
	t.Setenv("CHORUS_NODE_ID", "twelve")
	if _, err := Load(""); err == nil || !strings.Contains(err.Error(), "CHORUS_NODE_ID") {
		t.Fatalf("bad CHORUS_NODE_ID: %v", err)
	}
}

func TestBrokenFiles(t *testing.T) {
	for name, tc := range map[string]struct{ body, want string }{
		"syntax":          {"[node\nid = 1", "line"},
		"unknown setting": {"[gateway]\nmax_frame_sise = 10\n", "gateway.max_frame_sise"},
		"wrong type":      {"[node]\nid = \"one\"\n", "node.id"},
		"bad duration":    {"[gateway]\nping_interval = \"soon\"\n", "soon"},
		"node id range":   {"[node]\nid = 5000\n", "node.id"},
		"log format":      {"[log]\nformat = \"xml\"\n", "log.format"},
		"frame size":      {"[gateway]\nmax_frame_size = 10\n", "max_frame_size"},
		"idle vs ping":    {"[gateway]\nping_interval = \"30s\"\nidle_timeout = \"10s\"\n", "idle_timeout"},
		"algorithm":       {"[auth]\nalgorithm = \"none\"\n", "auth.algorithm"},
		"rs256 no key":    {"[auth]\nalgorithm = \"RS256\"\n", "private_key_file"},
		"policy":          {"[auth]\nsame_platform = \"maybe\"\n", "same_platform"},
		"platform policy": {"[auth.same_platform]\nweb = \"maybe\"\n", "auth.same_platform.web"},
		"platform name":   {"[auth.same_platform]\nwatch = \"kick\"\n", "auth.same_platform.watch"},
		"clock skew":      {"[auth]\nclock_skew = \"1h\"\n", "auth.clock_skew"},
		"request bytes":   {"[api]\nmax_request_bytes = 10\n", "api.max_request_bytes"},
		"body timeout":    {"[api]\nbody_timeout = \"-1s\"\n", "api.body_timeout"},
		"close timeout":   {"[gateway]\nclose_timeout = \"-1s\"\n", "gateway.close_timeout"},
		"mysql":           {"[store]\ndriver = \"mysql\"\n", "not built yet"},
		"driver":          {"[store]\ndriver = \"cassandra\"\n", "store.driver"},
		"synchronous":     {"[store.sqlite]\nsynchronous = \"off\"\n", "synchronous"},
		"content size":    {"[messaging]\nmax_content_size = 1000000\n", "max_content_size"},
		"batch size":      {"[messaging]\nbatch_size = -1\n", "batch_size"},
		"group size":      {"[groups]\nmax_members = 2000000\n", "groups.max_members"},
		"negative group":  {"[groups]\nmax_members = -5\n", "groups.max_members"},
		"readers":         {"[receipts]\nmax_readers_group_size = -1\n", "receipts.max_readers_group_size"},
		"readers range":   {"[receipts]\nmax_readers_group_size = 100000\n", "receipts.max_readers_group_size"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(write(t, tc.body))
			if err == nil {
				t.Fatal("broken config accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil {
		t.Fatal("missing file accepted")
	}
}
