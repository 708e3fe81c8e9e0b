package domain

import (
	"crypto/subtle"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP follows RFC 6238 with the parameters every authenticator app reads
// from an otpauth URI: SHA-1, 6 digits, 30-second steps.
const (
	TOTPPeriod = 30
	// TOTPSkew is how many steps either side of now a code may be from, for
	// clocks that drift and people who type slowly.
	TOTPSkew = 1
)

var totpOpts = totp.ValidateOpts{Period: TOTPPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTPKey makes a new TOTP secret (160 random bits, base32) for an
// account, and the otpauth URI an authenticator app enrols it from.
func NewTOTPKey(issuer, account string) (secret, uri string, err error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: TOTPPeriod, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", err
	}
	return k.Secret(), k.URL(), nil
}

// MatchTOTP checks code against secret at instant at, within TOTPSkew steps,
// and answers the step it matched. A step at or before lastStep (the last
// one a code was accepted for) never matches, so a code seen over someone's
// shoulder or replayed from a log is worth nothing once used.
func MatchTOTP(secret, code string, at time.Time, lastStep int64) (step int64, ok bool) {
	if len(code) != 6 {
		return 0, false
	}
	now := at.Unix() / TOTPPeriod
	for s := now - TOTPSkew; s <= now+TOTPSkew; s++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*TOTPPeriod, 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode is the code for secret at instant at, for tests and the dev tools
// that stand in for an authenticator app.
func TOTPCode(secret string, at time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, at, totpOpts)
}
