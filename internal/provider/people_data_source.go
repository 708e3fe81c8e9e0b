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

var _ datasource.DataSourceWithConfigure = (*peopleDataSource)(nil)

type peopleDataSource struct{ dataSourceBase }

func newPeopleDataSource() datasource.DataSource { return &peopleDataSource{} }

type personModel struct {
	Kind           types.String      `tfsdk:"kind"`
	ID             types.String      `tfsdk:"id"`
	Email          types.String      `tfsdk:"email"`
	FirstName      types.String      `tfsdk:"first_name"`
	LastName       types.String      `tfsdk:"last_name"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	Status         types.String      `tfsdk:"status"`
	ExpiresAt      timetypes.RFC3339 `tfsdk:"expires_at"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
}

type peopleModel struct {
	Kind           types.String  `tfsdk:"kind"`
	OrganizationID types.String  `tfsdk:"organization_id"`
	Email          types.String  `tfsdk:"email"`
	People         []personModel `tfsdk:"people"`
}

func (d *peopleDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_people"
}

func (d *peopleDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists users and the invitations nobody has answered yet (pending or expired) together, as the people page of a " +
			"portal does: who has an account, and who was invited and until when. Each kind shows what `portal_users` and `portal_invitations` " +
			"would show the provider's token. Every page of the API is read.",
		Attributes: map[string]schema.Attribute{
			"kind": schema.StringAttribute{Optional: true, MarkdownDescription: "Only `user`s or only `invitation`s; both when unset.",
				Validators: []validator.String{stringvalidator.OneOf("user", "invitation")}},
			"organization_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only users homed in this organization and invitations naming it (as home or as an organization where they " +
					"grant roles)."},
			"email": schema.StringAttribute{Optional: true, MarkdownDescription: "Only this address (ignoring case)."},
			"people": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching users and invitations, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"kind":            computedDataString("`user` or `invitation`."),
					"id":              computedDataString("Identifier of the user or of the invitation."),
					"email":           computedDataString("Address of the user or the invitee."),
					"first_name":      computedDataString("First name; null for an invitation, whose invitee names themselves on accepting."),
					"last_name":       computedDataString("Last name; null for an invitation."),
					"organization_id": computedDataString("Home organization of the user, or of the account the invitation creates."),
					"status": computedDataString(
						"A user's status (`invited`, `active`, `disabled`, `locked`) or an invitation's (`pending`, `expired`).",
					),
					"expires_at": timestampDataAttribute(
						"When the invitation's link, or an invited user's set-up link, expires (RFC 3339); null otherwise.",
					),
					"created_at": timestampDataAttribute("When the user or the invitation was created (RFC 3339)."),
				}}},
		},
	}
}

func (d *peopleDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m peopleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, err := d.client.ListPeople(
		ctx,
		wire.PeopleQuery{
			Kind:           wire.PersonKind(m.Kind.ValueString()),
			OrganizationID: m.OrganizationID.ValueString(),
			Email:          m.Email.ValueString(),
		},
	)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "list", "portal people", "", "", err)
		return
	}
	m.People = make([]personModel, 0, len(list))
	for _, p := range list {
		m.People = append(
			m.People,
			personModel{Kind: types.StringValue(string(p.Kind)), ID: types.StringValue(p.ID), Email: types.StringValue(p.Email),
				FirstName: types.StringPointerValue(p.FirstName), LastName: types.StringPointerValue(p.LastName),
				OrganizationID: types.StringValue(
					p.OrganizationID,
				), Status: types.StringValue(p.Status), ExpiresAt: timetypes.NewRFC3339TimePointerValue(p.ExpiresAt),
				CreatedAt: timetypes.NewRFC3339TimeValue(p.CreatedAt)},
		)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
