package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// An object adopted into Terraform, by import or by terraform query, has no
// configuration yet for the attributes that exist only in Terraform. Read
// and the list resources give them their defaults, so that the adopted
// object, and configuration generated from it, plan empty.

func (m *organizationModel) adopt() {
	if m.ForceDestroy.IsNull() {
		m.ForceDestroy = types.BoolValue(false)
	}
}

func (m *userModel) adopt() {
	if m.SendSetupEmail.IsNull() {
		m.setSendSetupEmail(types.BoolValue(true))
	}
}

func (m *invitationModel) adopt() {
	if m.ExpiresIn.IsNull() {
		m.ExpiresIn = timetypes.NewGoDurationValueFromStringMust(defaultInvitationExpiresIn)
	}
	if m.RenewWhenExpired.IsNull() {
		m.RenewWhenExpired = types.BoolValue(false)
	}
}

// nullTimeouts is an unset timeouts block (every resource's has create,
// read, update and delete), for states built outside a plan.
func nullTimeouts() timeouts.Value {
	kinds := map[string]attr.Type{"create": types.StringType, "read": types.StringType, "update": types.StringType, "delete": types.StringType}
	return timeouts.Value{Object: types.ObjectNull(kinds)}
}
