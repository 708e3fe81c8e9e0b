package domain

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Limits on free-text fields; generous for people, small enough to bound storage.
const (
	MaxNameLength       = 200
	MaxPersonNameLength = 100
	MaxEmailLength      = 254
	MaxExternalIDLength = 200
	MaxDescription      = 1000
	MaxMessageLength    = 2000
	// MaxInvitationOrganizations bounds the organizations one invitation
	// grants roles in: one e-mail for a handful of clients, not a tenant sweep.
	MaxInvitationOrganizations = 50
)

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// ValidateEmail accepts a bare address (no display name) with a domain that has a dot.
func ValidateEmail(s string) error {
	if s == "" {
		return errors.New("must not be empty; expected an address such as alice@example.com")
	}
	if len(s) > MaxEmailLength {
		return fmt.Errorf("must be at most %d characters", MaxEmailLength)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return fmt.Errorf("%q is not a valid e-mail address; expected a bare address such as alice@example.com", s)
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") {
		return fmt.Errorf("%q is not a valid e-mail address: the domain must be a full name such as example.com", s)
	}
	for _, r := range s {
		if r > unicode.MaxASCII || unicode.IsSpace(r) {
			return fmt.Errorf("%q is not a valid e-mail address: only ASCII characters without spaces are accepted", s)
		}
	}
	if err := checkMailDomain(domain); err != nil {
		return fmt.Errorf("%q is not a valid e-mail address: %w", s, err)
	}
	return nil
}

// checkMailDomain accepts a host name only: labels of letters, digits and
// inner hyphens, and a top-level label that is not all digits. Address
// literals ([127.0.0.1]) and IP addresses would let an invitation be mailed
// to an arbitrary host, past the mail relay's domain rules.
func checkMailDomain(d string) error {
	if strings.HasPrefix(d, "[") || net.ParseIP(d) != nil {
		return errors.New("the domain must be a name such as example.com, not an address literal or IP address")
	}
	labels := strings.Split(d, ".")
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("the domain label %q must be 1 to 63 letters, digits or inner hyphens", l)
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' {
				return fmt.Errorf("the domain may contain only letters, digits, hyphens and dots, not %q", c)
			}
		}
	}
	if tld := labels[len(labels)-1]; strings.Trim(tld, "0123456789") == "" {
		return errors.New("the domain must be a name such as example.com, not an address literal or IP address")
	}
	return nil
}

// NormalizeEmail is the form e-mail addresses are compared in: the whole
// address case-insensitively, as the portals we replace do.
func NormalizeEmail(s string) string { return strings.ToLower(s) }

// ValidatePhone accepts E.164 numbers only.
func ValidatePhone(s string) error {
	if !e164.MatchString(s) {
		return fmt.Errorf("%q is not an E.164 phone number; expected a plus sign, country code and number with no spaces, e.g. +14155550123", s)
	}
	return nil
}

// ValidateName checks a name (of an organization, role, person or token):
// trimmed, 1..maxLen characters, no control characters (tab and line breaks
// included), line or paragraph separators or invisible format characters,
// and letters of one script. Names travel in mail subjects and lists, where
// any of those would break a header or let one name pass for another.
func ValidateName(s string, maxLen int) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("must not be empty")
	}
	if s != strings.TrimSpace(s) {
		return errors.New("must not start or end with white space")
	}
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Errorf("must be at most %d characters (got %d)", maxLen, n)
	}
	if !utf8.ValidString(s) {
		return errors.New("must be valid UTF-8")
	}
	for _, r := range s {
		if forbiddenInName(r) {
			return fmt.Errorf(
				"must not contain control characters, tabs, line breaks or invisible formatting characters (found %U); use letters, digits, spaces "+
					"and punctuation",
				r,
			)
		}
	}
	if err := checkNameProfile(s); err != nil {
		return err
	}
	return checkScripts(s)
}

// ValidateText checks optional free text (messages, descriptions): printable
// and at most maxLen characters; unlike a name it may span lines.
func ValidateText(s string, maxLen int) error {
	if n := utf8.RuneCountInString(s); n > maxLen {
		return fmt.Errorf("must be at most %d characters (got %d)", maxLen, n)
	}
	return validateText(s)
}

func validateText(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("must be valid UTF-8")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return errors.New("must not contain control characters")
		}
	}
	return nil
}

// OrgKind is the kind of an organization.
type OrgKind = wire.OrgKind

// Organization kinds.
const (
	KindPartner = wire.KindPartner
	KindClient  = wire.KindClient
)

// ValidateKind accepts the two organization kinds.
func ValidateKind(s string) error {
	switch OrgKind(s) {
	case KindPartner, KindClient:
		return nil
	}
	return fmt.Errorf("%q is not an organization kind; expected \"partner\" or \"client\"", s)
}
