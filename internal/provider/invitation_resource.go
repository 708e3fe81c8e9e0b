package provider

import (
	"context"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*invitationResource)(nil)
	_ resource.ResourceWithImportState = (*invitationResource)(nil)
	_ resource.ResourceWithIdentity    = (*invitationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*invitationResource)(nil)
)

const invitationType = "portal_invitation"

type invitationResource struct{ resourceBase }

func newInvitationResource() resource.Resource { return &invitationResource{} }

// defaultInvitationExpiresIn is written as the configuration would write it,
// so an imported invitation plans no change of expires_in.
const defaultInvitationExpiresIn = "168h"

type invitationModel struct {
	ID               types.String         `tfsdk:"id"`
	Email            emailValue           `tfsdk:"email"`
	OrganizationID   types.String         `tfsdk:"organization_id"`
	OrganizationIDs  types.Set            `tfsdk:"organization_ids"`
	RoleIDs          []types.String       `tfsdk:"role_ids"`
	ExpiresIn        timetypes.GoDuration `tfsdk:"expires_in"`
	Message          types.String         `tfsdk:"message"`
	AccessExpiresAt  timetypes.RFC3339    `tfsdk:"access_expires_at"`
	ResendTriggers   types.Map            `tfsdk:"resend_triggers"`
	RenewWhenExpired types.Bool           `tfsdk:"renew_when_expired"`
	Status           types.String         `tfsdk:"status"`
	ExpiresAt        timetypes.RFC3339    `tfsdk:"expires_at"`
	AcceptedAt       timetypes.RFC3339    `tfsdk:"accepted_at"`
	UserID           types.String         `tfsdk:"user_id"`
	CreatedAt        timetypes.RFC3339    `tfsdk:"created_at"`
	Timeouts         timeouts.Value       `tfsdk:"timeouts"`
}

func (r *invitationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation"
}

func (r *invitationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Invites a person by e-mail to an organization with roles, or to several organizations at once with one e-mail " +
			"(`organization_ids`: an MSP inviting a technician, homed at the MSP, to three of its clients). If the address belongs to an " +
			"account whose owner verified it and that the provider's token already manages, the invitation is accepted at once and the roles " +
			"take effect; otherwise it stays `pending` until the person accepts the e-mailed link (creating their account, or confirming their " +
			"existing one with its password). Acceptance and expiry are reported, never a diff. Destroying a pending invitation revokes its " +
			"link; destroying an accepted one removes the access it granted but never the account. An invitation revoked outside Terraform is " +
			"re-created by the next apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the invitation.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"email": schema.StringAttribute{
				Required:            true,
				CustomType:          emailType{},
				PlanModifiers:       []planmodifier.String{keepEmailCase{}, stringplanmodifier.RequiresReplace()},
				MarkdownDescription: "Address to invite (compared ignoring case). Changing it replaces the invitation.",
				Validators:          []validator.String{emailValidator},
			},
			"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "Home organization of the invitee: where their account is created when they accept. The roles are granted here " +
					"too unless `organization_ids` says otherwise. Changing it replaces the invitation.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"organization_ids": schema.SetAttribute{Optional: true, Computed: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{grantsInHome{}},
				MarkdownDescription: "Organizations where `role_ids` are granted, 1 to 50; defaults to `organization_id` alone. One invitation, and " +
					"one e-mail, grants the same roles in each; list `organization_id` here too to grant in the home as well. The provider's token " +
					"needs `users:invite` and `roles:assign` in each. Changing the set updates the invitation in place; on an accepted invitation the " +
					"role assignments it owns follow, and the person is told by e-mail of the organizations added. The invitation is visible only to " +
					"tokens that read users in all of them.",
				Validators: []validator.Set{setvalidator.SizeBetween(1, 50), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
			"role_ids": schema.SetAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "Roles granted on the organization: built-in names or custom role ids; at least one. Changing them on an " +
					"accepted invitation changes the access it granted. " + rolesGuideLink,
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(roleIDValidator{})}},
			"expires_in": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString(defaultInvitationExpiresIn),
				MarkdownDescription: "How long a link stays valid, as a duration between `1h` and `720h` (30 days). Used when the invitation is sent " +
					"and each time it is resent. Defaults to `168h` (7 days).",
				Validators: []validator.String{durationValidator{min: time.Hour, max: 720 * time.Hour}},
			},
			"message": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Personal note included in the e-mail.", Validators: []validator.String{stringvalidator.LengthAtMost(2000)}},
			"resend_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change resends the invitation in place: a new link (the old one stops working) and a new " +
					"expiry."},
			"renew_when_expired": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, an expired invitation shows in the plan as an update that resends it with a new link and expiry. " +
					"When `false` (the default) it stays expired without a diff."},
			"status": schema.StringAttribute{Computed: true,
				MarkdownDescription: "`pending`, `accepted` or `expired` (a revoked invitation is re-created)."},
			"expires_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the current link expires (RFC 3339).",
			},
			"access_expires_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Optional: true,
				MarkdownDescription: "When the role assignments the invitation makes end (RFC 3339), in the future; left out, they never " +
					"end. Changing it changes the end of the assignments an accepted invitation made, in place. Required within the limit " +
					"when an organization it grants in sets `max_grant_duration`. " + timeBoundGuideLink,
			},
			"accepted_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the invitation was accepted (RFC 3339), if it was.",
			},
			"user_id": schema.StringAttribute{Computed: true, MarkdownDescription: "The account the invitation was accepted by, if it was."},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the invitation was created (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (m *invitationModel) fill(inv *wire.Invitation) {
	m.ID = types.StringValue(inv.ID)
	m.Email = newEmail(inv.Email)
	m.OrganizationID = types.StringValue(inv.OrganizationID)
	m.OrganizationIDs = stringSet(inv.OrganizationIDs)
	m.RoleIDs = stringValues(inv.RoleIDs)
	m.Message = types.StringValue(inv.Message)
	m.AccessExpiresAt = timetypes.NewRFC3339TimePointerValue(inv.AccessExpiresAt)
	m.Status = types.StringValue(string(inv.Status))
	m.ExpiresAt = timetypes.NewRFC3339TimeValue(inv.ExpiresAt)
	m.AcceptedAt = timetypes.NewRFC3339TimePointerValue(inv.AcceptedAt)
	m.UserID = types.StringPointerValue(inv.UserID)
	m.CreatedAt = timetypes.NewRFC3339TimeValue(inv.CreatedAt)
	if m.ExpiresIn.IsNull() || m.ExpiresIn.IsUnknown() { // after import
		m.ExpiresIn = timetypes.NewGoDurationValueFromStringMust(defaultInvitationExpiresIn)
	}
	if m.RenewWhenExpired.IsNull() || m.RenewWhenExpired.IsUnknown() {
		m.RenewWhenExpired = types.BoolValue(false)
	}
}

func (m *invitationModel) ttlSeconds() *int64 {
	return lifetime(m.ExpiresIn)
}

// ModifyPlan shows the renewal of an expired invitation as an update, and
// keeps the reported attributes of an update that cannot change them: a
// role change on an accepted invitation does not touch its status.
func (r *invitationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var state, plan invitationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.Status, plan.ExpiresAt = state.Status, state.ExpiresAt
	plan.AcceptedAt, plan.UserID = state.AcceptedAt, state.UserID
	switch {
	case state.Status.ValueString() == "accepted": // nothing left to resend
	case state.Status.ValueString() == "expired" && plan.RenewWhenExpired.ValueBool(),
		!plan.ResendTriggers.Equal(state.ResendTriggers):
		plan.Status, plan.ExpiresAt = types.StringValue("pending"), timetypes.NewRFC3339Unknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// create is the request that sends the planned invitation.
func (m invitationModel) create() wire.InvitationCreate {
	orgs, _ := setMembers(m.OrganizationIDs) // known at apply: defaulted to the home by grantsInHome
	return wire.InvitationCreate{Email: m.Email.ValueString(), OrganizationID: m.OrganizationID.ValueString(),
		OrganizationIDs: orgs, RoleIDs: plainStrings(m.RoleIDs), ExpiresInSeconds: m.ttlSeconds(), Message: m.Message.ValueString(),
		AccessExpiresAt: timePointer(m.AccessExpiresAt)}
}

// update is the patch from state to the plan m, and whether there is one:
// the grants and the message as planned, the organizations when they changed.
func (m invitationModel) update(state invitationModel) (wire.InvitationUpdate, bool) {
	roles := plainStrings(m.RoleIDs)
	orgsChanged := !m.OrganizationIDs.Equal(state.OrganizationIDs)
	endChanged := !m.AccessExpiresAt.Equal(state.AccessExpiresAt)
	sameMessage := m.Message.ValueString() == state.Message.ValueString()
	if slices.Equal(plainStrings(state.RoleIDs), roles) && !orgsChanged && !endChanged && sameMessage {
		return wire.InvitationUpdate{}, false
	}
	in := wire.InvitationUpdate{RoleIDs: wire.Value(roles), Message: wire.NullableValue(m.Message.ValueString())}
	if endChanged {
		in.AccessExpiresAt = wire.ValueOrNull(timePointer(m.AccessExpiresAt))
	}
	if orgsChanged {
		orgs, _ := setMembers(m.OrganizationIDs)
		in.OrganizationIDs = wire.NullableValue(orgs)
	}
	return in, true
}

// resend is the request that renews the invitation's link.
func (m invitationModel) resend() wire.InvitationResend {
	return wire.InvitationResend{ExpiresInSeconds: m.ttlSeconds()}
}

func (r *invitationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan invitationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	inv, err := r.client.CreateInvitation(ctx, plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal invitation", plan.Email.ValueString(), invitationType, err)
		return
	}
	tflog.Info(ctx, "created portal invitation", map[string]any{"resource_type": invitationType, "id": inv.ID, "status": inv.Status})
	plan.fill(inv)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, inv)...)
}

func (r *invitationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state invitationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	inv, ok := readObject(ctx, resp, invitationType, "portal invitation", state.ID.ValueString(), r.client.GetInvitation)
	if !ok {
		return
	}
	if inv.Status == "revoked" { // a dead link: the next plan invites again
		tflog.Warn(ctx, "portal invitation was revoked; removing it from state", map[string]any{"resource_type": invitationType, "id": inv.ID})
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(inv)
	state.adopt()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *invitationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state invitationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	id := state.ID.ValueString()
	inv, err := r.client.GetInvitation(ctx, id)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", "portal invitation", id, "", err)
		return
	}
	if in, changed := plan.update(state); changed {
		if inv, err = r.client.UpdateInvitation(ctx, id, in, ifMatch(ctx, req.Private)...); err != nil {
			apiFailure(ctx, &resp.Diagnostics, "update", "portal invitation", id, "", err)
			return
		}
	}
	renew := state.Status.ValueString() == "expired" && plan.RenewWhenExpired.ValueBool()
	if !plan.ResendTriggers.Equal(state.ResendTriggers) || renew {
		if inv.Status == "accepted" {
			resp.Diagnostics.AddWarning("Portal invitation not resent",
				"Invitation "+id+" was already accepted, so there is no link to resend; the change to resend_triggers was recorded.")
		} else if inv, err = r.client.ResendInvitation(ctx, id, plan.resend()); err != nil {
			apiFailure(ctx, &resp.Diagnostics, "resend", "portal invitation", id, "", err)
			return
		}
	}
	planned := plan
	plan.fill(inv)
	plan.keepPlannedReports(planned)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, inv)...)
}

// keepPlannedReports makes the applied state agree with what the plan showed.
func (m *invitationModel) keepPlannedReports(planned invitationModel) {
	m.Status = plannedOr(planned.Status, m.Status)
	m.ExpiresAt = plannedOr(planned.ExpiresAt, m.ExpiresAt)
	m.AcceptedAt = plannedOr(planned.AcceptedAt, m.AcceptedAt)
	m.UserID = plannedOr(planned.UserID, m.UserID)
}

func (r *invitationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state invitationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal invitation", state.ID.ValueString(), r.client.DeleteInvitation)
}

// ImportState takes an id or "<e-mail>/<organization id>", or an identity.
func (r *invitationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, invitationImportKey(r.client))
}

func (r *invitationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("invitation")
}

// grantsInHome plans organization_ids when the configuration leaves it out:
// the home organization alone, as the API does, so that removing the
// attribute plans a return to the home instead of keeping the former set.
type grantsInHome struct{}

func (grantsInHome) Description(context.Context) string {
	return "Defaults to a set holding organization_id."
}

func (m grantsInHome) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (grantsInHome) PlanModifySet(ctx context.Context, req planmodifier.SetRequest, resp *planmodifier.SetResponse) {
	if !req.ConfigValue.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var home types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("organization_id"), &home)...)
	if home.IsUnknown() {
		resp.PlanValue = types.SetUnknown(types.StringType)
		return
	}
	resp.PlanValue = stringSet([]string{home.ValueString()})
}
