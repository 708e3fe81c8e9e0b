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

var _ list.ListResourceWithConfigure = (*invitationListResource)(nil)

type invitationListResource struct{ resourceBase }

func newInvitationListResource() list.ListResource { return &invitationListResource{} }

type invitationListFilters struct {
	OrganizationID types.String `tfsdk:"organization_id"`
	Status         types.String `tfsdk:"status"`
	Email          types.String `tfsdk:"email"`
}

func (r *invitationListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation"
}

func (r *invitationListResource) ListResourceConfigSchema(
	_ context.Context,
	_ list.ListResourceSchemaRequest,
	resp *list.ListResourceSchemaResponse,
) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the invitations visible to the provider's token, to adopt them with `terraform query`. Revoked invitations " +
			"are never listed: their links are dead.",
		Attributes: map[string]schema.Attribute{
			"organization_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only invitations naming this organization, as their home or as one where they grant roles.",
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only invitations with this status: `pending`, `accepted` or `expired`.",
				Validators:          []validator.String{stringvalidator.OneOf("pending", "accepted", "expired")},
			},
			"email": schema.StringAttribute{Optional: true, MarkdownDescription: "Only invitations to this address (ignoring case)."},
		},
	}
}

func (r *invitationListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listObjects(ctx, req, stream, "portal invitation",
		func(ctx context.Context, f invitationListFilters) ([]wire.Invitation, error) {
			invs, err := r.client.ListInvitations(ctx, wire.InvitationQuery{
				OrganizationID: f.OrganizationID.ValueString(), Status: wire.InvitationStatus(f.Status.ValueString()), Email: f.Email.ValueString()})
			live := invs[:0]
			for _, inv := range invs {
				if inv.Status != "revoked" {
					live = append(live, inv)
				}
			}
			return live, err
		},
		func(inv wire.Invitation) string { return inv.Email + " (" + string(inv.Status) + ")" },
		func(inv wire.Invitation) any {
			m := invitationModel{Timeouts: nullTimeouts(), ResendTriggers: types.MapNull(types.StringType)}
			m.fill(&inv)
			m.adopt()
			return m
		})
}
