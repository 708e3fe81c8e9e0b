package domain

import (
	"strings"
	"testing"
)

func TestValidatePasswordFitsBcrypt(t *testing.T) {
	for _, ok := range []string{"correct horse", strings.Repeat("pq", 36), strings.Repeat("éa", 24)} {
		if err := ValidatePassword(ok, ""); err != nil {
			t.Errorf("%d bytes refused: %v", len(ok), err)
		}
	}
	for _, bad := range []string{"short horse", strings.Repeat("pq", 37), strings.Repeat("é", 37), strings.Repeat("pq", 65)} {
		if err := ValidatePassword(bad, ""); err == nil {
			t.Errorf("%d bytes accepted", len(bad))
		}
	}
	if err := ValidatePassword(strings.Repeat("pq", 50), ""); err == nil || !strings.Contains(err.Error(), "72 bytes") {
		t.Fatalf("100 characters: %v", err)
	}
}

func TestValidatePasswordPolicy(t *testing.T) {
	for _, tc := range []struct{ pw, email, want string }{
		{"eleven char", "", "between 12 and 128 characters (got 11)"},
		{"Password1234", "", "most commonly used passwords"},
		{"QWERTY123456", "", "most commonly used passwords"},
		{"zzzzzzzzzzzzzz", "", "single character"},
		{"ann.lee@example.com!", "Ann.Lee@Example.com", "e-mail address"},
		{"my-annalee-secret", "annalee@example.com", "part before the @"},
		{"a quiet harbour at dawn", "ann@example.com", ""},
		{"ann's long passphrase", "ann@example.com", ""}, // a short local part is not refused everywhere it appears
	} {
		err := ValidatePassword(tc.pw, tc.email)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q refused: %v", tc.pw, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: got %v, want an error saying %q", tc.pw, err, tc.want)
		}
	}
}

func FuzzValidatePassword(f *testing.F) {
	for _, s := range []string{"", "a quiet harbour", strings.Repeat("é", 40), "\x00\xff"} {
		f.Add(s, "a@example.com")
	}
	f.Fuzz(func(t *testing.T, pw, email string) {
		if err := ValidatePassword(pw, email); err == nil && len(pw) > MaxPasswordBytes {
			t.Fatalf("%d bytes accepted: bcrypt would hash only the first %d", len(pw), MaxPasswordBytes)
		}
	})
}
