package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ datasource.DataSourceWithConfigure        = (*userDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*userDataSource)(nil)
)

type userDataSource struct{ dataSourceBase }

func newUserDataSource() datasource.DataSource { return &userDataSource{} }

// userDataModel is one user as data sources show it.
type userDataModel struct {
	ID                     types.String      `tfsdk:"id"`
	Email                  types.String      `tfsdk:"email"`
	FirstName              types.String      `tfsdk:"first_name"`
	LastName               types.String      `tfsdk:"last_name"`
	Phone                  types.String      `tfsdk:"phone"`
	OrganizationID         types.String      `tfsdk:"organization_id"`
	Enabled                types.Bool        `tfsdk:"enabled"`
	Status                 types.String      `tfsdk:"status"`
	Locked                 types.Bool        `tfsdk:"locked"`
	MFAEnrolled            types.Bool        `tfsdk:"mfa_enrolled"`
	PasswordChangeRequired types.Bool        `tfsdk:"password_change_required"`
	LastLoginAt            timetypes.RFC3339 `tfsdk:"last_login_at"`
	SetupExpiresAt         timetypes.RFC3339 `tfsdk:"setup_expires_at"`
	InvitationExpiresAt    timetypes.RFC3339 `tfsdk:"invitation_expires_at"`
	CreatedAt              timetypes.RFC3339 `tfsdk:"created_at"`
}

func userData(u wire.User) userDataModel {
	return userDataModel{
		ID: types.StringValue(u.ID), Email: types.StringValue(u.Email), FirstName: types.StringValue(u.FirstName),
		LastName: types.StringValue(u.LastName), Phone: types.StringPointerValue(u.Phone), OrganizationID: types.StringValue(u.OrganizationID),
		Enabled: types.BoolValue(u.Enabled), Status: types.StringValue(string(u.Status)), Locked: types.BoolValue(u.Locked),
		MFAEnrolled: types.BoolValue(u.MFAEnrolled), PasswordChangeRequired: types.BoolValue(u.PasswordChangeRequired),
		LastLoginAt:         timetypes.NewRFC3339TimePointerValue(u.LastLoginAt),
		SetupExpiresAt:      timetypes.NewRFC3339TimePointerValue(u.InvitationExpiresAt),
		InvitationExpiresAt: timetypes.NewRFC3339TimePointerValue(u.InvitationExpiresAt),
		CreatedAt:           timetypes.NewRFC3339TimeValue(u.CreatedAt),
	}
}

// userDataAttributes describes one user; lookup makes id and email inputs.
func userDataAttributes(lookup bool) map[string]schema.Attribute {
	b := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "Identifier of the user." + lookupNote(lookup, " Give `id` or `email`."),
		},
		"email": schema.StringAttribute{
			Optional:            lookup,
			Computed:            true,
			MarkdownDescription: "E-mail address (matched ignoring case).",
		},
		"first_name":               computedDataString("Given name."),
		"last_name":                computedDataString("Family name."),
		"phone":                    computedDataString("Phone number in E.164 form, if set."),
		"organization_id":          computedDataString("Home organization."),
		"enabled":                  b("Whether the user may sign in and act."),
		"status":                   computedDataString("`invited`, `active`, `disabled` or `locked`."),
		"locked":                   b("Whether the account is locked after failed sign-ins."),
		"mfa_enrolled":             b("Whether the user has enrolled multi-factor authentication."),
		"password_change_required": b("Whether the user must choose a new password at the next sign-in."),
		"last_login_at":            timestampDataAttribute("Time of the last successful sign-in (RFC 3339), if any."),
		"setup_expires_at":         timestampDataAttribute("When the current set-up link expires (RFC 3339), if set-up is not finished."),
		"invitation_expires_at": schema.StringAttribute{
			CustomType:          timetypes.RFC3339Type{},
			Computed:            true,
			MarkdownDescription: "Former name of `setup_expires_at`, which it mirrors.",
			DeprecationMessage:  "Use setup_expires_at.",
		},
		"created_at": timestampDataAttribute("When the user was created (RFC 3339)."),
	}
}

func (d *userDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (d *userDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one portal user, by `id` or by `email`.",
		Attributes:          userDataAttributes(true),
	}
}

func (d *userDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("email"))}
}

func (d *userDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg userDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var u *wire.User
	if !cfg.ID.IsNull() {
		var err error
		if u, err = d.client.GetUser(ctx, cfg.ID.ValueString()); err != nil {
			apiFailure(ctx, &resp.Diagnostics, "read", "portal user", cfg.ID.ValueString(), "", err)
			return
		}
	} else {
		users, err := d.client.ListUsers(ctx, wire.UserQuery{Email: cfg.Email.ValueString()})
		if err != nil {
			apiFailure(ctx, &resp.Diagnostics, "find", "portal user", cfg.Email.ValueString(), "", err)
			return
		}
		if len(users) == 0 {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Portal user not found",
				"No portal user with e-mail "+cfg.Email.ValueString()+" is visible to the provider's token. Check the address and that the token's "+
					"user can read users of that organization.")
			return
		}
		u = &users[0]
	}
	state := userData(*u)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
