package domain

import (
	"net"
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
		"a@example..com", "a @example.com", "ä@example.com", "a@example.com.", strings.Repeat("a", 250) + "@example.com",
		"a@[127.0.0.1]", "a@[IPv6:::1]", "a@127.0.0.1", "a@10.0.0.1", "a@0x7f.0.0.1", "a@1.2.3.4.5", "a@ex_ample.com", "a@-example.com",
		"a@example-.com", "a@ex!ample.com", "a@example.123", "a@" + strings.Repeat("x", 64) + ".com"} {
		if err := ValidateEmail(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidateEmailRefusesAddressLiterals(t *testing.T) {
	for _, bad := range []string{"a@[127.0.0.1]", "a@192.168.1.1"} {
		err := ValidateEmail(bad)
		if err == nil || !strings.Contains(err.Error(), "not an address literal or IP address") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, ok := range []string{"a@1password.com", "a@x-y.example", "a@123.example.org", "a@example.xn--p1ai"} {
		if err := ValidateEmail(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
}

func TestValidateNameRefusesLineBreaksAndInvisibleCharacters(t *testing.T) {
	for _, bad := range []string{"Acme\nBcc: x@example.com", "Acme\r\nX", "Ac\tme", "Acme\u2028Corp", "Acme\u2029Corp", "Ac\u202eme",
		"Ac\u200bme", "Ac\u00adme", "Ac\ufeffme", "Ac\x7fme", "Ac\u0085me", "Ac\ufffdme", "Ac\ue000me"} {
		err := ValidateName(bad, MaxNameLength)
		if err == nil || !strings.Contains(err.Error(), "line breaks") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, ok := range []string{
		"Acme",
		"Ørsted A/S",
		"株式会社ソニー Sony",
		"삼성 Samsung",
		"Ελληνικά 2",
		"ООО Ромашка",
		"می\u200cخواهم",
		"O'Brien & Sons (EU) #1",
	} {
		if err := ValidateName(ok, MaxNameLength); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	// Free text keeps its line breaks.
	if err := ValidateText("Welcome!\nSee you soon.", MaxMessageLength); err != nil {
		t.Fatal(err)
	}
}

func TestOneLineMakesAHeaderSafeName(t *testing.T) {
	if got := OneLine("You are invited to Acme\r\nBcc: " +
		"x@example.com\u2028\tCorp"); got != "You are invited to Acme  Bcc: x@example.com  Corp" {
		t.Fatalf("OneLine = %q", got)
	}
	if got := OneLine("Café ソニー"); got != "Café ソニー" {
		t.Fatalf("OneLine changed a clean name: %q", got)
	}
}

func TestValidateNameRefusesMixedScripts(t *testing.T) {
	for _, bad := range []string{"\u0430dmin", "Acme Сorp", "Pαypal", "ООО Acme"} {
		err := ValidateName(bad, MaxNameLength)
		if err == nil || !strings.Contains(err.Error(), "mixes letters of different scripts") || !strings.Contains(err.Error(), "one script") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestNamesCompareInNFCAndCaseFolded(t *testing.T) {
	nfc, nfd := "Caf\u00e9", "Cafe\u0301"
	if NormalizeName(nfd) != nfc || NormalizeName(nfc) != nfc {
		t.Fatalf("NormalizeName(%q) = %q", nfd, NormalizeName(nfd))
	}
	for _, same := range [][2]string{{nfc, nfd}, {"CAFE\u0301", "café"}, {"Straße", "STRASSE"}, {"ACME", "acme"}} {
		if NameKey(same[0]) != NameKey(same[1]) {
			t.Errorf("%q and %q have different keys %q, %q", same[0], same[1], NameKey(same[0]), NameKey(same[1]))
		}
	}
	if NameKey("Acme") == NameKey("Acne") || NameKey("acme") != "acme" {
		t.Fatal("NameKey confuses different names or changes plain ASCII beyond lower case")
	}
}

func TestValidateRoleNameRefusesBuiltinLookalikes(t *testing.T) {
	for _, bad := range []string{
		"Admin",
		"\u0430\u0501\u043c\u0456\u043f",
		"ádmin",
		"ADM1N",
		"ａｄｍｉｎ",
		"user-manager",
		"User Manager",
		"vіewer",
		"Tech\u00adnician",
	} {
		err := ValidateRoleName(bad)
		if err == nil ||
			!strings.Contains(err.Error(), "built-in role") && !strings.Contains(err.Error(), "line breaks") &&
				!strings.Contains(err.Error(), "scripts") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if err := ValidateRoleName("\u0430\u0501\u043c\u0456\u043f"); err == nil ||
		!strings.Contains(err.Error(), `looks like the built-in role name "admin"`) {
		t.Errorf("all-Cyrillic look-alike: %v", err)
	}
	for _, ok := range []string{"Administrators", "Help desk", "Viewer (billing)", "Техник"} {
		if err := ValidateRoleName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
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
	for _, s := range []string{
		"alice@example.com",
		"a@b",
		"<a@b.c>",
		"\"q\"@example.com",
		"a@[127.0.0.1]",
		"ü@x.y",
		"a@127.0.0.1",
		"a@[IPv6:::1]",
		"a@ex_ample.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateEmail(s) == nil {
			// Anything accepted must be a plain, bounded, ASCII address with a dotted domain.
			at := strings.LastIndexByte(s, '@')
			if at <= 0 || len(s) > MaxEmailLength || !strings.Contains(s[at:], ".") || strings.ContainsAny(s, " <>\t\r\n") ||
				strings.ContainsAny(s[at:], "[]:_") || net.ParseIP(s[at+1:]) != nil {
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
	for _, s := range []string{
		"Acme",
		" lead",
		"tab\tname",
		"\x00",
		"日本",
		"line\nbreak",
		"sep\u2028",
		"\u0430dmin",
		"Cafe\u0301",
		"Ac\u202eme",
		"ソニー Sony",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidateName(s, MaxNameLength) == nil {
			if !utf8.ValidString(s) || strings.TrimSpace(s) != s || s == "" || strings.ContainsAny(s, "\x00\t\r\n\u2028\u2029\u202e") {
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

// TestNamesFollowThePRECISNicknameProfile: invisible and default-ignorable
// characters are refused, naming the character; names that render alike
// have one key, so that they cannot be siblings.
func TestNamesFollowThePRECISNicknameProfile(t *testing.T) {
	for s, named := range map[string]string{
		"Acme\u3164": "U+3164 HANGUL FILLER", "Acme\u115f": "U+115F HANGUL CHOSEONG FILLER",
		"Ac\u034fme": "U+034F COMBINING GRAPHEME JOINER", "Acme\ufe0f": "U+FE0F VARIATION SELECTOR-16",
		"Ac\u200dme": "U+200D ZERO WIDTH JOINER", "admin\u3164": "U+3164 HANGUL FILLER",
	} {
		err := ValidateName(s, 100)
		if err == nil || !strings.Contains(err.Error(), named) {
			t.Errorf("%q: %v, want a refusal naming %s", s, err, named)
		}
	}
	for _, same := range [][2]string{
		{"Acme", "Ａcme"}, {"Ace", "Асе"}, {"Acme Corp", "Acme\u00a0Corp"}, {"Acme Corp", "Acme  Corp"}, {"Straße", "STRASSE"},
	} {
		if NameKey(same[0]) != NameKey(same[1]) {
			t.Errorf("%q and %q render alike but have keys %q and %q", same[0], same[1], NameKey(same[0]), NameKey(same[1]))
		}
	}
	for _, ok := range []string{"Ａcme", "Асе", "Café", "ソニー Sony", "क्\u200dष"} {
		if err := ValidateName(ok, 100); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	if NameKey("Café") == NameKey("Cafe") {
		t.Error("an accent makes another name")
	}
}
