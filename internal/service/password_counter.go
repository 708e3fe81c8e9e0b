package service

import "sync/atomic"

// passwordHashes counts the passwords this process has hashed: bcrypt is the
// costly step of the public endpoints, and tests check a bad link never
// reaches it.
var passwordHashes atomic.Int64

// PasswordHashes reports how many passwords this process has hashed.
func PasswordHashes() int64 { return passwordHashes.Load() }
