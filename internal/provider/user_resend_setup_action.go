package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func newUserResendSetupAction() action.Action {
	return &userAction{op: userOperation{name: "resend-invitation",
		summary: "Sends a portal user a new account set-up link with a new expiry; the previous link stops working. " +
			"A user who already finished set-up is left alone, with a warning.",
		doing: "Sending a new set-up link to", done: "has a new set-up link",
		skip:   func(*wire.User) string { return "" },
		benign: map[string]string{"setup_completed": "the user already finished account set-up"}}}
}
