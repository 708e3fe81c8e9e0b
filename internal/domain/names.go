package domain

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/secure/precis"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// NormalizeName is the form names are stored in: Unicode NFC, so that a name
// typed on one system and pasted from another is the same name.
func NormalizeName(s string) string { return norm.NFC.String(s) }

var folder = cases.Fold()

// NameKey is the form names are compared in for uniqueness: two names that
// render alike have one key. It is the comparison form of the PRECIS
// Nickname profile (RFC 8266: compatibility forms such as full-width letters
// folded, non-ASCII spaces and runs of spaces made one space, case folded)
// with letters of other scripts that look like Latin letters or digits
// folded onto them (Unicode TS #39 confusables): "Ａcme", "ACME" and a
// Cyrillic "Асме" are one name, while "Café" and "Cafe" stay two.
func NameKey(s string) string {
	key, err := precis.Nickname.CompareKey(s)
	if err != nil { // a name stored before the profile applied
		key = s
	}
	key = norm.NFC.String(folder.String(norm.NFD.String(key))) // full case folding: "Straße" is "STRASSE"
	var b strings.Builder
	for _, r := range key {
		if m, ok := confusables[r]; ok && r >= 0x80 {
			b.WriteString(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkNameProfile refuses what the PRECIS Nickname profile (RFC 8266)
// refuses, naming the character: default-ignorable and invisible code
// points (Hangul fillers, the combining grapheme joiner, variation
// selectors, zero-width characters), unassigned ones, and joiners outside
// the contexts their scripts need them in.
func checkNameProfile(s string) error {
	if _, err := precis.Nickname.String(s); err == nil {
		return nil
	}
	for _, r := range s {
		if _, err := precis.Nickname.String(string(r)); err != nil || r == '\u200c' || r == '\u200d' {
			name := runenames.Name(r)
			if name == "" {
				name = "an unassigned character"
			}
			return fmt.Errorf("must not contain %U %s, an invisible, default-ignorable or unassigned character here; use letters, digits, "+
				"spaces and punctuation (names follow the PRECIS Nickname profile, RFC 8266)", r, name)
		}
	}
	return errors.New("is not a name the PRECIS Nickname profile (RFC 8266) accepts; use letters, digits, spaces and punctuation")
}

// forbiddenInName reports characters a name must not contain: control
// characters (tab and line breaks included), line and paragraph separators,
// and invisible format characters (bidirectional overrides, zero-width
// spaces, soft hyphens...). They break mail headers, hide text, or make two
// different names look alike. The zero-width joiner and non-joiner stay
// allowed: some scripts and emoji need them.
func forbiddenInName(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d':
		return false
	case unicode.IsControl(r), unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf, unicode.Cs, unicode.Co):
		return true
	case r == unicode.ReplacementChar:
		return true
	}
	return false
}

// OneLine replaces the characters a name refuses (line breaks, tabs, other
// control and invisible characters) with spaces, for a mail header built
// from a name stored before the rule existed.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if forbiddenInName(r) && r != unicode.ReplacementChar {
			return ' '
		}
		return r
	}, s)
}

// scriptOf returns the Unicode script of r; "" for characters shared by all
// scripts (digits, punctuation, symbols, combining marks).
func scriptOf(r rune) string {
	if r < 0x80 {
		if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return "Latin"
		}
		return ""
	}
	if unicode.In(r, unicode.Common, unicode.Inherited) {
		return ""
	}
	for _, name := range []string{"Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew"} {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	for name, table := range unicode.Scripts {
		if unicode.Is(table, r) {
			return name
		}
	}
	return "Unknown"
}

// scriptMixes that are accepted: Latin with the scripts written together in
// Chinese, Japanese and Korean (Unicode TS #39 "highly restrictive").
var scriptMixes = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// checkScripts refuses names mixing letters of different scripts, such as a
// Cyrillic "а" among Latin letters: the classic way to make a name that looks
// like another one.
func checkScripts(s string) error {
	var seen []string
	for _, r := range s {
		if sc := scriptOf(r); sc != "" && !slices.Contains(seen, sc) {
			seen = append(seen, sc)
		}
	}
	if len(seen) < 2 {
		return nil
	}
	for _, mix := range scriptMixes {
		if !slices.ContainsFunc(seen, func(sc string) bool { return !slices.Contains(mix, sc) }) {
			return nil
		}
	}
	return fmt.Errorf("mixes letters of different scripts (%s); write it in one script, such as only Latin or only Cyrillic letters "+
		"(digits, spaces and punctuation go with any script, and Latin may be combined with Chinese, Japanese or "+
		"Korean)", strings.Join(seen, " and "))
}

// confusables maps characters that look like Latin letters or digits to
// them (from Unicode TS #39 confusables, the ones that matter for short
// ASCII names such as the built-in role names). As there, i, l, 1 and | are
// one shape, since the comparison ignores case (I and l look the same).
var confusables = map[rune]string{
	// Cyrillic
	'а': "a", 'в': "b", 'с': "c", 'ԁ': "d", 'е': "e", 'ё': "e", 'һ': "h", 'і': "l", 'ї': "l", 'ј': "j", 'к': "k", 'ӏ': "l",
	'м': "m", 'н': "h", 'о': "o", 'р': "p", 'ԛ': "q", 'ѕ': "s", 'т': "t", 'ц': "u", 'ѵ': "v", 'ԝ': "w", 'х': "x", 'у': "y",
	'г': "r", 'п': "n", 'ь': "b", 'ɡ': "g",
	// Greek
	'α': "a", 'β': "b", 'ϲ': "c", 'ε': "e", 'η': "n", 'ι': "l", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p", 'τ': "t", 'υ': "u",
	'χ': "x", 'γ': "y", 'ω': "w", 'μ': "u",
	// Latin look-alikes and digits
	'i': "l", 'ı': "l", 'ȷ': "j", 'ℓ': "l", '0': "o", '1': "l", '|': "l", '!': "l", '3': "e", '4': "a", '5': "s", '7': "t", '8': "b",
	'ʋ': "u", 'ɑ': "a",
}

// Skeleton reduces a name to how it looks, ignoring case, accents, width,
// separators and look-alike letters from other scripts, so "Аdmin",
// "ádmin", "ADM1N" and "user-manager" compare equal to "admin" and
// "user_manager".
func Skeleton(s string) string {
	s = norm.NFKD.String(folder.String(norm.NFKC.String(s)))
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), forbiddenInName(r), r == '\u200c' || r == '\u200d':
			continue // accents and invisible characters
		case unicode.IsSpace(r) || unicode.In(r, unicode.Pd, unicode.Pc) || r == '.' || r == '·':
			continue // separators: "user manager", "user-manager", "user.manager"
		}
		if m, ok := confusables[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// BuiltinRoleLookalike returns the built-in role name that name is, or
// looks like, and whether there is one.
func BuiltinRoleLookalike(name string) (string, bool) {
	sk := Skeleton(name)
	for _, r := range BuiltinRoles {
		if Skeleton(r.Name) == sk {
			return r.Name, true
		}
	}
	return "", false
}

// ValidateRoleName checks a custom role's name: a valid name (ValidateName)
// that is not, and does not look like, the name of a built-in role.
func ValidateRoleName(s string) error {
	if err := ValidateName(s, MaxPersonNameLength); err != nil {
		return err
	}
	if b, ok := BuiltinRoleLookalike(s); ok {
		if strings.EqualFold(b, s) {
			return fmt.Errorf("%q is the name of a built-in role; choose another name", s)
		}
		return fmt.Errorf(
			"%q looks like the built-in role name %q (it differs only in case, accents, separators or look-alike characters); choose a name that "+
				"is clearly different",
			s,
			b,
		)
	}
	return nil
}
