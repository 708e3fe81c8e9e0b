package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// durationValidator accepts durations within [min, max]. It goes with
// timetypes.GoDurationType, which reports a value that is no duration.
type durationValidator struct {
	min, max time.Duration
}

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("a duration such as 30s, 15m or 168h, between %s and %s", v.min, v.max)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	if err != nil { // reported by the attribute's type
		return
	}
	if d < v.min || d > v.max {
		resp.Diagnostics.AddAttributeError(
			req.Path,
			"Duration out of range",
			fmt.Sprintf("%s is outside the accepted range; expected %s.", s, v.Description(ctx)),
		)
	}
}

// trimmedValidator refuses leading or trailing white space, which the API
// refuses too; catching it at plan time saves a failed apply.
type trimmedValidator struct{}

func (trimmedValidator) Description(context.Context) string {
	return "must not start or end with white space"
}

func (v trimmedValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (trimmedValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); s != strings.TrimSpace(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", fmt.Sprintf("%q starts or ends with white space; remove it.", s))
	}
}

// domainValidator runs one of the API's own validation rules at plan time, so
// plan and apply accept exactly the same values.
type domainValidator struct {
	check func(string) error
	what  string
}

func (v domainValidator) Description(context.Context) string { return v.what }

func (v domainValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v domainValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+v.what, err.Error()+".")
	}
}

var (
	emailValidator = domainValidator{check: domain.ValidateEmail, what: "e-mail address"}
	phoneValidator = domainValidator{check: domain.ValidatePhone, what: "phone number"}

	orgNameValidator = domainValidator{
		check: composed(func(s string) error { return domain.ValidateName(s, domain.MaxNameLength) }),
		what:  "name",
	}
	personNameValidator = domainValidator{
		check: composed(func(s string) error { return domain.ValidateName(s, domain.MaxPersonNameLength) }),
		what:  "name",
	}
	roleNameValidator = domainValidator{check: composed(domain.ValidateRoleName), what: "role name"}
)

// composed runs a name rule of the API and then asks for the name in
// composed Unicode form (NFC). The API stores names composed, so a name
// written decomposed (an accent as a separate character) would read back
// different from the configuration.
func composed(check func(string) error) func(string) error {
	return func(s string) error {
		if err := check(s); err != nil {
			return err
		}
		if n := domain.NormalizeName(s); n != s {
			return fmt.Errorf("%q is not in composed Unicode form (NFC): the portal stores it as %+q; write it composed, as most editors do", s, n)
		}
		return nil
	}
}

// rolesGuideLink ends the description of an attribute that takes role ids.
const rolesGuideLink = "The [roles and permissions](../guides/roles-and-permissions) guide lists what each built-in role holds."

// roleIDValidator accepts a built-in role's name or a custom role's id: the
// built-in names are fixed, so a misspelt one ("superuser") fails at plan
// time instead of at apply.
type roleIDValidator struct{}

func (roleIDValidator) Description(context.Context) string {
	return "a built-in role (" + strings.Join(builtinRoleNames(), ", ") + ") or the id of a custom role (rol_…)"
}

func (v roleIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v roleIDValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	if _, ok := domain.BuiltinRole(id); ok || strings.HasPrefix(id, "rol_") {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Unknown role",
		fmt.Sprintf("%q is neither a built-in role nor a custom role id; expected %s.", id, v.Description(ctx)))
}

func builtinRoleNames() []string {
	names := make([]string, 0, len(domain.BuiltinRoles))
	for _, r := range domain.BuiltinRoles {
		names = append(names, r.Name)
	}
	return names
}
