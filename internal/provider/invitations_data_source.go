package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ datasource.DataSourceWithConfigure = (*invitationsDataSource)(nil)

type invitationsDataSource struct{ dataSourceBase }

func newInvitationsDataSource() datasource.DataSource { return &invitationsDataSource{} }

type invitationDataModel struct {
	ID              types.String      `tfsdk:"id"`
	Email           types.String      `tfsdk:"email"`
	OrganizationID  types.String      `tfsdk:"organization_id"`
	OrganizationIDs []types.String    `tfsdk:"organization_ids"`
	RoleIDs         []types.String    `tfsdk:"role_ids"`
	Status          types.String      `tfsdk:"status"`
	ExpiresAt       timetypes.RFC3339 `tfsdk:"expires_at"`
	AcceptedAt      timetypes.RFC3339 `tfsdk:"accepted_at"`
	UserID          types.String      `tfsdk:"user_id"`
	Message         types.String      `tfsdk:"message"`
	AccessExpiresAt timetypes.RFC3339 `tfsdk:"access_expires_at"`
}

type invitationsModel struct {
	OrganizationID types.String          `tfsdk:"organization_id"`
	Status         types.String          `tfsdk:"status"`
	Email          types.String          `tfsdk:"email"`
	Invitations    []invitationDataModel `tfsdk:"invitations"`
}

func (d *invitationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitations"
}

func (d *invitationsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the invitations visible to the provider's token, filtered by organization, status or e-mail. Every page of " +
			"the API is read.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only invitations naming this organization, as their home or as one where they grant roles.",
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only invitations with this status: `pending`, `accepted`, `expired` or `revoked`.",
				Validators:          []validator.String{stringvalidator.OneOf("pending", "accepted", "expired", "revoked")},
			},
			"email": schema.StringAttribute{Optional: true, MarkdownDescription: "Only invitations to this address (ignoring case)."},
			"invitations": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching invitations, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              computedDataString("Identifier of the invitation."),
					"email":           computedDataString("Invited address."),
					"organization_id": computedDataString("Home organization of the invitee: where their account is created when they accept."),
					"organization_ids": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Organizations where the roles are granted, sorted."},
					"role_ids": schema.ListAttribute{
						Computed:            true,
						ElementType:         types.StringType,
						MarkdownDescription: "Roles the invitation grants.",
					},
					"status":     computedDataString("`pending`, `accepted`, `expired` or `revoked`."),
					"expires_at": timestampDataAttribute("When the current link expires (RFC 3339)."),
					"access_expires_at": timestampDataAttribute("When the role assignments it makes end (RFC 3339); null when they " +
						"never end."),
					"accepted_at": timestampDataAttribute("When it was accepted (RFC 3339), if it was."),
					"user_id":     computedDataString("The account that accepted it, if any."),
					"message":     computedDataString("Personal note sent with it."),
				}}},
		},
	}
}

func (d *invitationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m invitationsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListInvitations(ctx, wire.InvitationQuery{
		OrganizationID: m.OrganizationID.ValueString(), Status: wire.InvitationStatus(m.Status.ValueString()), Email: m.Email.ValueString()})
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal invitations", "", "", err)
		return
	}
	m.Invitations = make([]invitationDataModel, 0, len(list))
	for _, inv := range list {
		m.Invitations = append(m.Invitations, invitationDataModel{ID: types.StringValue(inv.ID), Email: types.StringValue(inv.Email),
			OrganizationID: types.StringValue(
				inv.OrganizationID,
			), OrganizationIDs: stringValues(inv.OrganizationIDs), RoleIDs: stringValues(inv.RoleIDs), Status: types.StringValue(string(inv.Status)),
			ExpiresAt: timetypes.NewRFC3339TimeValue(inv.ExpiresAt), AcceptedAt: timetypes.NewRFC3339TimePointerValue(inv.AcceptedAt),
			UserID: types.StringPointerValue(inv.UserID), Message: types.StringValue(inv.Message),
			AccessExpiresAt: timetypes.NewRFC3339TimePointerValue(inv.AccessExpiresAt)})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
