package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func newUserForcePasswordChangeAction() action.Action {
	return &userAction{op: userOperation{name: "reset-password",
		summary: "Requires a portal user to choose a new password at their next sign-in, and tells them by e-mail. " +
			"A user who has not finished account set-up (no password yet), or who must already change it, is left alone, with a warning.",
		doing: "Requiring a new password of", done: "must choose a new password at the next sign-in",
		skip: func(u *wire.User) string {
			switch {
			case u.Status == "invited":
				return "the user has not finished account set-up, so there is no password to change; use portal_user_resend_setup"
			case u.PasswordChangeRequired:
				return "the user must already choose a new password at the next sign-in"
			}
			return ""
		}}}
}
