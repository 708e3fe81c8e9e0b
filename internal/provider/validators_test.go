package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// validate runs v on s and returns the diagnostics' text ("" when accepted).
func validate(v validator.String, s string) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("attr"), ConfigValue: types.StringValue(s)}, resp)
	var b strings.Builder
	for _, d := range resp.Diagnostics.Errors() {
		if d.Summary() == "" || d.Detail() == "" {
			panic("a validation error without summary or detail")
		}
		b.WriteString(d.Summary() + ": " + d.Detail())
	}
	return b.String()
}

// FuzzPlanTimeValidators: plan-time checks accept exactly what the API
// accepts (so a plan never passes what apply then refuses, nor the reverse),
// and every refusal explains itself.
func FuzzPlanTimeValidators(f *testing.F) {
	for _, s := range []string{"alice@example.com", "Alice@Example.COM", "a@b", " a@b.co", "+14155550123", "+0", "users:read", "users:*",
		"72h", "0.5h", "-1h", "9999999h", "1e3h", "", " x", "x\t", "\u00a0x", "é@x.fr",
		"a@[127.0.0.1]", "a@127.0.0.1", "a@[IPv6:::1]", "a@ex_ample.com", "a@example.123",
		"Acme\nCorp", "Acme\u2028", "Ac\u202eme", "\u0430dmin", "\u0430\u0501\u043c\u0456\u043f", "Cafe\u0301", "Café",
		"User Manager", "ソニー Sony"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range []struct {
			v     domainValidator
			check func(string) error
		}{{emailValidator, domain.ValidateEmail}, {phoneValidator, domain.ValidatePhone}, {permissionValidator, domain.ValidatePermission}} {
			if got, want := validate(c.v, s) != "", c.check(s) != nil; got != want {
				t.Fatalf("%s %q: plan refuses=%v, API refuses=%v", c.v.what, s, got, want)
			}
		}
		// Names: the API's rules, plus the composed (NFC) form the API stores
		// names in, so what is applied reads back unchanged.
		for _, c := range []struct {
			v     domainValidator
			check func(string) error
		}{
			{orgNameValidator, func(s string) error { return domain.ValidateName(s, domain.MaxNameLength) }},
			{personNameValidator, func(s string) error { return domain.ValidateName(s, domain.MaxPersonNameLength) }},
			{roleNameValidator, domain.ValidateRoleName},
		} {
			api := c.check(domain.NormalizeName(s))
			if got, want := validate(c.v, s) != "", api != nil || domain.NormalizeName(s) != s; got != want {
				t.Fatalf("%s %q: plan refuses=%v, API refuses=%v (or stores it differently)", c.v.what, s, got, want)
			}
		}
		trimmed := validate(trimmedValidator{}, s)
		if (trimmed != "") != (s != strings.TrimSpace(s)) {
			t.Fatalf("%q: trimmed validator said %q", s, trimmed)
		}
		v := durationValidator{min: time.Hour, max: 720 * time.Hour}
		d, err := time.ParseDuration(s)
		_, typeDiags := timetypes.NewGoDurationValueFromString(s) // the attribute's type checks the syntax
		if got, want := typeDiags.HasError() || validate(v, s) != "", err != nil || d < v.min || d > v.max; got != want {
			t.Fatalf("duration %q: refused=%v, want %v", s, got, want)
		}
	})
}

// FuzzEmailSemanticEquality: the provider treats two valid addresses as the
// same exactly when the API does, so a case change is never a diff and two
// different accounts are never confused.
func FuzzEmailSemanticEquality(f *testing.F) {
	f.Add("alice@example.com", "ALICE@example.com")
	f.Add("alice@example.com", "alice@example.org")
	f.Add("k@example.com", "\u212a@example.com") // the Kelvin sign folds to k in Unicode
	f.Fuzz(func(t *testing.T, a, b string) {
		if domain.ValidateEmail(a) != nil || domain.ValidateEmail(b) != nil {
			return
		}
		same, diags := newEmail(a).StringSemanticEquals(context.Background(), newEmail(b))
		if diags.HasError() {
			t.Fatal(diags)
		}
		if api := domain.NormalizeEmail(a) == domain.NormalizeEmail(b); same != api {
			t.Fatalf("%q vs %q: provider says same=%v, API says %v", a, b, same, api)
		}
	})
}

func TestRoleIDValidator(t *testing.T) {
	for id, ok := range map[string]bool{"admin": true, "user_manager": true, "viewer": true, "technician": true,
		"rol_06h0akbagd8qcjenv4mcvbn288": true, "superuser": false, "Admin": false, "": false} {
		var resp validator.StringResponse
		roleIDValidator{}.ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringValue(id)}, &resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("%q: error %v, want ok %v", id, resp.Diagnostics, ok)
		}
	}
}
