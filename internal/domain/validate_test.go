package domain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidateEmail(t *testing.T) {
	for _, ok := range []string{"alice@example.com", "a.b+tag@sub.example.co.uk", "X@Example.COM"} {
		if err := ValidateEmail(ok); err != nil {
			t.Errorf("%q rejected: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "alice", "alice@", "@example.com", "alice@localhost", "Alice <a@example.com>",
		"a@example..com", "a @example.com", "ä@example.com", "a@example.com.", strings.Repeat("a", 250) + "@example.com"} {
		if err := ValidateEmail(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidatePhoneShowsAnExample(t *testing.T) {
	if err := ValidatePhone("+14155550123"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"4155550123", "+0155550123", "+1 415 555 0123", "+1415555012345678", "+12"} {
		err := ValidatePhone(bad)
		if err == nil || !strings.Contains(err.Error(), "+14155550123") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestValidatePermissionSuggestsClosest(t *testing.T) {
	err := ValidatePermission("users:wrte")
	if err == nil || !strings.Contains(err.Error(), `did you mean "users:write"`) {
		t.Fatalf("got %v", err)
	}
	perms, err := NormalizePermissions("permissions", []string{"users:read", "audit:read", "users:read"})
	if err != nil || strings.Join(perms, ",") != "audit:read,users:read" {
		t.Fatalf("NormalizePermissions = %v, %v", perms, err)
	}
	if _, err := NormalizePermissions("permissions", nil); err == nil {
		t.Fatal("empty permission list accepted")
	}
}

func FuzzValidateEmail(f *testing.F) {
	for _, s := range []string{"alice@example.com", "a@b", "<a@b.c>", "\"q\"@example.com", "a@[127.0.0.1]", "ü@x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateEmail(s) == nil {
			// Anything accepted must be a plain, bounded, ASCII address with a dotted domain.
			at := strings.LastIndexByte(s, '@')
			if at <= 0 || len(s) > MaxEmailLength || !strings.Contains(s[at:], ".") || strings.ContainsAny(s, " <>\t\r\n") {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}

func FuzzValidatePhone(f *testing.F) {
	for _, s := range []string{"+14155550123", "+1", "0044", "+99999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidatePhone(s) == nil && (s[0] != '+' || len(s) > 16 || len(s) < 8) {
			t.Fatalf("accepted %q", s)
		}
	})
}

func FuzzValidateName(f *testing.F) {
	for _, s := range []string{"Acme", " lead", "tab\tname", "\x00", "日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateName(s, MaxNameLength) == nil {
			if !utf8.ValidString(s) || strings.TrimSpace(s) != s || s == "" || strings.ContainsRune(s, 0) {
				t.Fatalf("accepted %q", s)
			}
		}
	})
}

func TestNewIDsStrictlyIncrease(t *testing.T) {
	prev := NewID("x")
	for range 10000 { // many land in the same millisecond
		id := NewID("x")
		if id <= prev {
			t.Fatalf("%s after %s", id, prev)
		}
		prev = id
	}
}
