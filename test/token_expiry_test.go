package test

import (
	"context"
	"sync"
	"testing"
	"time"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/client"
	"github.com/chorus-im/chorus/internal/config"
)

// TestExpiredTokensAreRefused follows the report from outside testing: a
// token from IssueToken with ttlSeconds 1 still signed in 2 s later. With
// the default clock skew (1 s) it is refused by then, with TOKEN_EXPIRED
// and a disconnect that says not to reconnect without a new token.
func TestExpiredTokensAreRefused(t *testing.T) {
	tn := startNode(t, "", nil)
	tn.createUser(t, "alice")
	issued := time.Now()
	var tok chorusv1.IssueTokenResponse
	tn.mustCall(t, "IssueToken", &chorusv1.IssueTokenRequest{UserId: "alice", TtlSeconds: 1}, &tok)
	if exp := time.UnixMilli(tok.GetExpiresAtMs()); exp.After(issued.Add(time.Second)) || exp.UnixMilli()%1000 != 0 {
		t.Fatalf("expires at %v, want within a second of %v, in whole seconds (as the token says)", exp, issued)
	}
	time.Sleep(time.Until(issued.Add(2 * time.Second))) // waiting for the token to expire
	c := dialRaw(t, tn.TCPAddr())
	c.send(&chorusv1.Frame{Id: 1, Body: &chorusv1.Frame_Auth{Auth: &chorusv1.AuthRequest{Token: tok.GetToken(), DeviceId: "a1"}}})
	got := c.expectClosed()
	if len(got) != 2 || errorCode(t, got[0]) != chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED ||
		got[1].GetDisconnect().GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_AUTH_FAILED || got[1].GetDisconnect().GetReconnect() {
		t.Fatalf("a token 2 s after its 1 s lifetime got %v", got)
	}
}

// TestSessionEndsWithItsToken: a session lives as long as its token. It
// learns the expiry at auth, and once the token expired (by more than
// the clock skew, 0 here) the node closes it with TOKEN_EXPIRED, reconnect
// false: the client gets a new token first.
func TestSessionEndsWithItsToken(t *testing.T) {
	tn := startNode(t, "", func(c *config.Config) { c.Auth.ClockSkew.Duration = 0 })
	tn.createUser(t, "alice")
	var tok chorusv1.IssueTokenResponse
	tn.mustCall(t, "IssueToken", &chorusv1.IssueTokenRequest{UserId: "alice", TtlSeconds: 2}, &tok)
	c := dialRaw(t, tn.TCPAddr())
	ar := c.auth(tok.GetToken(), "a1")
	if ar.GetTokenExpiresAtMs() != tok.GetExpiresAtMs() {
		t.Fatalf("auth_result says the token expires at %d, IssueToken said %d", ar.GetTokenExpiresAtMs(), tok.GetExpiresAtMs())
	}
	got := c.expectClosed()
	closedAt := time.Now()
	if len(got) != 1 || got[0].GetDisconnect().GetCode() != chorusv1.DisconnectCode_DISCONNECT_CODE_TOKEN_EXPIRED || got[0].GetDisconnect().GetReconnect() {
		t.Fatalf("the session ended with %v, want one disconnect TOKEN_EXPIRED without reconnect", got)
	}
	if exp := time.UnixMilli(tok.GetExpiresAtMs()); closedAt.Before(exp) {
		t.Fatalf("closed at %v, before the token expired at %v", closedAt, exp)
	}
	if n := tn.sessionsOf(t); n != 0 {
		t.Fatalf("%d sessions left", n)
	}
}

// TestSDKRenewsAnExpiredToken: with Options.TokenSource the Go SDK gets a
// new token when the node closes its session for an expired one, and
// reconnects with it, keeping its state: messages sent meanwhile still
// arrive, once.
func TestSDKRenewsAnExpiredToken(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tn := startNode(t, "", func(c *config.Config) { c.Auth.ClockSkew.Duration = 0 })
	tn.createUser(t, "alice")
	bobTok := tn.createUser(t, "bob")
	var short chorusv1.IssueTokenResponse
	tn.mustCall(t, "IssueToken", &chorusv1.IssueTokenRequest{UserId: "alice", TtlSeconds: 2}, &short)
	var mu sync.Mutex
	renewed := 0
	var box inbox
	alice := dial(t, ctx, client.Options{Addr: "tcp://" + tn.TCPAddr(), Token: short.GetToken(), DeviceID: "a", Reconnect: true,
		OnMessage: box.add,
		TokenSource: func(ctx context.Context) (string, error) {
			mu.Lock()
			renewed++
			mu.Unlock()
			var res chorusv1.IssueTokenResponse
			if err := tn.call(t, "IssueToken", &chorusv1.IssueTokenRequest{UserId: "alice"}, &res); err != nil {
				return "", err
			}
			return res.GetToken(), nil
		}})
	bob := dial(t, ctx, client.Options{Addr: tn.wsURL(), Token: bobTok, DeviceID: "b"})
	first := alice.SessionID()
	waitFor(t, "alice's session to be replaced after her token expired", func() bool {
		id := alice.SessionID()
		return id != "" && id != first
	})
	if _, err := bob.SendText(ctx, "alice", "still there?"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "alice to receive bob's message", func() bool { return len(box.from("bob")) == 1 })
	mu.Lock()
	defer mu.Unlock()
	if renewed != 1 {
		t.Fatalf("TokenSource called %d times, want once", renewed)
	}
}
