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

	noExp := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{Subject: "alice", Issuer: "chorus"})
	noExpTok, _ := noExp.SignedString([]byte("0123456789abcdef0123"))

	badSub := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject: "a:b", Issuer: "chorus", ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
	})
	badSubTok, _ := badSub.SignedString([]byte("0123456789abcdef0123"))

	parts := strings.Split(good, ".")
	tampered := parts[0] + "." + parts[1] + "x." + parts[2]

	for name, tc := range map[string]struct {
		tok  string
		code chorusv1.ErrorCode
	}{
		"empty":         {"", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"garbage":       {"not.a.jwt", chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"foreign key":   {foreign, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"expired":       {expired, chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED},
		"alg none":      {noneTok, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"wrong issuer":  {wrongIssTok, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"no expiry":     {noExpTok, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"bad subject":   {badSubTok, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
		"tampered body": {tampered, chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := a.Verify(tc.tok)
			wantCode(t, err, tc.code)
		})
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
