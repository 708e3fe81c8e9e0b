package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ list.ListResourceWithConfigure = (*userListResource)(nil)

type userListResource struct{ resourceBase }

func newUserListResource() list.ListResource { return &userListResource{} }

type userListFilters struct {
	OrganizationID     types.String `tfsdk:"organization_id"`
	IncludeDescendants types.Bool   `tfsdk:"include_descendants"`
	Status             types.String `tfsdk:"status"`
	RoleID             types.String `tfsdk:"role_id"`
	MFAEnrolled        types.Bool   `tfsdk:"mfa_enrolled"`
	Search             types.String `tfsdk:"search"`
}

func (r *userListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userListResource) ListResourceConfigSchema(
	_ context.Context,
	_ list.ListResourceSchemaRequest,
	resp *list.ListResourceSchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the portal users visible to the provider's token, with the filters of the `portal_users` data source, to " +
			"adopt them with `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{Optional: true, MarkdownDescription: "Only users homed in this organization."},
			"include_descendants": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "With `organization_id`: also users homed in organizations below it.",
			},
			"status": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only users with this status: `invited`, `active`, `disabled` or `locked`; or `expired`: invited users whose " +
					"set-up link has expired.",
				Validators: []validator.String{stringvalidator.OneOf("invited", "active", "disabled", "locked", "expired")},
			},
			"role_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only users holding this role (built-in name or custom role id) on some organization.",
			},
			"mfa_enrolled": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Only users who have (`true`) or have not (`false`) enrolled MFA.",
			},
			"search": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Free text matched against e-mail address and names, ignoring case.",
			},
		},
	}
}

func (r *userListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "portal user",
		func(ctx context.Context, f userListFilters) ([]wire.User, error) {
			return r.client.ListUsers(
				ctx,
				wire.UserQuery{OrganizationID: f.OrganizationID.ValueString(), IncludeDescendants: f.IncludeDescendants.ValueBool(),
					Status: wire.UserStatusFilter(
						f.Status.ValueString(),
					), RoleID: f.RoleID.ValueString(), MFAEnrolled: f.MFAEnrolled.ValueBoolPointer(), Q: f.Search.ValueString()},
			)
		},
		func(u wire.User) string { return u.Email },
		func(u wire.User) any {
			m := userModel{
				Timeouts:            nullTimeouts(),
				ResendSetupTriggers: types.MapNull(types.StringType),
				ResendTriggers:      types.MapNull(types.StringType),
			}
			m.fill(&u)
			m.adopt()
			return m
		})
}
