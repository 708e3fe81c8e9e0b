package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns prefix_ followed by 48 bits of milliseconds and 80 random bits,
// so ids sort roughly by creation time and lists have a stable order.
func NewID(prefix string) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(time.Now().UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return prefix + "_" + idEncoding.EncodeToString(b[:])
}

// Secret prefixes tell the kind of a leaked secret at a glance (and to secret scanners).
const (
	APITokenPrefix        = "ptk_"
	InvitationTokenPrefix = "pinv_"
	SetupTokenPrefix      = "pset_"
)

// NewSecret returns a 256-bit random secret with a prefix, and its hash for storage.
func NewSecret(prefix string) (secret, hash string) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashSecret(secret)
}

// HashSecret is how secrets are stored and looked up: SHA-256 suffices for
// 256-bit random values, which cannot be brute-forced.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// SecretMatches compares a presented secret with a stored hash in constant time.
func SecretMatches(secret, storedHash string) bool {
	got := HashSecret(secret)
	return subtle.ConstantTimeCompare([]byte(got), []byte(storedHash)) == 1
}

// LooksLikeSecret reports whether s carries one of the portal's secret prefixes.
func LooksLikeSecret(s string) bool {
	return strings.HasPrefix(s, APITokenPrefix) || strings.HasPrefix(s, InvitationTokenPrefix) || strings.HasPrefix(s, SetupTokenPrefix)
}
