package service

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// SecretKeySize is the length of the server's secret key: AES-256.
const SecretKeySize = 32

// SecretBox seals the secrets the server must read back (TOTP secrets) with
// the server's key, which never enters the database: a copy of the database
// files, a backup or a replica's disk, holds nothing an attacker can use.
// AES-256-GCM with the owner's id as associated data, so a sealed value
// copied onto another row does not open.
type SecretBox struct{ aead cipher.AEAD }

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
	return &SecretBox{aead: aead}, err
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
