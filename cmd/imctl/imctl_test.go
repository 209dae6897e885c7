package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
)

func TestHealth(t *testing.T) {
	e := newEnv(t)
	out := e.ok("health")
	if got := column(t, out, "STATUS"); !slices.Equal(got, []string{"200", "SERVING"}) {
		t.Errorf("health statuses %v, want [200 SERVING]\n%s", got, out)
	}
	m := e.json("health")
	if m["status"] != "ok" || m["grpcStatus"] != "SERVING" || m["serving"] != true {
		t.Errorf("health json %v", m)
	}

	// Nothing listening: not serving, exit 1.
	code, _, errOut := e.runRaw("--server", "http://127.0.0.1:1", "--timeout", "2s", "health")
	if code != 1 || !strings.Contains(errOut, "not serving") {
		t.Errorf("health of nothing: exit %d, stderr %q", code, errOut)
	}
}

func TestUser(t *testing.T) {
	e := newEnv(t)
	e.ok("user", "create", "alice", "--name", "Alice", "--attr", "plan=pro", "--avatar", "https://example.com/a.png")

	out := e.ok("user", "get", "alice")
	rs := rows(t, out)
	if len(rs) != 1 || rs[0][0] != "alice" || rs[0][1] != "Alice" || rs[0][3] != "plan=pro" {
		t.Fatalf("user get:\n%s", out)
	}

	// Flags after and before the positional argument both count.
	e.ok("user", "update", "--name", "Alice B", "alice", "--attr", "team=blue")
	u := e.json("user", "get", "alice")["user"].(map[string]any)
	attrs := u["attributes"].(map[string]any)
	if u["name"] != "Alice B" || attrs["plan"] != "pro" || attrs["team"] != "blue" || u["avatarUrl"] != "https://example.com/a.png" {
		t.Errorf("after merge update: %v", u)
	}
	e.ok("user", "update", "alice", "--attr", "x=1", "--replace-attrs")
	u = e.json("user", "get", "alice")["user"].(map[string]any)
	if a := u["attributes"].(map[string]any); len(a) != 1 || a["x"] != "1" {
		t.Errorf("after replace: attributes %v", a)
	}
	if _, ok := u["createdAtMs"].(string); !ok {
		t.Errorf("json is not the HTTP API's form (64-bit ints as strings, camelCase): %v", u)
	}

	errOut := e.fails(1, "user", "create", "alice")
	if !strings.Contains(errOut, "(USER_ALREADY_EXISTS)") {
		t.Errorf("duplicate user stderr %q", errOut)
	}
	errOut = e.fails(1, "user", "get", "nobody")
	if !strings.HasPrefix(errOut, "imctl: ") || !strings.Contains(errOut, "(USER_NOT_FOUND)") {
		t.Errorf("missing user stderr %q", errOut)
	}
}

func TestTokenDials(t *testing.T) {
	e := newEnv(t)
	e.users("bob")
	token := e.ok("token", "bob", "--ttl", "1h")
	if strings.Count(token, "\n") != 1 || strings.Count(token, ".") != 2 {
		t.Fatalf("token output %q is not one JWT on one line", token)
	}
	cl, err := client.Dial(context.Background(), client.Options{Addr: e.n.TCPAddr(), Token: strings.TrimSpace(token)})
	if err != nil {
		t.Fatalf("dial with imctl's token: %v", err)
	}
	defer cl.Close()
	if cl.UserID() != "bob" {
		t.Errorf("dialed as %q", cl.UserID())
	}

	m := e.json("token", "bob")
	if m["token"] == "" || m["expiresAtMs"] == nil {
		t.Errorf("token json %v", m)
	}
}

func TestGroupLifecycle(t *testing.T) {
	e := newEnv(t)
	e.users("alice", "bob", "carol", "dan")

	out := e.ok("group", "create", "team", "--owner", "alice", "--name", "Team", "--member", "bob", "--member", "carol")
	if rs := rows(t, out); len(rs) != 1 || rs[0][0] != "team" || rs[0][2] != "alice" || rs[0][3] != "3" {
		t.Fatalf("group create:\n%s", out)
	}
	g := e.json("group", "get", "team", "--as", "bob")["group"].(map[string]any)
	if g["name"] != "Team" || g["memberCount"] != float64(3) || g["conversationId"] != "g:team" {
		t.Errorf("group get: %v", g)
	}

	// A plain member may not add; the system and the owner may.
	if errOut := e.fails(1, "group", "add", "team", "dan", "--as", "bob"); !strings.Contains(errOut, "(PERMISSION_DENIED)") {
		t.Errorf("add as member: %q", errOut)
	}
	out = e.ok("group", "add", "team", "dan", "bob", "--as", "alice")
	if got := column(t, out, "ADDED"); !slices.Equal(got, []string{"dan"}) {
		t.Errorf("added %v, want [dan]\n%s", got, out)
	}

	out = e.ok("group", "members", "team")
	if got := column(t, out, "USER"); !slices.Equal(got, []string{"alice", "bob", "carol", "dan"}) {
		t.Errorf("members %v", got)
	}
	if got := column(t, e.ok("group", "members", "team", "--limit", "2"), "USER"); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("members --limit 2: %v", got)
	}
	page := e.json("group", "members", "--limit", "2", "team")
	if page["nextAfterUserId"] != "bob" || len(page["members"].([]any)) != 2 {
		t.Errorf("members json page: %v", page)
	}

	out = e.ok("group", "role", "team", "bob", "admin", "--as", "alice")
	if got := column(t, out, "ROLE"); !slices.Equal(got, []string{"admin"}) {
		t.Errorf("role: %v", got)
	}
	out = e.ok("group", "mute", "team", "carol", "1h", "--as", "bob")
	if got := column(t, out, "MUTED_UNTIL"); len(got) != 1 || got[0] == "-" {
		t.Errorf("mute: %s", out)
	}
	if errOut := e.fails(1, "send", "--from", "carol", "--conv", "g:team", "hello"); !strings.Contains(errOut, "(MUTED)") {
		t.Errorf("send while muted: %q", errOut)
	}
	e.ok("group", "mute", "team", "carol", "0", "--as", "bob")
	e.ok("send", "--from", "carol", "--conv", "g:team", "back again")

	out = e.ok("group", "transfer", "team", "bob", "--as", "alice")
	if got := column(t, out, "OWNER"); !slices.Equal(got, []string{"bob"}) {
		t.Errorf("transfer: owner %v", got)
	}
	out = e.ok("group", "remove", "team", "dan", "--as", "bob")
	if got := column(t, out, "REMOVED"); !slices.Equal(got, []string{"dan"}) {
		t.Errorf("remove: %v", got)
	}
	out = e.ok("group", "update", "team", "--name", "Team Blue", "--open", "--mute")
	if rs := rows(t, out); rs[0][1] != "Team" || rs[0][2] != "Blue" {
		t.Errorf("update name: %s", out)
	}
	g = e.json("group", "get", "team")["group"].(map[string]any)
	if g["joinPolicy"] != "JOIN_POLICY_OPEN" || g["muted"] != true || g["memberCount"] != float64(3) {
		t.Errorf("after update: %v", g)
	}

	e.ok("group", "dissolve", "team", "--as", "bob")
	g = e.json("group", "get", "team")["group"].(map[string]any)
	if g["dissolved"] != true {
		t.Errorf("after dissolve: %v", g)
	}
	if errOut := e.fails(1, "group", "add", "team", "dan"); !strings.Contains(errOut, "(GROUP_DISSOLVED)") {
		t.Errorf("add after dissolve: %q", errOut)
	}

	// The history holds the group's events.
	hist := e.ok("history", "g:team")
	for _, want := range []string{"[group created", "[group members_added by alice: dan]", "carol", "back again", "[group dissolved by bob]"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
}

func TestSendHistory(t *testing.T) {
	e := newEnv(t)
	e.users("alice", "bob")
	out := e.ok("send", "--from", "alice", "--to", "bob", "--id", "m1", "Hi", "Bob!")
	if rs := rows(t, out); len(rs) != 1 || rs[0][0] != "p:alice:bob" || rs[0][1] != "1" || rs[0][3] != "no" {
		t.Fatalf("send:\n%s", out)
	}
	ack := e.json("send", "--from", "alice", "--to", "bob", "--id", "m1", "Hi Bob!")["ack"].(map[string]any)
	if ack["duplicate"] != true || ack["seq"] != "1" {
		t.Errorf("resend with the same id: %v", ack)
	}
	for i := range 3 {
		e.ok("send", "--from", "bob", "--conv", "p:alice:bob", "reply", string(rune('a'+i)))
	}
	e.ok("send", "--to", "bob", "welcome") // as the system

	out = e.ok("history", "p:alice:bob")
	if got := column(t, out, "SEQ"); !slices.Equal(got, []string{"1", "2", "3", "4"}) {
		t.Errorf("history seqs %v", got)
	}
	if !strings.Contains(out, "Hi Bob!") || !strings.Contains(out, "reply c") {
		t.Errorf("history text:\n%s", out)
	}
	if got := column(t, e.ok("history", "p:alice:bob", "--from", "2", "--limit", "2"), "SEQ"); !slices.Equal(got, []string{"2", "3"}) {
		t.Errorf("history --from 2 --limit 2: %v", got)
	}
	h := e.json("history", "p:alice:bob", "--limit", "3")
	if msgs := h["messages"].([]any); len(msgs) != 3 || h["hasMore"] != true {
		t.Errorf("history json --limit 3: %d messages, hasMore %v", len(msgs), h["hasMore"])
	}
	sys := e.ok("history", "s:bob")
	if rs := rows(t, sys); len(rs) != 1 || rs[0][2] != "(system)" || rs[0][3] != "welcome" {
		t.Errorf("system conversation:\n%s", sys)
	}

	out = e.ok("conversations", "bob")
	unread := map[string]string{}
	for _, r := range rows(t, out) {
		unread[r[0]] = r[3]
	}
	// Sending reads the conversation up to the sent message.
	if unread["s:bob"] != "1" || unread["p:alice:bob"] != "0" {
		t.Errorf("bob's unread counts %v\n%s", unread, out)
	}
	cs := e.json("conversations", "alice")["conversations"].([]any)
	if len(cs) != 1 || cs[0].(map[string]any)["unreadCount"] != "3" {
		t.Errorf("alice's conversations json: %v", cs)
	}
	if got := rows(t, e.ok("conversations", "bob", "--limit", "1")); len(got) != 1 {
		t.Errorf("conversations --limit 1: %v", got)
	}
}

func TestReceipts(t *testing.T) {
	e := newEnv(t)
	e.users("alice", "bob")
	e.ok("send", "--from", "alice", "--to", "bob", "one")
	e.ok("send", "--from", "alice", "--to", "bob", "two")
	cl := e.dial("bob", "bob-phone", nil)
	if _, err := cl.MarkRead(context.Background(), "p:alice:bob", 1); err != nil {
		t.Fatal(err)
	}
	out := e.ok("receipts", "p:alice:bob", "1", "2")
	rs := rows(t, out)
	if len(rs) != 2 || rs[0][3] != "1" || rs[0][5] != "bob" || rs[1][3] != "0" {
		t.Errorf("receipts:\n%s", out)
	}
	if errOut := e.fails(1, "receipts", "p:alice:bob", "1", "--as", "carol"); !strings.Contains(errOut, "(NOT_MEMBER)") {
		t.Errorf("receipts as a stranger: %q", errOut)
	}
	if code, _, _ := e.run("receipts", "p:alice:bob", "x"); code != 2 {
		t.Errorf("bad seq: exit %d, want 2", code)
	}
}

func TestSessionsAndKick(t *testing.T) {
	e := newEnv(t)
	e.users("bob")
	var disconnected atomic.Bool
	token := strings.TrimSpace(e.ok("token", "bob"))
	cl, err := client.Dial(context.Background(), client.Options{
		Addr: e.n.TCPAddr(), Token: token, DeviceID: "bob-phone",
		OnDisconnect: func(*chorusv1.Disconnect, error) { disconnected.Store(true) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()

	out := e.ok("sessions", "bob")
	if got := column(t, out, "DEVICE"); !slices.Equal(got, []string{"bob-phone"}) {
		t.Fatalf("sessions devices %v\n%s", got, out)
	}
	if got := column(t, out, "TRANSPORT"); !slices.Equal(got, []string{"tcp"}) {
		t.Errorf("sessions transport %v", got)
	}

	out = e.ok("kick", "bob", "bob-phone", "--reason", "signed out")
	if got := column(t, out, "SESSIONS_CLOSED"); !slices.Equal(got, []string{"1"}) {
		t.Errorf("kick: %s", out)
	}
	waitFor(t, "the kicked client to see its disconnect", disconnected.Load)
	waitFor(t, "the session list to empty", func() bool {
		list, _ := e.json("sessions", "bob")["sessions"].([]any) // left out when empty
		return len(list) == 0
	})
}

func TestListen(t *testing.T) {
	e := newEnv(t)
	e.users("alice", "bob")
	e.ok("send", "--from", "alice", "--to", "bob", "old news") // history, not printed

	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), append(e.globals(), "listen", "bob", "--count", "2", "--device", "bob-cli"), &stdout, &stderr)
	}()
	waitFor(t, "listening as bob", func() bool { return strings.Contains(stderr.String(), "listening as bob\n") })

	e.ok("send", "--from", "alice", "--to", "bob", "first")
	e.ok("send", "--from", "alice", "--to", "bob", "second")
	e.ok("send", "--from", "alice", "--to", "bob", "third")
	if code := <-done; code != 0 {
		t.Fatalf("listen exit %d, stderr %q", code, stderr.String())
	}
	want := "p:alice:bob 2 alice first\np:alice:bob 3 alice second\n"
	if got := stdout.String(); got != want {
		t.Errorf("listen printed %q, want %q", got, want)
	}

	// JSON: one protojson Message per line, until --for ends it.
	stdout, stderr = syncBuffer{}, syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		done <- run(ctx, append(e.globals(), "-o", "json", "listen", "bob"), &stdout, &stderr)
	}()
	waitFor(t, "listening as bob", func() bool { return strings.Contains(stderr.String(), "listening as bob\n") })
	e.ok("send", "--to", "bob", "from the system")
	waitFor(t, "the message", func() bool { return strings.Count(stdout.String(), "\n") == 1 })
	cancel() // as SIGINT would
	if code := <-done; code != 0 {
		t.Fatalf("json listen exit %d, stderr %q", code, stderr.String())
	}
	var m chorusv1.Message
	if err := jsonOptsUnmarshal(stdout.String(), &m); err != nil || m.GetConversationId() != "s:bob" || m.GetContent().GetText().GetText() != "from the system" {
		t.Errorf("json listen line %q: %v", stdout.String(), err)
	}

	// --for ends a quiet listen with exit 0 and nothing printed.
	code, out, _ := e.run("listen", "bob", "--for", "50ms")
	if code != 0 || out != "" {
		t.Errorf("quiet listen: exit %d, stdout %q", code, out)
	}
}

func jsonOptsUnmarshal(s string, m *chorusv1.Message) error {
	return protojson.Unmarshal([]byte(s), m)
}

func TestErrors(t *testing.T) {
	e := newEnv(t)
	code, _, errOut := e.runRaw("--server", "http://"+e.n.HTTPAddr(), "--api-key", "wrong", "user", "get", "bob")
	if code != 1 || !strings.HasPrefix(errOut, "imctl: ") || !strings.Contains(errOut, "(API_KEY_INVALID)") {
		t.Errorf("bad key: exit %d, stderr %q", code, errOut)
	}

	// The key file is read when no key is given.
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(e.n.APIKey()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := e.runRaw("--server", e.n.HTTPAddr(), "--api-key-file", keyFile, "user", "create", "zed"); code != 0 {
		t.Errorf("key file: exit %d, %s %s", code, out, errOut)
	}

	for _, args := range [][]string{
		{"frobnicate"},
		{"group", "frobnicate"},
		{"user"},
		{},
		{"user", "get"},
		{"user", "get", "a", "b"},
		{"group", "add", "team"},
		{"group", "create", "team"}, // no --owner
		{"group", "role", "team", "bob", "king"},
		{"group", "update", "team", "--open", "--invite-only"},
		{"send", "--from", "a", "hello"}, // neither --to nor --conv
		{"user", "get", "bob", "--bogus"},
		{"token", "bob", "--ttl"},
	} {
		code, out, errOut := e.run(args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "usage: imctl") {
			t.Errorf("imctl %v: exit %d, stdout %q, stderr %q; want exit 2 with usage", args, code, out, errOut)
		}
	}
	if code, _, _ := e.runRaw("-o", "yaml", "health"); code != 2 {
		t.Errorf("-o yaml: exit %d", code)
	}

	code, out, _ := e.runRaw("help")
	if code != 0 || !strings.Contains(out, "group transfer <id> <new-owner>") || !strings.Contains(out, "--api-key-file") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	code, out, _ = e.runRaw("group", "--help")
	if code != 0 || !strings.Contains(out, "imctl group dissolve <id>") {
		t.Errorf("group --help: exit %d\n%s", code, out)
	}
	code, out, _ = e.runRaw("group", "mute", "--help")
	if code != 0 || !strings.Contains(out, "group mute <id> <user>") || !strings.Contains(out, "--as") {
		t.Errorf("group mute --help: exit %d\n%s", code, out)
	}
}

func TestJSONParses(t *testing.T) {
	e := newEnv(t)
	e.users("alice", "bob")
	e.ok("group", "create", "g1", "--owner", "alice", "--member", "bob")
	e.ok("send", "--from", "alice", "--conv", "g:g1", "--mention", "bob", "hi @bob")
	for _, args := range [][]string{
		{"user", "get", "alice"},
		{"group", "get", "g1"},
		{"group", "members", "g1"},
		{"group", "dissolve", "g1"},
		{"history", "g:g1"},
		{"conversations", "bob"},
		{"receipts", "g:g1", "2"},
		{"sessions", "bob"},
		{"kick", "bob", "nodevice"},
	} {
		out := e.ok(append([]string{"--output", "json"}, args...)...)
		if strings.Count(out, "\n") != 1 || !json.Valid([]byte(out)) {
			t.Errorf("imctl -o json %v: not one JSON object on one line: %q", args, out)
		}
	}
	msgs := e.json("history", "g:g1")["messages"].([]any)
	last := msgs[1].(map[string]any)
	if last["senderId"] != "alice" || !slices.Equal(last["mentionUserIds"].([]any), []any{"bob"}) {
		t.Errorf("mention in history: %v", last)
	}
}
