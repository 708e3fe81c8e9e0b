package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func newUserUnlockAction() action.Action {
	return &userAction{op: userOperation{name: "unlock",
		summary: "Unlocks a portal user who was locked out by failed sign-ins. A user who is not locked is left alone, with a warning.",
		doing:   "Unlocking", done: "is unlocked",
		skip: func(u *wire.User) string {
			if !u.Locked {
				return "the user is not locked"
			}
			return ""
		}}}
}
