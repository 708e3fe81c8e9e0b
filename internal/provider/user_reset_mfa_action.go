package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func newUserResetMFAAction() action.Action {
	return &userAction{op: userOperation{name: "reset-mfa",
		summary: "Removes a portal user's MFA enrolment, so they enrol a new device at their next sign-in. A user without MFA is left alone, " +
			"with a warning.",
		doing: "Resetting MFA of", done: "enrols MFA again at the next sign-in",
		skip: func(u *wire.User) string {
			if !u.MFAEnrolled {
				return "the user has no MFA enrolment to reset"
			}
			return ""
		}}}
}
