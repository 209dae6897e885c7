package auth

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/im"
)

func hsConfig(secret string) config.Auth {
	c := config.Default().Auth
	c.Secret = secret
	return c
}

func mustNew(t *testing.T, c config.Auth, dir string) *Authority {
	t.Helper()
	a, err := New(c, dir)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func wantCode(t *testing.T, err error, code chorusv1.ErrorCode) {
	t.Helper()
	if !im.IsCode(err, code) {
		t.Fatalf("error %v, want %v", err, code)
	}
}

func TestIssueVerifyHS256(t *testing.T) {
	a := mustNew(t, hsConfig("0123456789abcdef0123"), t.TempDir())
	tok, exp, err := a.Issue("alice", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.UserID != "alice" || !c.ExpiresAt.Equal(exp.Truncate(time.Second)) {
		t.Fatalf("claims %+v, exp %v", c, exp)
	}
}

func TestVerifyRejects(t *testing.T) {
	a := mustNew(t, hsConfig("0123456789abcdef0123"), t.TempDir())
	other := mustNew(t, hsConfig("another-secret-of-16+"), t.TempDir())
	good, _, _ := a.Issue("alice", time.Hour)
	foreign, _, _ := other.Issue("alice", time.Hour)

	// An expired token: issued two hours ago for one hour.
	a.now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
	expired, _, _ := a.Issue("alice", time.Hour)
	a.now = time.Now

	none := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.RegisteredClaims{
		Subject: "alice", Issuer: "chorus", ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	})
	noneTok, _ := none.SignedString(jwt.UnsafeAllowNoneSignatureType)

	wrongIss := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "alice", Issuer: "someone-else", ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	})
	wrongIssTok, _ := wrongIss.SignedString([]byte("0123456789abcdef0123"))

	key := []byte("0123456789abcdef0123")
	sign := func(c jwt.RegisteredClaims) string {
		tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	hour := jwt.NewNumericDate(time.Now().Add(time.Hour))
	noExpTok := sign(jwt.RegisteredClaims{Subject: "alice", Issuer: "chorus"})
	noIssTok := sign(jwt.RegisteredClaims{Subject: "alice", ExpiresAt: hour})
	noSubTok := sign(jwt.RegisteredClaims{Issuer: "chorus", ExpiresAt: hour})
	badSubTok := sign(jwt.RegisteredClaims{Subject: "a:b", Issuer: "chorus", ExpiresAt: hour})
	futureTok := sign(jwt.RegisteredClaims{Subject: "alice", Issuer: "chorus", ExpiresAt: hour,
		NotBefore: jwt.NewNumericDate(time.Now().Add(time.Minute))})

	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + parts[1] + "x." + parts[2]
	tamperedSig := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	foreignNoKid, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "alice", Issuer: "chorus", ExpiresAt: hour}).SignedString([]byte("another-secret-of-16+"))
	if err != nil {
		t.Fatal(err)
	}

	// Every refusal names its own reason.
	for name, tc := range map[string]struct {
		tok, why string
		code     chorusv1.ErrorCode
	}{
		"empty":          {"", "malformed", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"garbage":        {"not.a.jwt", "malformed", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"foreign key":    {foreign, "unknown key", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"foreign no kid": {foreignNoKid, "bad signature", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"expired":        {expired, "token expired at", chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED},
		"alg none":       {noneTok, `algorithm "none" is not accepted`, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"wrong issuer":   {wrongIssTok, "wrong issuer", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"no issuer":      {noIssTok, "missing issuer (iss)", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"no expiry":      {noExpTok, "missing expiry (exp)", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"no subject":     {noSubTok, "missing subject (sub)", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"bad subject":    {badSubTok, "not a valid user id", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"not yet valid":  {futureTok, "not valid yet (nbf)", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"tampered body":  {tampered, "malformed", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"tampered sig":   {tamperedSig, "bad signature", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := a.Verify(tc.tok)
			wantCode(t, err, tc.code)
			if !strings.Contains(err.Error(), tc.why) {
				t.Fatalf("error %q does not say %q", err, tc.why)
			}
		})
	}
}

// A token is accepted for auth.clock_skew past its expiry and not a
// moment longer; the expiry Issue returns is the one the token carries.
func TestClockSkew(t *testing.T) {
	for _, skew := range []time.Duration{0, time.Second, 5 * time.Second} {
		c := hsConfig("0123456789abcdef0123")
		c.ClockSkew.Duration = skew
		a := mustNew(t, c, t.TempDir())
		issued := time.Date(2026, 12, 1, 10, 0, 0, 700e6, time.UTC)
		a.now = func() time.Time { return issued }
		tok, exp, err := a.Issue("alice", time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if want := issued.Add(time.Second).Truncate(time.Second); !exp.Equal(want) {
			t.Fatalf("expiry %v, want %v (the token's own, in whole seconds)", exp, want)
		}
		for _, tc := range []struct {
			at time.Time
			ok bool
		}{
			{exp.Add(-time.Millisecond), true},
			{exp.Add(skew - time.Millisecond), true},
			{exp.Add(skew), false},
			{exp.Add(skew + 25*time.Second), false},
			{issued.Add(2 * time.Second), skew > 2*time.Second},
		} {
			a.now = func() time.Time { return tc.at }
			cl, err := a.Verify(tok)
			if tc.ok != (err == nil) {
				t.Fatalf("skew %v, at exp%+v: err %v, want ok=%v", skew, tc.at.Sub(exp), err, tc.ok)
			}
			if err != nil {
				wantCode(t, err, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED)
			} else if !cl.ExpiresAt.Equal(exp) {
				t.Fatalf("claims expiry %v, want %v", cl.ExpiresAt, exp)
			}
		}
	}
}

func TestSecretRotation(t *testing.T) {
	old := mustNew(t, hsConfig("old-secret-0123456789"), t.TempDir())
	tok, _, _ := old.Issue("bob", time.Hour)
	c := hsConfig("new-secret-0123456789")
	c.PreviousSecrets = []string{"old-secret-0123456789"}
	rotated := mustNew(t, c, t.TempDir())
	if _, err := rotated.Verify(tok); err != nil {
		t.Fatalf("token of previous secret rejected: %v", err)
	}
	fresh, _, _ := rotated.Issue("bob", time.Hour)
	if _, err := old.Verify(fresh); err == nil {
		t.Fatal("old authority accepted a token of the new secret")
	}
}

func TestGeneratedSecretSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	a := mustNew(t, hsConfig(""), dir)
	tok, _, _ := a.Issue("carol", time.Hour)
	b := mustNew(t, hsConfig(""), dir)
	if _, err := b.Verify(tok); err != nil {
		t.Fatalf("after restart: %v", err)
	}
	fi, err := os.Stat(filepath.Join(dir, "jwt-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file mode %v", fi.Mode().Perm())
	}
}

func writePEM(t *testing.T, dir, name, typ string, der []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAsymmetric(t *testing.T) {
	dir := t.TempDir()
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	_, oldEd, _ := ed25519.GenerateKey(rand.Reader)
	der := func(k any) []byte {
		b, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pub := func(k any) []byte {
		b, err := x509.MarshalPKIXPublicKey(k)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	rsaFile := writePEM(t, dir, "rsa.pem", "PRIVATE KEY", der(rsaKey))
	edFile := writePEM(t, dir, "ed.pem", "PRIVATE KEY", der(edKey))
	oldEdFile := writePEM(t, dir, "old-ed.pem", "PRIVATE KEY", der(oldEd))
	oldEdPub := writePEM(t, dir, "old-ed.pub", "PUBLIC KEY", pub(oldEd.Public()))
	rsaPub := writePEM(t, dir, "rsa.pub", "PUBLIC KEY", pub(rsaKey.Public()))

	for _, alg := range []struct{ name, file string }{{"RS256", rsaFile}, {"EdDSA", edFile}} {
		c := config.Default().Auth
		c.Algorithm, c.PrivateKeyFile = alg.name, alg.file
		a := mustNew(t, c, dir)
		tok, _, err := a.Issue("dave", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if cl, err := a.Verify(tok); err != nil || cl.UserID != "dave" {
			t.Fatalf("%s: %v %+v", alg.name, err, cl)
		}
	}

	// Rotation: the old Ed25519 key's tokens verify on a node that signs
	// with the new key and lists the old public key.
	c := config.Default().Auth
	c.Algorithm, c.PrivateKeyFile = "EdDSA", oldEdFile
	oldA := mustNew(t, c, dir)
	oldTok, _, _ := oldA.Issue("erin", time.Hour)
	c.PrivateKeyFile, c.PublicKeyFiles = edFile, []string{oldEdPub}
	if _, err := mustNew(t, c, dir).Verify(oldTok); err != nil {
		t.Fatalf("rotated EdDSA: %v", err)
	}

	// Mismatches are configuration errors, not runtime surprises.
	bad := []config.Auth{
		{Algorithm: "RS256", PrivateKeyFile: edFile},
		{Algorithm: "EdDSA", PrivateKeyFile: rsaFile},
		{Algorithm: "EdDSA", PrivateKeyFile: edFile, PublicKeyFiles: []string{rsaPub}},
		{Algorithm: "EdDSA", PrivateKeyFile: filepath.Join(dir, "missing.pem")},
		{Algorithm: "EdDSA", PrivateKeyFile: rsaPub},
		{Algorithm: "HS256", Secret: "short"},
		{Algorithm: "PS512"},
	}
	for i, c := range bad {
		if _, err := New(c, dir); err == nil {
			t.Errorf("bad config %d accepted: %+v", i, c)
		}
	}
}

func BenchmarkVerifyHS256(b *testing.B) {
	a, _ := New(hsConfig("0123456789abcdef0123"), b.TempDir())
	tok, _, _ := a.Issue("alice", time.Hour)
	for b.Loop() {
		if _, err := a.Verify(tok); err != nil {
			b.Fatal(err)
		}
	}
}
