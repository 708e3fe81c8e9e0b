package provider

import (
	"context"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure    = (*userResource)(nil)
	_ resource.ResourceWithImportState  = (*userResource)(nil)
	_ resource.ResourceWithIdentity     = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*userResource)(nil)
	_ resource.ResourceWithUpgradeState = (*userResource)(nil)
)

const userType = "portal_user"

type userResource struct{ resourceBase }

func newUserResource() resource.Resource { return &userResource{} }

type userModel struct {
	ID                     types.String      `tfsdk:"id"`
	Email                  emailValue        `tfsdk:"email"`
	FirstName              types.String      `tfsdk:"first_name"`
	LastName               types.String      `tfsdk:"last_name"`
	Phone                  types.String      `tfsdk:"phone"`
	OrganizationID         types.String      `tfsdk:"organization_id"`
	Enabled                types.Bool        `tfsdk:"enabled"`
	SendSetupEmail         types.Bool        `tfsdk:"send_setup_email"`
	SendInvitation         types.Bool        `tfsdk:"send_invitation"`
	ResendSetupTriggers    types.Map         `tfsdk:"resend_setup_triggers"`
	ResendTriggers         types.Map         `tfsdk:"resend_invitation_triggers"`
	Status                 types.String      `tfsdk:"status"`
	Locked                 types.Bool        `tfsdk:"locked"`
	MFAEnrolled            types.Bool        `tfsdk:"mfa_enrolled"`
	PasswordChangeRequired types.Bool        `tfsdk:"password_change_required"`
	LastLoginAt            timetypes.RFC3339 `tfsdk:"last_login_at"`
	SetupExpiresAt         timetypes.RFC3339 `tfsdk:"setup_expires_at"`
	InvitationExpiresAt    timetypes.RFC3339 `tfsdk:"invitation_expires_at"`
	CreatedAt              timetypes.RFC3339 `tfsdk:"created_at"`
	Timeouts               timeouts.Value    `tfsdk:"timeouts"`
	InitialPassword        types.String      `tfsdk:"initial_password_wo"`
	InitialPasswordVersion types.Int64       `tfsdk:"initial_password_wo_version"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.Attribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedBool := func(desc string) schema.Attribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		Version: 1, // 1: the set-up link's attributes got their own names
		MarkdownDescription: "A portal user account. Terraform manages the profile, the home organization and whether the account is " +
			"`enabled`; system-set states (`locked`, `invited`, MFA enrolment, sign-ins) are reported but never cause a diff, and apply never " +
			"unlocks a user. Changing the e-mail address or the home organization happens in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the user.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"email": schema.StringAttribute{Required: true, CustomType: emailType{},
				MarkdownDescription: "E-mail address, unique across the portal ignoring case. A difference only in letter case is not a change. " +
					"Changing it is an in-place update; for a user who has not finished set-up, a new set-up e-mail goes to the new address.",
				Validators: []validator.String{emailValidator}, PlanModifiers: []planmodifier.String{keepEmailCase{}}},
			"first_name": schema.StringAttribute{Required: true, MarkdownDescription: "Given name.",
				Validators: []validator.String{personNameValidator}},
			"last_name": schema.StringAttribute{Required: true, MarkdownDescription: "Family name.",
				Validators: []validator.String{personNameValidator}},
			"phone": schema.StringAttribute{Optional: true, MarkdownDescription: "Phone number in E.164 form, e.g. `+14155550123`.",
				Validators: []validator.String{phoneValidator}},
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "Home organization. Changing it moves the user in place when the token may manage users in both organizations.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
			"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the user may sign in and act. Disabling or enabling outside Terraform shows in the next plan as " +
					"exactly this attribute changing back. Defaults to `true`."},
			"send_setup_email": schema.BoolAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Whether creating the user e-mails an account set-up link (never to a user created with `enabled = false`: " +
					"resend it once enabled). Only used at creation. Defaults to `true`.",
				Validators: []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("send_invitation"))}},
			"send_invitation": schema.BoolAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Former name of `send_setup_email`, which it mirrors.",
				DeprecationMessage: "Use send_setup_email: the e-mail carries an account set-up link, not an invitation (see portal_invitation). " +
					"The value moves over unchanged.",
				Validators: []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("send_setup_email"))}},
			"resend_setup_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Arbitrary values; any change resends the account set-up e-mail with a new link (the old one stops working) " +
					"while the user has not finished set-up. For a user who has, the change is recorded with a warning.",
				Validators: []validator.Map{mapvalidator.ConflictsWith(path.MatchRoot("resend_invitation_triggers"))}},
			"resend_invitation_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Former name of `resend_setup_triggers`. Moving the same values to the new name resends nothing.",
				DeprecationMessage:  "Use resend_setup_triggers: moving the same values to the new name resends nothing.",
				Validators:          []validator.Map{mapvalidator.ConflictsWith(path.MatchRoot("resend_setup_triggers"))}},
			"status": computed("Reported state: `invited` (set-up not finished), `active`, `disabled` (enabled = false) or `locked` " +
				"(too many failed sign-ins; still enabled). Never managed."),
			"locked": computedBool(
				"Whether the account is locked after failed sign-ins. Cleared by an administrator's unlock, never by Terraform.",
			),
			"mfa_enrolled":             computedBool("Whether the user has enrolled multi-factor authentication."),
			"password_change_required": computedBool("Whether the user must choose a new password at the next sign-in."),
			"last_login_at":            timestampResourceAttribute("Time of the last successful sign-in (RFC 3339), if any."),
			"setup_expires_at": timestampResourceAttribute(
				"When the current set-up link expires (RFC 3339), for users who have not finished set-up.",
			),
			"invitation_expires_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "Former name of `setup_expires_at`, which it mirrors.",
				DeprecationMessage:  "Use setup_expires_at.",
			},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the user was created (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
	maps.Copy(resp.Schema.Attributes, initialPasswordAttributes())
}

// fill copies the API's view. The e-mail's configured spelling survives a
// case-only difference through emailValue's semantic equality.
func (m *userModel) fill(u *wire.User) {
	m.ID = types.StringValue(u.ID)
	m.Email = newEmail(u.Email)
	m.FirstName = types.StringValue(u.FirstName)
	m.LastName = types.StringValue(u.LastName)
	m.Phone = types.StringPointerValue(u.Phone)
	m.OrganizationID = types.StringValue(u.OrganizationID)
	m.Enabled = types.BoolValue(u.Enabled)
	m.Status = types.StringValue(string(u.Status))
	m.Locked = types.BoolValue(u.Locked)
	m.MFAEnrolled = types.BoolValue(u.MFAEnrolled)
	m.PasswordChangeRequired = types.BoolValue(u.PasswordChangeRequired)
	m.LastLoginAt = timetypes.NewRFC3339TimePointerValue(u.LastLoginAt)
	m.SetupExpiresAt = timetypes.NewRFC3339TimePointerValue(u.InvitationExpiresAt)
	m.InvitationExpiresAt = m.SetupExpiresAt
	m.CreatedAt = timetypes.NewRFC3339TimeValue(u.CreatedAt)
	if m.SendSetupEmail.IsNull() || m.SendSetupEmail.IsUnknown() { // after import
		m.setSendSetupEmail(types.BoolValue(true))
	}
}

// create is the request that creates the planned user.
func (m userModel) create() wire.UserCreate {
	in := wire.UserCreate{
		Email: m.Email.ValueString(), FirstName: m.FirstName.ValueString(), LastName: m.LastName.ValueString(),
		Phone: m.Phone.ValueStringPointer(), OrganizationID: m.OrganizationID.ValueString(),
		Enabled: m.Enabled.ValueBoolPointer(), SendInvitation: m.SendSetupEmail.ValueBoolPointer(),
	}
	if !m.InitialPassword.IsNull() {
		// An account given a password is set up: no set-up e-mail.
		in.InitialPassword, in.SendInvitation = m.InitialPassword.ValueStringPointer(), new(bool)
	}
	return in
}

// update is the merge patch from state to the plan m: only what changed.
func (m userModel) update(state userModel) wire.UserUpdate {
	patch := wire.UserUpdate{
		Email:          patchString(m.Email.StringValue, state.Email.StringValue),
		FirstName:      patchString(m.FirstName, state.FirstName),
		LastName:       patchString(m.LastName, state.LastName),
		Phone:          patchNullString(m.Phone, state.Phone),
		OrganizationID: patchString(m.OrganizationID, state.OrganizationID),
		Enabled:        patchBool(m.Enabled, state.Enabled),
	}
	if !m.InitialPasswordVersion.Equal(state.InitialPasswordVersion) && !m.InitialPassword.IsNull() {
		patch.InitialPassword = wire.Value(m.InitialPassword.ValueString())
	}
	return patch
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	plan.InitialPassword = initialPassword(ctx, req.Config, &resp.Diagnostics)
	u, err := r.client.CreateUser(ctx, plan.create())
	if err != nil && !passwordRefused(&resp.Diagnostics, err) {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal user", plan.Email.ValueString(), userType, err)
		return
	}
	tflog.Info(ctx, "created portal user", map[string]any{"resource_type": userType, "id": u.ID})
	plan.fill(u)
	plan.InitialPassword = types.StringNull() // write-only: never in state
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, u)...)
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	u, ok := readObject(ctx, resp, userType, "portal user", state.ID.ValueString(), r.client.GetUser)
	if !ok {
		return
	}
	state.fill(u)
	state.adopt()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state userModel
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
	plan.InitialPassword = initialPassword(ctx, req.Config, &resp.Diagnostics)
	patch := plan.update(state)
	var u *wire.User
	var err error
	if patch == (wire.UserUpdate{}) { // only local settings changed: nothing to send
		u, err = r.client.GetUser(ctx, state.ID.ValueString())
	} else {
		u, err = r.client.UpdateUser(ctx, state.ID.ValueString(), patch, ifMatch(ctx, req.Private)...)
	}
	if err != nil {
		if !passwordRefused(&resp.Diagnostics, err) {
			apiFailure(ctx, &resp.Diagnostics, "update", "portal user", state.ID.ValueString(), userType, err)
		}
		return
	}
	if !plan.resendTriggers().Equal(state.resendTriggers()) {
		resent, err := r.client.UserAction(ctx, u.ID, "resend-invitation")
		switch {
		case client.IsConflict(err): // set-up already finished: nothing to resend
			resp.Diagnostics.AddWarning("Portal user set-up e-mail not resent", reason(err)+". The change to resend_setup_triggers was recorded.")
		case err != nil:
			apiFailure(ctx, &resp.Diagnostics, "resend the set-up e-mail of", "portal user", state.ID.ValueString(), "", err)
			return
		default:
			u = resent
		}
	}
	planned := plan
	plan.fill(u)
	plan.keepPlannedReports(planned)
	plan.InitialPassword = types.StringNull() // write-only: never in state
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, u)...)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state userModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal user", state.ID.ValueString(), func(ctx context.Context, id string) error {
		return r.client.DeleteUser(ctx, id)
	})
}

// ImportState takes a user id or an e-mail address (any case), or an identity.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, userImportKey(r.client))
}

func (r *userResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("user")
}
