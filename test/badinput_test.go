package test

import (
	"context"
	"encoding/binary"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/protobuf/proto"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/config"
)

// stillServes proves the node still works for everyone else: a fresh
// connection authenticates and pings.
func stillServes(t *testing.T, tn *testNode, token string) {
	t.Helper()
	c := dialRaw(t, tn.TCPAddr())
	c.auth(token, "probe")
	c.send(&chorusv1.Frame{Id: 2, Body: &chorusv1.Frame_Ping{Ping: &chorusv1.Ping{}}})
	if f := c.read(); f.GetPong() == nil || f.GetId() != 2 {
		t.Fatalf("ping answered %v", f)
	}
	c.Close()
}

func TestBadFramesOverTCP(t *testing.T) {
	tn := startNode(t, "", func(c *config.Config) { c.Gateway.MaxFrameSize, c.Messaging.MaxContentSize = 4096, 2048 })
	alice := tn.createUser(t, "alice")

	t.Run("truncated frame then close", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		c.write(binary.BigEndian.AppendUint32(nil, 100))
		c.write([]byte("only part of the frame"))
		c.Close()
		stillServes(t, tn, alice)
	})

	t.Run("malformed frame keeps the connection", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		junk := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
		c.write(append(binary.BigEndian.AppendUint32(nil, uint32(len(junk))), junk...))
		f := c.read()
		if code := errorCode(t, f); code != chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME || f.GetId() != 0 {
			t.Fatalf("malformed frame answered %v", f)
		}
		// The stream is still in step: authenticate on the same connection.
		c.auth(alice, "dev-1")
		stillServes(t, tn, alice)
	})

	t.Run("oversized frame disconnects before allocating", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		c.write(binary.BigEndian.AppendUint32(nil, 1<<30))
		got := c.expectClosed()
		if len(got) != 2 || errorCode(t, got[0]) != chorusv1.ErrorCode_ERROR_CODE_FRAME_TOO_LARGE ||
			got[1].GetDisconnect().GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME ||
			got[1].GetDisconnect().GetReconnect() {
			t.Fatalf("oversized frame answered %v", got)
		}
		stillServes(t, tn, alice)
	})

	t.Run("frame split byte by byte", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		b := encodeFrame(t, &chorusv1.Frame{Id: 7, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{
			Token: alice, DeviceId: "slow-device", Platform: chorusv1.Platform_PLATFORM_DESKTOP,
		}}})
		for i := range b {
			c.write(b[i : i+1])
		}
		if f := c.read(); f.GetAuthResult().GetUserId() != "alice" || f.GetId() != 7 {
			t.Fatalf("split auth answered %v", f)
		}
	})

	t.Run("request before auth", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		c.send(&chorusv1.Frame{Id: 3, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{
			ToUserId: "bob", Content: text("hi"),
		}}})
		f := c.read()
		if errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_NOT_AUTHENTICATED || f.GetId() != 3 {
			t.Fatalf("send before auth answered %v", f)
		}
		c.auth(alice, "dev-2") // the connection is still usable
	})

	t.Run("empty frame and server-only frames", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		c.auth(alice, "dev-3")
		c.send(&chorusv1.Frame{Id: 4})
		if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME || f.GetId() != 4 {
			t.Fatalf("empty frame answered %v", f)
		}
		c.send(&chorusv1.Frame{Id: 5, Body: &chorusv1.Frame_Deliver{Deliver: &chorusv1.Deliver{}}})
		if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_UNKNOWN_FRAME {
			t.Fatalf("deliver from a client answered %v", f)
		}
		c.send(&chorusv1.Frame{Id: 6, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: alice, DeviceId: "x"}}})
		if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_ALREADY_AUTHENTICATED {
			t.Fatalf("second auth answered %v", f)
		}
	})
}

func TestBadTokens(t *testing.T) {
	tn := startNode(t, "", nil)
	alice := tn.createUser(t, "alice")

	secret, err := os.ReadFile(filepath.Join(tn.dir, "jwt-secret"))
	if err != nil {
		t.Fatal(err)
	}
	expired, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "alice", Issuer: "chorus",
		ExpiresAt: jwt.NewNumericDate(time.Now().Add(-time.Hour)),
	}).SignedString([]byte(strings.TrimSpace(string(secret))))
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "alice", Issuer: "chorus", ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	}).SignedString([]byte("a secret that is not the node's"))

	for name, tc := range map[string]struct {
		token string
		code  chorusv1.ErrorCode
	}{
		"garbage": {"not-a-token", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"forged":  {forged, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"expired": {expired, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED},
	} {
		t.Run(name, func(t *testing.T) {
			c := dialRaw(t, tn.TCPAddr())
			c.send(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: tc.token, DeviceId: "d"}}})
			got := c.expectClosed()
			if len(got) != 2 || errorCode(t, got[0]) != tc.code || got[0].GetId() != 1 ||
				got[1].GetDisconnect().GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_FAILED {
				t.Fatalf("auth with %s token answered %v", name, got)
			}
		})
	}
	t.Run("bad device id", func(t *testing.T) {
		c := dialRaw(t, tn.TCPAddr())
		c.send(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: alice, DeviceId: "no spaces"}}})
		if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT {
			t.Fatalf("bad device answered %v", f)
		}
		c.auth(alice, "good-device")
	})
	stillServes(t, tn, alice)
}

func TestForbiddenConversations(t *testing.T) {
	tn := startNode(t, "", nil)
	alice := tn.createUser(t, "alice")
	tn.createUser(t, "bob")
	carol := tn.createUser(t, "carol")

	a := dialRaw(t, tn.TCPAddr())
	a.auth(alice, "a1")
	a.send(&chorusv1.Frame{Id: 2, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ToUserId: "bob", ClientMsgId: "m1", Content: text("secret")}}})
	if f := a.read(); f.GetSendAck().GetSeq() != 1 {
		t.Fatalf("send answered %v", f)
	}

	c := dialRaw(t, tn.TCPAddr())
	c.auth(carol, "c1")
	conv := "p:alice:bob"
	for _, req := range []*chorusv1.Frame{
		{Id: 2, Body: &chorusv1.Frame_PullMessages{PullMessages: &chorusv1.PullMessagesRequest{ConversationId: conv, FromSeq: 1}}},
		{Id: 3, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: conv, Content: text("let me in")}}},
		{Id: 4, Body: &chorusv1.Frame_ReadMark{ReadMark: &chorusv1.ReadMark{ConversationId: conv, Seq: 1}}},
	} {
		c.send(req)
		if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_NOT_MEMBER || f.GetId() != req.GetId() {
			t.Fatalf("%v answered %v", req, f)
		}
	}
	// Writing into someone's system conversation is refused too.
	c.send(&chorusv1.Frame{Id: 5, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: "s:carol", Content: text("fake notice")}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_PERMISSION_DENIED {
		t.Fatalf("send to system conversation answered %v", f)
	}
	// A malformed conversation id and a missing user are clear errors.
	c.send(&chorusv1.Frame{Id: 6, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ConversationId: "p:zed:alice", Content: text("x")}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_INVALID_ARGUMENT {
		t.Fatalf("malformed id answered %v", f)
	}
	c.send(&chorusv1.Frame{Id: 7, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ToUserId: "nobody", Content: text("x")}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_USER_NOT_FOUND {
		t.Fatalf("send to missing user answered %v", f)
	}
	// Oversized content is refused with its own code.
	c.send(&chorusv1.Frame{Id: 8, Body: &chorusv1.Frame_Send{Send: &chorusv1.SendRequest{ToUserId: "alice", Content: text(strings.Repeat("x", 40000))}}})
	if f := c.read(); errorCode(t, f) != chorusv1.ErrorCode_ERROR_CODE_CONTENT_TOO_LARGE {
		t.Fatalf("oversized content answered %v", f)
	}
	if got := tn.history(t, conv); len(got) != 1 {
		t.Fatalf("forbidden requests changed the conversation: %v", got)
	}
}

func TestBadAPIKey(t *testing.T) {
	tn := startNode(t, "", nil)
	for _, key := range []string{"", "wrong-key-wrong-key"} {
		err := tn.callWithKey(t, key, "GetUser", &chorusv1.GetUserRequest{UserId: "alice"}, &chorusv1.GetUserResponse{})
		e, ok := err.(*apiError)
		if !ok || e.Status != http.StatusUnauthorized || e.ChorusCode != "2002" ||
			e.Chorus.Code != "ERROR_CODE_API_KEY_INVALID" || e.Chorus.Temporary {
			t.Fatalf("key %q: %v", key, err)
		}
	}
	// The catalogue reaches API callers for domain errors too.
	err := tn.call(t, "GetUser", &chorusv1.GetUserRequest{UserId: "nobody"}, &chorusv1.GetUserResponse{})
	if e, ok := err.(*apiError); !ok || e.Status != http.StatusNotFound || e.Chorus.Code != "ERROR_CODE_USER_NOT_FOUND" {
		t.Fatalf("missing user: %v", err)
	}
	err = tn.call(t, "CreateUser", &chorusv1.CreateUserRequest{User: &chorusv1.User{Id: "bad id"}}, &chorusv1.CreateUserResponse{})
	if e, ok := err.(*apiError); !ok || e.Status != http.StatusBadRequest || e.Chorus.Code != "ERROR_CODE_INVALID_ARGUMENT" {
		t.Fatalf("bad user id: %v", err)
	}
}

func TestBadFramesOverWebSocket(t *testing.T) {
	tn := startNode(t, "", func(c *config.Config) { c.Gateway.MaxFrameSize, c.Messaging.MaxContentSize = 4096, 2048 })
	alice := tn.createUser(t, "alice")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	ws, _, err := websocket.Dial(ctx, tn.wsURL(), &websocket.DialOptions{Subprotocols: []string{"chorus.v1.proto"}})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.CloseNow()
	if err := ws.Write(ctx, websocket.MessageBinary, []byte{0xff, 0xff, 0xff}); err != nil {
		t.Fatal(err)
	}
	_, b, err := ws.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var f chorusv1.Frame
	if err := proto.Unmarshal(b, &f); err != nil || f.GetError().GetCode() != chorusv1.ErrorCode_ERROR_CODE_BAD_FRAME {
		t.Fatalf("malformed WS frame answered %v %v", &f, err)
	}
	// Oversized: FRAME_TOO_LARGE, a BAD_FRAME disconnect, close code 3500.
	if err := ws.Write(ctx, websocket.MessageBinary, make([]byte, 8192)); err != nil {
		t.Fatal(err)
	}
	var got []*chorusv1.Frame
	var closeErr error
	for closeErr == nil {
		_, b, err := ws.Read(ctx)
		if err != nil {
			closeErr = err
			break
		}
		var f chorusv1.Frame
		if err := proto.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		got = append(got, &f)
	}
	if len(got) != 2 || got[0].GetError().GetCode() != chorusv1.ErrorCode_ERROR_CODE_FRAME_TOO_LARGE ||
		got[1].GetDisconnect().GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_BAD_FRAME {
		t.Fatalf("oversized WS message answered %v", got)
	}
	if code := websocket.CloseStatus(closeErr); code != 3500 {
		t.Fatalf("close %v (status %d), want 3500", closeErr, code)
	}
	stillServes(t, tn, alice)
}

func text(s string) *chorusv1.Content {
	return &chorusv1.Content{Body: &chorusv1.Content_Text{Text: &chorusv1.Text{Text: s}}}
}

// Browsers may open WebSockets only from the node's own pages or from
// origins listed in gateway.allowed_origins; apps (no Origin) always may.
func TestWebSocketOrigins(t *testing.T) {
	tn := startNode(t, "", func(c *config.Config) { c.Gateway.AllowedOrigins = []string{"https://app.example.com"} })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for origin, ok := range map[string]bool{
		"":                          true,
		"http://" + tn.HTTPAddr():   true,
		"https://app.example.com":   true,
		"https://evil.example.com":  false,
		"https://app.example.com.x": false,
	} {
		h := http.Header{}
		if origin != "" {
			h.Set("Origin", origin)
		}
		ws, _, err := websocket.Dial(ctx, tn.wsURL(), &websocket.DialOptions{HTTPHeader: h})
		if (err == nil) != ok {
			t.Errorf("origin %q: err %v, want allowed=%v", origin, err, ok)
		}
		if ws != nil {
			ws.CloseNow()
		}
	}
}
