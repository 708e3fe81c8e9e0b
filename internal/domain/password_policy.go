package domain

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxPasswordBytes is the most bcrypt hashes: it refuses longer input.
const MaxPasswordBytes = 72

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 12

// commonPasswords are the most guessed passwords of at least
// MinPasswordLength characters (lowercased): the first ones any attacker
// tries, so the length rule alone would let them through.
var commonPasswords = map[string]bool{
	"123456789012": true, "1234567890123": true, "12345678901234": true, "123456123456": true,
	"password1234": true, "password12345": true, "password123!": true, "passwordpassword": true,
	"qwertyuiop12": true, "qwertyuiopas": true, "qwerty123456": true, "1q2w3e4r5t6y": true,
	"iloveyou1234": true, "letmein12345": true, "welcome12345": true, "welcome123456": true,
	"administrator": true, "admin1234567": true, "changeme1234": true, "trustno11234": true,
	"abcdefghijkl": true, "abc123abc123": true, "monkey123456": true, "football1234": true,
	"baseball1234": true, "sunshine1234": true, "princess1234": true, "superman1234": true,
	"qazwsxedcrfv": true, "zaq12wsxcde3": true, "1qaz2wsx3edc": true, "asdfghjkl123": true,
	"p@ssw0rd1234": true, "p@ssword1234": true, "passw0rd1234": true, "mypassword123": true,
	"correcthorsebatterystaple": true, "portalpassword": true, "password2026": true, "password2025": true,
}

// ValidatePassword applies the password policy: long enough to resist
// guessing, short enough to hash whole, not one of the first passwords an
// attacker tries, and not the account's own address (email, when known).
// Each error says what is wrong and what is accepted.
func ValidatePassword(pw, email string) error {
	if n := utf8.RuneCountInString(pw); n < MinPasswordLength || n > 128 {
		return fmt.Errorf("must be between %d and 128 characters (got %d); a passphrase of a few words is easy to remember", MinPasswordLength, n)
	}
	if len(pw) > MaxPasswordBytes {
		return fmt.Errorf(
			"must be at most %d bytes in UTF-8 (got %d; letters outside ASCII take 2 to 4 bytes each); use a shorter passphrase",
			MaxPasswordBytes,
			len(pw),
		)
	}
	lower := strings.ToLower(pw)
	if commonPasswords[lower] {
		return errors.New("is one of the most commonly used passwords, which are tried first; choose another")
	}
	if r, _ := utf8.DecodeRuneInString(pw); strings.Count(pw, string(r)) == utf8.RuneCountInString(pw) {
		return errors.New("repeats a single character; choose a passphrase")
	}
	if email != "" {
		addr := NormalizeEmail(email)
		local, _, _ := strings.Cut(addr, "@")
		if strings.Contains(lower, addr) || (utf8.RuneCountInString(local) >= 4 && strings.Contains(lower, local)) {
			return errors.New("must not contain the account's e-mail address or the part before the @")
		}
	}
	return nil
}
