package service

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// SecretKeySize is the length of the server's secret key: AES-256.
const SecretKeySize = 32

// SecretBox seals the secrets the server must read back (TOTP secrets) with
// the server's key, which never enters the database: a copy of the database
// files, a backup or a replica's disk, holds nothing an attacker can use.
// AES-256-GCM with the owner's id as associated data, so a sealed value
// copied onto another row does not open.
type SecretBox struct {
	aead cipher.AEAD
	mac  []byte // the key of challenge MACs, derived from the secret key
}

// sealedPrefix marks a sealed value, with the scheme's version.
const sealedPrefix = "v1:"

// NewSecretBox makes a box from a SecretKeySize-byte key.
func NewSecretBox(key []byte) (*SecretBox, error) {
	if len(key) != SecretKeySize {
		return nil, fmt.Errorf("the secret key must be %d bytes, not %d", SecretKeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	m := hmac.New(sha256.New, key)
	m.Write([]byte("portal sign-in challenge"))
	return &SecretBox{aead: aead, mac: m.Sum(nil)}, err
}

// ephemeralSecretBox is a box whose key lives as long as the process, for a
// service nobody gave a key (tests; portal-api always gives one).
func ephemeralSecretBox() *SecretBox {
	key := make([]byte, SecretKeySize)
	_, _ = rand.Read(key)
	b, _ := NewSecretBox(key)
	return b
}

// Seal encrypts plain for owner.
func (b *SecretBox) Seal(owner, plain string) string {
	nonce := make([]byte, b.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(b.aead.Seal(nonce, nonce, []byte(plain), []byte(owner)))
}

// errSealed is a sealed value that does not open: sealed with another key,
// or for another owner.
var errSealed = errors.New("a sealed secret does not open with this server's key: was the secret key changed?")

// Open decrypts what Seal made for owner.
func (b *SecretBox) Open(owner, sealed string) (string, error) {
	raw, ok := strings.CutPrefix(sealed, sealedPrefix)
	if !ok {
		return "", errSealed
	}
	data, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(data) < b.aead.NonceSize() {
		return "", errSealed
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, data[:n], data[n:], []byte(owner))
	if err != nil {
		return "", errSealed
	}
	return string(plain), nil
}

// ChallengeTTL is how long a sign-in challenge stands for a right password.
const ChallengeTTL = 5 * time.Minute

// challenge proves that u's password was right at now: the user's id, an
// expiry and a fingerprint of the password hash (a new password voids it),
// under a MAC of the server's key. It holds no secret of the user's.
func (b *SecretBox) challenge(u domain.User, now time.Time) string {
	payload := u.ID + "." + strconv.FormatInt(now.Add(ChallengeTTL).Unix(), 10) + "." + passwordFingerprint(u)
	return payload + "." + b.sign(payload)
}

// challengeUser answers the user a challenge names while it has not expired
// and its MAC holds.
func (b *SecretBox) challengeUser(c string, now time.Time) (string, bool) {
	payload, sig, ok := cutLast(c)
	parts := strings.Split(payload, ".")
	if !ok || len(parts) != 3 || !hmac.Equal([]byte(sig), []byte(b.sign(payload))) {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || now.Unix() >= exp {
		return "", false
	}
	return parts[0], true
}

// challengeHolds reports that a challenge was made for u's current password.
func (b *SecretBox) challengeHolds(c string, u domain.User) bool {
	payload, _, _ := cutLast(c)
	return strings.HasSuffix(payload, "."+passwordFingerprint(u))
}

func (b *SecretBox) sign(payload string) string {
	m := hmac.New(sha256.New, b.mac)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func passwordFingerprint(u domain.User) string {
	h := sha256.Sum256([]byte(u.PasswordHash))
	return base64.RawURLEncoding.EncodeToString(h[:9])
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, '.')
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}
