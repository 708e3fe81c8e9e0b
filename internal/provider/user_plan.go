package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// ModifyPlan settles the set-up e-mail setting under either of its names and
// keeps reported attributes out of an update's plan unless the update can
// change them.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() { // destroy
		return
	}
	r.claimNaturalKey(ctx, req, resp, naturalKey{userType, []string{"email"}, func(v []string) string { return "the account of " + v[0] }})
	var plan userModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var send, formerSend types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("send_setup_email"), &send)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("send_invitation"), &formerSend)...)
	if resp.Diagnostics.HasError() {
		return
	}
	switch {
	case !send.IsNull():
		plan.setSendSetupEmail(send)
	case !formerSend.IsNull():
		plan.setSendSetupEmail(formerSend)
	default:
		plan.setSendSetupEmail(types.BoolValue(true))
	}
	if !req.State.Raw.IsNull() {
		var state userModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		plan.planReports(state)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planReports plans the reported attributes of an update: what the update
// cannot change keeps its value; disabling always reports "disabled".
func (m *userModel) planReports(state userModel) {
	m.Locked, m.MFAEnrolled = state.Locked, state.MFAEnrolled
	m.PasswordChangeRequired, m.LastLoginAt = state.PasswordChangeRequired, state.LastLoginAt
	switch {
	case m.Enabled.Equal(state.Enabled):
		m.Status = state.Status
	case m.Enabled.IsUnknown():
		m.Status = types.StringUnknown()
	case !m.Enabled.ValueBool():
		m.Status = types.StringValue(string(domain.DeriveUserStatus(false, state.Locked.ValueBool(), false)))
	default: // enabling: locked, invited or active depends on what the portal knows
		m.Status = types.StringUnknown()
	}
	// A new address or a resend sends a new set-up link with a new expiry,
	// to a user who has not finished set-up.
	sameEmail := !m.Email.IsUnknown() && strings.EqualFold(m.Email.ValueString(), state.Email.ValueString())
	linkMayChange := !sameEmail || !m.resendTriggers().Equal(state.resendTriggers())
	settingUp := state.Status.ValueString() == string(domain.UserInvited) || !state.SetupExpiresAt.IsNull()
	if linkMayChange && settingUp {
		m.SetupExpiresAt = timetypes.NewRFC3339Unknown()
	} else {
		m.SetupExpiresAt = state.SetupExpiresAt
	}
	m.InvitationExpiresAt = m.SetupExpiresAt
}

// keepPlannedReports makes the applied state agree with what the plan showed.
func (m *userModel) keepPlannedReports(planned userModel) {
	m.Status = plannedOr(planned.Status, m.Status)
	m.Locked = plannedOr(planned.Locked, m.Locked)
	m.MFAEnrolled = plannedOr(planned.MFAEnrolled, m.MFAEnrolled)
	m.PasswordChangeRequired = plannedOr(planned.PasswordChangeRequired, m.PasswordChangeRequired)
	m.LastLoginAt = plannedOr(planned.LastLoginAt, m.LastLoginAt)
	m.SetupExpiresAt = plannedOr(planned.SetupExpiresAt, m.SetupExpiresAt)
	m.InvitationExpiresAt = m.SetupExpiresAt
}

// setSendSetupEmail sets the setting under its name and its former name.
func (m *userModel) setSendSetupEmail(v types.Bool) {
	m.SendSetupEmail, m.SendInvitation = v, v
}

// resendTriggers are the triggers under whichever name the configuration
// uses, so that moving them to the new name resends nothing.
func (m *userModel) resendTriggers() types.Map {
	if !m.ResendSetupTriggers.IsNull() {
		return m.ResendSetupTriggers
	}
	return m.ResendTriggers
}
