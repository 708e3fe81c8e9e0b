package service

import "sync/atomic"

// passwordHashes and passwordChecks count the passwords this process has
// hashed and compared: bcrypt is the costly step of the public endpoints,
// and tests check that a bad link never reaches it and that every sign-in,
// whatever its address, pays for exactly one comparison.
var passwordHashes, passwordChecks atomic.Int64

// PasswordHashes reports how many passwords this process has hashed.
func PasswordHashes() int64 { return passwordHashes.Load() }

// PasswordChecks reports how many passwords this process has compared.
func PasswordChecks() int64 { return passwordChecks.Load() }
