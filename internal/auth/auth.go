// Package auth issues and verifies client tokens: JWTs signed with HS256,
// RS256 or EdDSA, carrying the user id ("sub"), an issuer and an expiry.
// Each key has a key id ("kid" header) so keys can be rotated: tokens signed
// by a previous key keep verifying while that key is listed in config.
//
// It must not know about connections or users beyond the user id: checking
// that the user exists is the caller's business.
package auth

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	chorusv1 "github.com/chorus-im/chorus/api/chorusv1"
	"github.com/chorus-im/chorus/internal/config"
	"github.com/chorus-im/chorus/internal/im"
)

// Authority signs and verifies tokens. It is safe for concurrent use.
type Authority struct {
	method  jwt.SigningMethod
	signKey any
	signKID string
	// verify maps a key id to a verification key of method's family.
	verify map[string]any
	issuer string
	ttl    time.Duration
	// skew is how long after its expiry (and before its nbf) a token is
	// still accepted: auth.clock_skew.
	skew   time.Duration
	now    func() time.Time
	parser *jwt.Parser
}

// Claims is what a verified token says.
type Claims struct {
	UserID    string
	ExpiresAt time.Time
}

// New builds an Authority from config. For HS256 with no secret configured
// it generates one into <dataDir>/jwt-secret on first start and reads it
// back afterwards, so tokens survive restarts.
func New(cfg config.Auth, dataDir string) (*Authority, error) {
	a := &Authority{verify: map[string]any{}, issuer: cfg.Issuer, ttl: cfg.TokenTTL.Duration, skew: cfg.ClockSkew.Duration, now: time.Now}
	if a.skew < 0 {
		return nil, fmt.Errorf("auth.clock_skew %v: must not be negative", a.skew)
	}
	switch cfg.Algorithm {
	case "HS256":
		a.method = jwt.SigningMethodHS256
		secret, err := hsSecret(cfg, dataDir)
		if err != nil {
			return nil, err
		}
		a.signKey, a.signKID = secret, keyID(secret)
		a.verify[a.signKID] = secret
		for _, s := range cfg.PreviousSecrets {
			a.verify[keyID([]byte(s))] = []byte(s)
		}
	case "RS256", "EdDSA":
		signer, err := readPrivateKey(cfg.PrivateKeyFile)
		if err != nil {
			return nil, err
		}
		if err := a.setAsymmetric(cfg.Algorithm, signer); err != nil {
			return nil, fmt.Errorf("auth.private_key_file %s: %w", cfg.PrivateKeyFile, err)
		}
		for _, f := range cfg.PublicKeyFiles {
			pub, err := readPublicKey(f)
			if err != nil {
				return nil, err
			}
			kid, err := publicKeyID(pub)
			if err != nil {
				return nil, fmt.Errorf("auth.public_key_files %s: %w", f, err)
			}
			if !sameFamily(cfg.Algorithm, pub) {
				return nil, fmt.Errorf("auth.public_key_files %s: not a key for %s", f, cfg.Algorithm)
			}
			a.verify[kid] = pub
		}
	default:
		return nil, fmt.Errorf("auth.algorithm %q: want HS256, RS256 or EdDSA", cfg.Algorithm)
	}
	if a.ttl <= 0 {
		a.ttl = 24 * time.Hour
	}
	// The parser checks the signature, keyFor the algorithm and key; Verify
	// checks the claims itself, so that every refusal names its reason.
	a.parser = jwt.NewParser(jwt.WithoutClaimsValidation())
	return a, nil
}

func (a *Authority) setAsymmetric(alg string, signer crypto.Signer) error {
	switch k := signer.(type) {
	case *rsa.PrivateKey:
		if alg != "RS256" {
			return errors.New("an RSA key needs algorithm RS256")
		}
		a.method = jwt.SigningMethodRS256
		a.signKey = k
	case ed25519.PrivateKey:
		if alg != "EdDSA" {
			return errors.New("an Ed25519 key needs algorithm EdDSA")
		}
		a.method = jwt.SigningMethodEdDSA
		a.signKey = k
	default:
		return fmt.Errorf("key type %T not supported: want RSA or Ed25519", signer)
	}
	kid, err := publicKeyID(signer.Public())
	if err != nil {
		return err
	}
	a.signKID = kid
	a.verify[kid] = signer.Public()
	return nil
}

// Issue signs a token for userID valid for ttl (the configured default when
// ttl is 0) and returns it with its expiry. A JWT counts time in whole
// seconds, so the expiry is cut to the second: the returned time is the
// one the token carries.
func (a *Authority) Issue(userID string, ttl time.Duration) (string, time.Time, error) {
	if ttl <= 0 {
		ttl = a.ttl
	}
	now := a.now()
	exp := now.Add(ttl).Truncate(time.Second)
	claims := jwt.RegisteredClaims{
		Subject:   userID,
		Issuer:    a.issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(exp),
	}
	tok := jwt.NewWithClaims(a.method, claims)
	tok.Header["kid"] = a.signKID
	s, err := tok.SignedString(a.signKey)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: sign token: %w", err)
	}
	return s, exp, nil
}

// Verify checks a token and returns its claims. It fails with
// TOKEN_EXPIRED for a token that expired more than auth.clock_skew ago,
// and TOKEN_INVALID, with the reason in the message, for anything else
// wrong with it: format, signature, unknown key or algorithm, a missing or
// wrong issuer, a missing expiry, a missing or invalid subject, or a
// not-before time still ahead.
func (a *Authority) Verify(token string) (Claims, error) {
	var rc jwt.RegisteredClaims
	if _, err := a.parser.ParseWithClaims(token, &rc, a.keyFor); err != nil {
		return Claims{}, invalid(reason(err))
	}
	now := a.now()
	switch {
	case rc.Issuer == "":
		return Claims{}, invalid("missing issuer (iss)")
	case rc.Issuer != a.issuer:
		return Claims{}, invalid("wrong issuer")
	case rc.ExpiresAt == nil:
		return Claims{}, invalid("missing expiry (exp)")
	case rc.Subject == "":
		return Claims{}, invalid("missing subject (sub)")
	case !im.ValidID(rc.Subject):
		return Claims{}, invalid("the subject is not a valid user id")
	case rc.NotBefore != nil && now.Add(a.skew).Before(rc.NotBefore.Time):
		return Claims{}, invalid("not valid yet (nbf)")
	case !now.Before(rc.ExpiresAt.Add(a.skew)):
		return Claims{}, im.Errorf(chorusv1.ErrorCode_ERROR_CODE_TOKEN_EXPIRED, "token expired at %s",
			rc.ExpiresAt.UTC().Format(time.RFC3339))
	}
	return Claims{UserID: rc.Subject, ExpiresAt: rc.ExpiresAt.Time}, nil
}

// ClockSkew is how long past its expiry a token is still accepted.
func (a *Authority) ClockSkew() time.Duration { return a.skew }

func invalid(why string) error {
	return im.Errorf(chorusv1.ErrorCode_ERROR_CODE_TOKEN_INVALID, "token rejected: %s", why)
}

// keyError is why keyFor found no key for a token.
type keyError struct{ why string }

func (e *keyError) Error() string { return e.why }

func (a *Authority) keyFor(t *jwt.Token) (any, error) {
	if alg := t.Method.Alg(); alg != a.method.Alg() {
		return nil, &keyError{fmt.Sprintf("algorithm %q is not accepted (this node uses %s)", alg, a.method.Alg())}
	}
	kid, _ := t.Header["kid"].(string)
	if k, ok := a.verify[kid]; ok {
		return k, nil
	}
	if kid == "" {
		// A token without kid (made by other tooling) may still be signed by
		// one of our keys; let the parser try each of them.
		keys := jwt.VerificationKeySet{}
		for _, k := range a.verify {
			keys.Keys = append(keys.Keys, k)
		}
		return keys, nil
	}
	return nil, &keyError{"signed with an unknown key (kid)"}
}

// reason turns a parse error (the claims are checked apart) into a short,
// safe explanation.
func reason(err error) string {
	var ke *keyError
	switch {
	case errors.As(err, &ke):
		return ke.why
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "bad signature"
	default:
		return "invalid"
	}
}

func hsSecret(cfg config.Auth, dataDir string) ([]byte, error) {
	if cfg.Secret != "" {
		if len(cfg.Secret) < 16 {
			return nil, errors.New("auth.secret: use at least 16 characters")
		}
		return []byte(cfg.Secret), nil
	}
	if cfg.SecretFile != "" {
		b, err := os.ReadFile(cfg.SecretFile)
		if err != nil {
			return nil, fmt.Errorf("auth.secret_file: %w", err)
		}
		s := strings.TrimSpace(string(b))
		if len(s) < 16 {
			return nil, fmt.Errorf("auth.secret_file %s: use at least 16 characters", cfg.SecretFile)
		}
		return []byte(s), nil
	}
	s, err := ReadOrCreateSecret(filepath.Join(dataDir, "jwt-secret"))
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// ReadOrCreateSecret returns the secret kept in path, creating the file
// with 32 random bytes (hex) and mode 0600 when it does not exist.
func ReadOrCreateSecret(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		s := strings.TrimSpace(string(b))
		if s == "" {
			return "", fmt.Errorf("secret file %s is empty: delete it to generate a new one", path)
		}
		return s, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("read secret: %w", err)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	s := hex.EncodeToString(raw[:])
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("create secret: %w", err)
	}
	// O_EXCL: when two processes start on one data dir at once, the loser
	// reads the winner's secret instead of overwriting it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return ReadOrCreateSecret(path)
	}
	if err != nil {
		return "", fmt.Errorf("create secret: %w", err)
	}
	if _, err := f.WriteString(s + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("write secret: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write secret: %w", err)
	}
	return s, nil
}

func keyID(secret []byte) string {
	h := sha256.Sum256(secret)
	return hex.EncodeToString(h[:8])
}

func publicKeyID(pub crypto.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", err
	}
	return keyID(der), nil
}

func sameFamily(alg string, pub crypto.PublicKey) bool {
	switch pub.(type) {
	case *rsa.PublicKey:
		return alg == "RS256"
	case ed25519.PublicKey:
		return alg == "EdDSA"
	}
	return false
}

func readPEM(path string) (*pem.Block, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth key: %w", err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("auth key %s: no PEM block", path)
	}
	return blk, nil
}

func readPrivateKey(path string) (crypto.Signer, error) {
	blk, err := readPEM(path)
	if err != nil {
		return nil, err
	}
	var key any
	switch blk.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	default:
		return nil, fmt.Errorf("auth.private_key_file %s: PEM type %q, want PRIVATE KEY", path, blk.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("auth.private_key_file %s: %w", path, err)
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("auth.private_key_file %s: key type %T cannot sign", path, key)
	}
	return s, nil
}

func readPublicKey(path string) (crypto.PublicKey, error) {
	blk, err := readPEM(path)
	if err != nil {
		return nil, err
	}
	if blk.Type != "PUBLIC KEY" {
		return nil, fmt.Errorf("auth.public_key_files %s: PEM type %q, want PUBLIC KEY", path, blk.Type)
	}
	pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("auth.public_key_files %s: %w", path, err)
	}
	return pub, nil
}
