package service

import (
	"sync"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"golang.org/x/crypto/bcrypt"
)

// HashPassword applies the password policy (email is the account's address,
// "" when not known yet) and hashes the password. It is slow on purpose, so
// callers run it before opening a write transaction, and only once the link
// or credential the password comes with has been checked.
func HashPassword(pw, email string) (string, error) {
	if err := checkPassword("password", pw, email); err != nil {
		return "", err
	}
	passwordHashes.Add(1)
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// checkPassword applies the policy to a password sent in field.
func checkPassword(field, pw, email string) error {
	if err := domain.ValidatePassword(pw, email); err != nil {
		return domain.Invalid("the password does not meet the policy", domain.FieldError{Field: field, Message: err.Error()})
	}
	return nil
}

// PasswordMatches compares a password with an account's hash. An account
// without a password (never set up) matches nothing, at the cost of a real
// comparison, so that its answer takes as long as any other.
func PasswordMatches(hash, pw string) bool {
	passwordChecks.Add(1)
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword([]byte(dummyHash()), []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// dummyHash is a hash of no one's password, at the cost real ones have:
// comparing against it makes an unknown address cost what a known one does.
var dummyHash = sync.OnceValue(func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("no account has this password"), bcrypt.DefaultCost)
	return string(h)
})

// hashMemo keeps the hash of the one password a request carries, across
// the runs of its operation (Mutate's dry run, then the write), so bcrypt
// runs once, and in the dry run, which holds no writer.
type hashMemo struct{ plain, hash string }

// passwordHash applies the policy to a password sent in field for the
// account at email, and hashes it once per request.
func (o *Op) passwordHash(field, pw, email string) (string, error) {
	if err := checkPassword(field, pw, email); err != nil {
		return "", err
	}
	if o.hashes != nil && o.hashes.hash != "" && o.hashes.plain == pw {
		return o.hashes.hash, nil
	}
	hash, err := HashPassword(pw, email)
	if err == nil && o.hashes != nil {
		*o.hashes = hashMemo{pw, hash}
	}
	return hash, err
}
