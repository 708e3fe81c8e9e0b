package provider

import (
	"context"
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// UpgradeState carries a state written before the set-up link's attributes
// got their own names (schema version 0) over to version 1: the new names
// take the old values, so upgrading the provider plans nothing.
func (r *userResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: upgradeUserStateV0}}
}

func upgradeUserStateV0(_ context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	if req.RawState == nil || req.RawState.JSON == nil {
		resp.Diagnostics.AddError(
			"Unable to upgrade portal user state",
			"The prior state of schema version 0 is empty or not JSON; refresh or re-import the user.",
		)
		return
	}
	upgraded, err := upgradeUserStateJSON(req.RawState.JSON)
	if err != nil {
		resp.Diagnostics.AddError(
			"Unable to upgrade portal user state",
			"The prior state of schema version 0 could not be read: "+err.Error()+". Refresh or re-import the user.",
		)
		return
	}
	resp.DynamicValue = &tfprotov6.DynamicValue{JSON: upgraded}
}

// upgradeUserStateJSON adds the version 1 names with the version 0 values.
// The triggers stay under their former name, where the configuration still
// has them; resendTriggers reads either.
func upgradeUserStateJSON(v0 []byte) ([]byte, error) {
	var state map[string]any
	if err := json.Unmarshal(v0, &state); err != nil {
		return nil, err
	}
	send, ok := state["send_invitation"]
	if !ok || send == nil {
		send = true
	}
	state["send_invitation"] = send
	state["send_setup_email"] = send
	state["resend_setup_triggers"] = nil
	state["setup_expires_at"] = state["invitation_expires_at"]
	return json.Marshal(state)
}
