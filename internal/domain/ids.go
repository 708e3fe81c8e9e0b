package domain

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

var idEncoding = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

var idState struct {
	sync.Mutex
	lastMs uint64
	last   [10]byte
}

// NewID returns prefix_ followed by 48 bits of milliseconds and 80 random
// bits. Within one process ids strictly increase (the random part is
// incremented when the millisecond repeats), so ordering by id is creation
// order: lists page stably and "newest" is well defined.
func NewID(prefix string) string {
	var b [16]byte
	ms := uint64(time.Now().UnixMilli())
	idState.Lock()
	if ms <= idState.lastMs {
		ms = idState.lastMs
		for i := len(idState.last) - 1; i >= 0; i-- { // increment the 80-bit tail
			idState.last[i]++
			if idState.last[i] != 0 {
				break
			}
		}
	} else if _, err := rand.Read(idState.last[:]); err != nil {
		idState.Unlock()
		panic("crypto/rand failed: " + err.Error())
	}
	idState.lastMs = ms
	binary.BigEndian.PutUint64(b[:8], ms<<16)
	copy(b[6:], idState.last[:])
	idState.Unlock()
	return prefix + "_" + idEncoding.EncodeToString(b[:])
}

// Secret prefixes tell the kind of a leaked secret at a glance (and to secret scanners).
const (
	APITokenPrefix        = "ptk_"
	InvitationTokenPrefix = "pinv_"
	SetupTokenPrefix      = "pset_"
	SessionTokenPrefix    = "pses_"
	ResetTokenPrefix      = "prst_"
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
	return HashMatches(HashSecret(secret), storedHash)
}

// HashMatches compares the hash of a presented secret, already computed to
// look the secret up, with a stored hash in constant time.
func HashMatches(hash, storedHash string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(storedHash)) == 1
}
