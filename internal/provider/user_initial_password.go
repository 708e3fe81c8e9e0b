package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// An initial password is write-only (Terraform 1.11): it reaches the API
// and nothing else, neither plan nor state nor logs. Terraform cannot tell
// when a write-only value changes, so a version beside it says when to send
// a new one, as the AWS provider's password_wo_version does.

func initialPasswordAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"initial_password_wo": schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true,
			MarkdownDescription: "A password the account can sign in with at once, instead of the set-up e-mail (none is sent). " +
				"The user must change it when first signing in (`password_change_required`). Write-only: never in the plan, the state or the logs " +
				"(Terraform 1.11 or later). 12 to 128 characters, at most 72 bytes, not a commonly used password, not containing the " +
				"e-mail address. Sent at creation, and again whenever `initial_password_wo_version` changes.",
			Validators: []validator.String{
				stringvalidator.LengthBetween(12, 128),
				stringvalidator.AlsoRequires(path.MatchRoot("initial_password_wo_version")),
			}},
		"initial_password_wo_version": schema.Int64Attribute{Optional: true,
			MarkdownDescription: "Any number; changing it sends `initial_password_wo` again, which sets that password (the user must " +
				"change it at the next sign-in) and ends the user's sessions.",
			Validators: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("initial_password_wo"))}},
	}
}

// initialPassword reads the write-only password from the configuration
// (null when not set): the plan never holds it.
func initialPassword(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) types.String {
	var pw types.String
	diags.Append(config.GetAttribute(ctx, path.Root("initial_password_wo"), &pw)...)
	if pw.IsUnknown() {
		return types.StringNull()
	}
	return pw
}

// passwordRefused reports the API's refusal of the initial password on the
// attribute, and answers whether it was that.
func passwordRefused(diags *diag.Diagnostics, err error) bool {
	var ae *client.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, f := range ae.Errors {
		if f.Field == "initial_password" {
			diags.AddAttributeError(path.Root("initial_password_wo"), "Initial password refused by the portal's password policy",
				"The portal refused initial_password_wo: it "+f.Message+". Choose another password and change "+
					"initial_password_wo_version so that it is sent.")
			return true
		}
	}
	return false
}
