package api

import (
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Tag is a group of operations in the document.
type Tag struct{ Name, Description string }

// Tags are the document's groups, in order.
var Tags = []Tag{
	{"organizations", "Partner and client organizations: the tenant tree."},
	{"users", "Portal user accounts, their lifecycle operations and the people list."},
	{"tokens", "API tokens of users."},
	{"service-accounts", "Principals for automation, and their API tokens."},
	{"roles", "Built-in and custom roles, and the permission catalog."},
	{"role-assignments", "Grants of a role on an organization and everything below it."},
	{"invitations", "Access grants addressed to an e-mail address, and the public link that accepts them."},
	{"access", "Effective access: the caller's, and an access review of a user's."},
	{"audit", "The audit trail of every change."},
	{"meta", "The service's health and this document."},
	{"pages", "Browser pages behind the e-mailed links: plain HTML forms."},
	{"sessions", "Signing in with a password and TOTP, the caller's own password and authenticator, and password resets."},
	{"dev", "Dev mode only, for a root administrator: the outbox and the clock."},
}

const (
	merge = "A merge patch: fields left out are left alone; a field that can be cleared takes null. " +
		"Send If-Match with the ETag read to change only the version read."
	deleteDoc = "Send If-Match with the ETag read to delete only the version read. " +
		"Deleting an object that does not exist, or that the caller cannot see, answers 404."
	tooDeep = " Organizations sit at most 16 levels below the root organization; creating or moving one deeper answers " +
		"409 with code `too_deep` and `max_depth`."
	lifecycle = " Answers the user as it is afterwards."
)

// routes is the route table: every operation the server serves, with what
// the document says of it.
func (a *API) routes() []Operation {
	return []Operation{
		{Method: "GET", Path: "/healthz", ID: "getHealth", Tag: "meta", Public: true, Summary: "Health check",
			Description: "Answers 200 when the database answers, 503 otherwise.", Errors: []int{http.StatusServiceUnavailable},
			endpoint: plain(a.healthz)},
		{Method: "GET", Path: "/v1/openapi.json", ID: "getOpenAPIDocument", Tag: "meta", Public: true, Summary: "This document",
			Description: "The API's contract, OpenAPI 3.1, generated from the server's own definitions.",
			endpoint:    raw(nil, nil, func(*API, *Operation) http.HandlerFunc { return serveOpenAPI })},

		{Method: "GET", Path: "/v1/me", ID: "getMe", Tag: "access", Summary: "The caller, its organization and effective access",
			Description: "The caller, their home organization, and one page of the organizations they reach, ordered by id. " +
				"Every role assignment applies to its organization and everything below it: each entry lists the permissions held " +
				"there and the assignments they come from (`inherited` when the assignment is on an organization above). Only " +
				"assignments in force count (their organization and everything above it enabled).",
			DuringPasswordChange: true, endpoint: handle(a.me)},
		{Method: "GET", Path: "/v1/permissions", ID: "listPermissions", Tag: "roles", Summary: "The permission catalog",
			Description: "Every permission a role can hold, in a stable order; one page holds them all.",
			endpoint:    handle(a.listPermissions)},

		{Method: "GET", Path: "/v1/organizations", ID: "listOrganizations", Tag: "organizations", Summary: "List organizations",
			Description: "The organizations the caller can see (where they hold organizations:read), ordered by id.",
			endpoint:    handle(a.listOrganizations)},
		{Method: "POST", Path: "/v1/organizations", ID: "createOrganization", Tag: "organizations", Summary: "Create an organization",
			Description: "Creates a partner or a client under a partner the caller holds organizations:write on." + tooDeep,
			Status:      http.StatusCreated, Idempotent: true, endpoint: handle(a.createOrganization)},
		{Method: "GET", Path: "/v1/organizations/{id}", ID: "getOrganization", Tag: "organizations", Summary: "Read an organization",
			Description: "An organization the caller can see; any other id answers 404.", endpoint: handle(a.getOrganization)},
		{Method: "PATCH", Path: "/v1/organizations/{id}", ID: "updateOrganization", Tag: "organizations",
			Summary: "Change an organization", Description: merge + " Disabling or moving an organization needs covering the access " +
				"of everyone in it." + tooDeep, IfMatch: true, endpoint: handle(a.updateOrganization)},
		{Method: "DELETE", Path: "/v1/organizations/{id}", ID: "deleteOrganization", Tag: "organizations",
			Summary: "Delete an organization", Description: deleteDoc + " An organization that still has children, users, assignments " +
				"or pending invitations is a 409 unless force is set.", IfMatch: true, endpoint: handle(a.deleteOrganization)},

		{Method: "GET", Path: "/v1/users", ID: "listUsers", Tag: "users", Summary: "List users",
			Description: "The users homed where the caller holds users:read, filtered like a portal's user page, ordered by id. " +
				"The same list as CSV is exportUsers (GET /v1/exports/users); sending Accept: text/csv here answers that export too.",
			endpoint: csvAlias(handle(a.listUsers))},
		{Method: "GET", Path: "/v1/exports/users", ID: "exportUsers", Tag: "users", Summary: "Export users as CSV",
			Description: exportDoc, Produces: "text/csv", Headers: map[string]string{"Content-Disposition": "attachment; filename=\"users.csv\""},
			endpoint: raw(wire.UserQuery{}, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.serveExport })},
		{Method: "POST", Path: "/v1/users", ID: "createUser", Tag: "users", Summary: "Create a user",
			Description: "Creates an account homed in an organization where the caller holds users:write, and e-mails it an account set-up link " +
				"unless send_invitation is false. An address already in use is a 409 naming the existing user's id where the caller may see it.",
			Status: http.StatusCreated, Idempotent: true, endpoint: handle(a.createUser)},
		{Method: "GET", Path: "/v1/users/{id}", ID: "getUser", Tag: "users", Summary: "Read a user",
			Description: "A user homed where the caller holds users:read; any other id answers 404.", endpoint: handle(a.getUser)},
		{Method: "PATCH", Path: "/v1/users/{id}", ID: "updateUser", Tag: "users", Summary: "Change a user",
			Description: merge + " Moving a user needs users:write in both organizations.", IfMatch: true, endpoint: handle(a.updateUser)},
		{Method: "DELETE", Path: "/v1/users/{id}", ID: "deleteUser", Tag: "users", Summary: "Delete a user",
			Description: deleteDoc + " Deletes the user's role assignments and API tokens with it.", IfMatch: true,
			endpoint: handle(a.deleteUser)},
		{Method: "POST", Path: "/v1/users/{id}/unlock", ID: "unlockUser", Tag: "users", Summary: "Clear a lock from failed sign-ins",
			Description: "Unlocks an account locked by failed sign-ins and clears its count." + lifecycle, IfMatch: true,
			endpoint: handle(a.userAction(service.ActionUnlock))},
		{Method: "POST", Path: "/v1/users/{id}/reset-password", ID: "resetUserPassword", Tag: "users",
			Summary: "Require a new password at the next sign-in", Description: "Sets password_change_required." + lifecycle,
			IfMatch: true, endpoint: handle(a.userAction(service.ActionResetPassword))},
		{Method: "POST", Path: "/v1/users/{id}/reset-mfa", ID: "resetUserMfa", Tag: "users", Summary: "Remove MFA enrolment",
			Description: "The next sign-in asks the user to enrol again." + lifecycle, IfMatch: true,
			endpoint: handle(a.userAction(service.ActionResetMFA))},
		{Method: "POST", Path: "/v1/users/{id}/resend-invitation", ID: "resendUserSetup", Tag: "users",
			Summary: "Send a new account set-up link", Description: "For a user who has not finished set-up: a new link and expiry; " +
				"the old link stops working. A user who has finished set-up is a 409." + lifecycle, IfMatch: true,
			endpoint: handle(a.userAction(service.ActionResendInvitation))},
		{Method: "GET", Path: "/v1/users/{id}/access", ID: "getUserAccess", Tag: "access", Summary: "Effective access of a user",
			Description: "An access review of one user: one page of the organizations the user reaches, ordered by id, limited to the " +
				"organizations the caller can see (where the caller holds organizations:read), with the user's permissions there and " +
				"the assignments they come from. Each assignment applies to its organization and everything below it. Follow " +
				"`next_page_token` until it is empty.",
			endpoint: handle(a.userAccess)},
		{Method: "GET", Path: "/v1/users/{id}/tokens", ID: "listUserTokens", Tag: "tokens", Summary: "List a user's API tokens",
			Description: "The caller's own tokens, or those of a user the caller manages; never their secrets.",
			endpoint:    handle(a.listTokens)},
		{Method: "POST", Path: "/v1/users/{id}/tokens", ID: "createUserToken", Tag: "tokens",
			Summary: "Create an API token; the secret is returned once", Description: tokenDoc, Status: http.StatusCreated,
			Idempotent: true, endpoint: handle(a.createToken)},
		{Method: "DELETE", Path: "/v1/users/{id}/tokens/{token_id}", ID: "deleteUserToken", Tag: "tokens",
			Summary: "Revoke an API token", Description: "The token stops working on the next request.", endpoint: handle(a.deleteToken)},

		{Method: "GET", Path: "/v1/service-accounts", ID: "listServiceAccounts", Tag: "service-accounts", Summary: "List service accounts",
			Description: "The service accounts homed where the caller holds users:read, ordered by id.",
			endpoint:    handle(a.listServiceAccounts)},
		{Method: "POST", Path: "/v1/service-accounts", ID: "createServiceAccount", Tag: "service-accounts",
			Summary: "Create a service account", Description: "A service account holds role assignments and API tokens but never " +
				"signs in: it has no password, no set-up link and no e-mail. Names are unique within an organization, ignoring case " +
				"(409 duplicate_name with existing_id).", Status: http.StatusCreated, Idempotent: true,
			endpoint: handle(a.createServiceAccount)},
		{Method: "GET", Path: "/v1/service-accounts/{id}", ID: "getServiceAccount", Tag: "service-accounts",
			Summary: "Read a service account", Description: "A service account homed where the caller holds users:read.",
			endpoint: handle(a.getServiceAccount)},
		{Method: "PATCH", Path: "/v1/service-accounts/{id}", ID: "updateServiceAccount", Tag: "service-accounts",
			Summary: "Change a service account", Description: merge, IfMatch: true, endpoint: handle(a.updateServiceAccount)},
		{Method: "DELETE", Path: "/v1/service-accounts/{id}", ID: "deleteServiceAccount", Tag: "service-accounts",
			Summary: "Delete a service account", Description: deleteDoc + " Deletes its API tokens and role assignments with it.",
			IfMatch: true, endpoint: handle(a.deleteServiceAccount)},
		{Method: "GET", Path: "/v1/service-accounts/{id}/tokens", ID: "listServiceAccountTokens", Tag: "service-accounts",
			Summary: "List a service account's API tokens", Description: "Needs users:write on the service account's organization " +
				"and every permission it holds; never the secrets.", endpoint: handle(a.listServiceAccountTokens)},
		{Method: "POST", Path: "/v1/service-accounts/{id}/tokens", ID: "createServiceAccountToken", Tag: "service-accounts",
			Summary:     "Create a service account's API token; the secret is returned once",
			Description: tokenDoc + " The token carries at most the permissions the caller holds when minting it.",
			Status:      http.StatusCreated, Idempotent: true, endpoint: handle(a.createServiceAccountToken)},
		{Method: "GET", Path: "/v1/service-accounts/{id}/tokens/{token_id}", ID: "getServiceAccountToken", Tag: "service-accounts",
			Summary: "Read a service account's API token", Description: "The token's description, never its secret.",
			endpoint: handle(a.getServiceAccountToken)},
		{Method: "DELETE", Path: "/v1/service-accounts/{id}/tokens/{token_id}", ID: "deleteServiceAccountToken",
			Tag: "service-accounts", Summary: "Revoke a service account's API token",
			Description: "The token stops working on the next request.", endpoint: handle(a.deleteServiceAccountToken)},

		{Method: "GET", Path: "/v1/roles", ID: "listRoles", Tag: "roles", Summary: "List roles",
			Description: "The built-in roles, and the custom roles of organizations where the caller holds roles:read, ordered by id.",
			endpoint:    handle(a.listRoles)},
		{Method: "POST", Path: "/v1/roles", ID: "createRole", Tag: "roles", Summary: "Create a custom role",
			Description: "A role defined in an organization, usable there and below. The caller must hold roles:write there and every " +
				"permission the role holds; a name that is, or looks like, a built-in role's is a 400.",
			Status: http.StatusCreated, Idempotent: true, endpoint: handle(a.createRole)},
		{Method: "GET", Path: "/v1/roles/{id}", ID: "getRole", Tag: "roles", Summary: "Read a role",
			Description: "A built-in role (its id is its name), or a custom role the caller can see.", endpoint: handle(a.getRole)},
		{Method: "PATCH", Path: "/v1/roles/{id}", ID: "updateRole", Tag: "roles", Summary: "Change a custom role",
			Description: merge + " Built-in roles cannot be changed.", IfMatch: true, endpoint: handle(a.updateRole)},
		{Method: "DELETE", Path: "/v1/roles/{id}", ID: "deleteRole", Tag: "roles", Summary: "Delete a custom role",
			Description: deleteDoc + " A role still assigned, or named by a pending invitation, is a 409.", IfMatch: true,
			endpoint: handle(a.deleteRole)},

		{Method: "GET", Path: "/v1/role-assignments", ID: "listRoleAssignments", Tag: "role-assignments",
			Summary: "List role assignments", Description: "The assignments on organizations where the caller holds users:read, ordered by " +
				"id.", endpoint: handle(a.listAssignments)},
		{Method: "POST", Path: "/v1/role-assignments", ID: "createRoleAssignment", Tag: "role-assignments",
			Summary: "Assign a role", Description: "Grants a role to a user or a service account on an organization and everything below it. " +
				"The caller needs roles:assign there and every permission of the role; a grant that exists is a 409 with " +
				"existing_id. With expires_at the grant gives nothing from that instant on (status expired); an organization's " +
				"max_grant_duration bounds the grants that principals outside it hold or give on it and below it.",
			Status: http.StatusCreated, Idempotent: true, endpoint: handle(a.createAssignment)},
		{Method: "GET", Path: "/v1/role-assignments/{id}", ID: "getRoleAssignment", Tag: "role-assignments",
			Summary: "Read a role assignment", Description: "An assignment on an organization where the caller holds users:read.",
			endpoint: handle(a.getAssignment)},
		{Method: "PATCH", Path: "/v1/role-assignments/{id}", ID: "updateRoleAssignment", Tag: "role-assignments",
			Summary: "Extend or shorten a role assignment", Description: merge + " Changes when the grant ends; it takes what granting " +
				"the role would. An assignment an invitation owns follows the invitation's access_expires_at (409 owned_by_invitation); " +
				"an end beyond a max_grant_duration is a 400 naming the limit; giving an end to an organization's last administrator " +
				"whose access never ends is a 409 last_admin.", IfMatch: true, endpoint: handle(a.updateAssignment)},
		{Method: "DELETE", Path: "/v1/role-assignments/{id}", ID: "deleteRoleAssignment", Tag: "role-assignments",
			Summary: "Remove a role assignment", Description: deleteDoc + " Removing the last administrator of an organization, or " +
				"one's own administration, is a 409.", IfMatch: true, endpoint: handle(a.deleteAssignment)},

		{Method: "GET", Path: "/v1/people", ID: "listPeople", Tag: "users", Summary: "List users and unanswered invitations together",
			Description: "One list of the people of the portal pages: users, and invitations that are pending or expired (accepted " +
				"ones are users by then; revoked ones are gone), ordered by id across both kinds with one opaque cursor. Each kind is " +
				"scoped exactly as its own list is: users homed where the caller holds users:read, invitations whose home and every " +
				"organization they grant in the caller reads users in.", endpoint: handle(a.listPeople)},
		{Method: "GET", Path: "/v1/invitations", ID: "listInvitations", Tag: "invitations", Summary: "List invitations",
			Description: "The invitations whose home and every organization they grant in the caller reads users in, ordered by id.",
			endpoint:    handle(a.listInvitations)},
		{Method: "POST", Path: "/v1/invitations", ID: "createInvitation", Tag: "invitations", Summary: "Invite someone by e-mail",
			Description: "Needs `users:invite` and `roles:assign` on the organization, and every permission of each role there. An " +
				"existing account at the address is granted the roles at once only when its address is verified and the caller already manages it; " +
				"otherwise the invitation is pending, its link is mailed, and the answer is the same as for an address without an " +
				"account.", Status: http.StatusCreated, Idempotent: true, endpoint: handle(a.createInvitation)},
		{Method: "GET", Path: "/v1/invitations/{id}", ID: "getInvitation", Tag: "invitations", Summary: "Read an invitation",
			Description: "An invitation the caller can see (see listInvitations).", endpoint: handle(a.getInvitation)},
		{Method: "PATCH", Path: "/v1/invitations/{id}", ID: "updateInvitation", Tag: "invitations", Summary: "Change an invitation",
			Description: merge + " On an accepted invitation the role assignments it owns follow; a revoked one is a 409.",
			IfMatch:     true, endpoint: handle(a.updateInvitation)},
		{Method: "DELETE", Path: "/v1/invitations/{id}", ID: "deleteInvitation", Tag: "invitations", Summary: "Delete an invitation",
			Description: deleteDoc + " Deletes the role assignments it created (never the account).", IfMatch: true,
			endpoint: handle(a.deleteInvitation)},
		{Method: "POST", Path: "/v1/invitations/{id}/resend", ID: "resendInvitation", Tag: "invitations",
			Summary: "Send a new link and expiry", Description: "The old link stops working. An accepted or revoked invitation is a " +
				"409; resending again within a minute is a 429.", IfMatch: true, BodyOptional: true, endpoint: handle(a.resendInvitation)},
		{Method: "POST", Path: "/v1/invitations/{id}/revoke", ID: "revokeInvitation", Tag: "invitations",
			Summary: "Revoke a pending invitation", Description: "Its link stops working; the invitation stays, as revoked.",
			IfMatch: true, endpoint: handle(a.revokeInvitation)},
		{Method: "POST", Path: "/v1/invitations/accept", ID: "acceptInvitation", Tag: "invitations", Public: true,
			Summary: "Accept an invitation with its link's token", Description: "The link proves the mailbox. Without an account at the " +
				"invitation's address, one is created with `first_name`, `last_name` and `password`. An account that never finished " +
				"set-up finishes it with `password` (every API token it had is revoked). An account that is set up is confirmed with " +
				"its own `password`; a wrong one is a 403. A used, revoked or expired link is a 410.",
			Errors: []int{http.StatusForbidden, http.StatusGone}, endpoint: plain(a.acceptInvitation)},
		{Method: "POST", Path: "/v1/account/setup", ID: "completeAccountSetup", Tag: "users", Public: true,
			Summary: "Finish account set-up with the link's token", Description: "Sets the password of an account created by an " +
				"administrator; a used or expired link is a 410.", Errors: []int{http.StatusGone}, endpoint: plain(a.completeSetup)},
		{Method: "GET", Path: "/invitations/accept", ID: "showAcceptPage", Tag: "pages", Public: true,
			Summary: "Browser page: accept an invitation", Description: "The form behind an invitation's e-mailed link.",
			Produces: "text/html", endpoint: raw(wire.LinkQuery{}, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.acceptForm })},
		{Method: "POST", Path: "/invitations/accept", ID: "submitAcceptPage", Tag: "pages", Public: true,
			Summary: "Browser page: submit the acceptance form", Description: "Accepts as acceptInvitation does and answers a page.",
			Consumes: "application/x-www-form-urlencoded", Produces: "text/html", Errors: []int{http.StatusForbidden, http.StatusGone},
			endpoint: raw(nil, wire.InvitationAccept{}, func(a *API, _ *Operation) http.HandlerFunc { return a.acceptSubmit })},
		{Method: "GET", Path: "/account/setup", ID: "showSetupPage", Tag: "pages", Public: true,
			Summary: "Browser page: finish account set-up", Description: "The form behind an account set-up link.",
			Produces: "text/html", endpoint: raw(wire.LinkQuery{}, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.setupForm })},
		{Method: "POST", Path: "/account/setup", ID: "submitSetupPage", Tag: "pages", Public: true,
			Summary: "Browser page: submit the set-up form", Description: "Sets the password as completeAccountSetup does and " +
				"answers a page.", Consumes: "application/x-www-form-urlencoded", Produces: "text/html", Errors: []int{http.StatusGone},
			endpoint: raw(nil, wire.AccountSetup{}, func(a *API, _ *Operation) http.HandlerFunc { return a.setupSubmit })},

		{Method: "POST", Path: "/v1/sessions", ID: "createSession", Tag: "sessions", Public: true, Summary: "Sign in",
			Description: "Checks an e-mail address and password (and, for an account enrolled in TOTP, `totp_code`) and answers a " +
				"session token that acts as the user, with the user's effective access, for twelve hours. Every failure is the " +
				"same 401 `invalid_credentials`, whatever failed; only after a correct password does an enrolled account answer " +
				"401 `mfa_required`. Five failed attempts in a row (password or code) lock the account until an administrator " +
				"unlocks it (unlockUser).", Status: http.StatusCreated, Errors: []int{http.StatusUnauthorized},
			endpoint: plain(a.createSession)},
		{Method: "DELETE", Path: "/v1/sessions/current", ID: "deleteCurrentSession", Tag: "sessions", Summary: "Sign out",
			Description: "Ends the session the request is made with; it stops working on the next request. An API token is " +
				"not a session (404): revoke it with deleteUserToken.", DuringPasswordChange: true,
			endpoint: handle(a.deleteCurrentSession)},
		{Method: "POST", Path: "/v1/me/password", ID: "changeMyPassword", Tag: "sessions", Summary: "Change the caller's password",
			Description: "Given the current password, sets a new one (12 to 128 characters, at most 72 bytes, not a commonly used " +
				"password, not containing the account's address; a 400 names what is wrong) and ends the user's other sessions. " +
				"A wrong current password counts toward the lock. A session that must change its password can do this, and " +
				"nothing else but getMe and deleteCurrentSession.", DuringPasswordChange: true, endpoint: plain(a.changePassword)},
		{Method: "POST", Path: "/v1/me/mfa/totp", ID: "startTotpEnrollment", Tag: "sessions",
			Summary: "Start enrolling a TOTP authenticator", Description: "Answers a new secret and its otpauth URI for an " +
				"authenticator app; confirmTotpEnrollment with a code it shows finishes the enrolment. Starting again replaces a " +
				"secret not yet confirmed; an account already enrolled is a 409 until an administrator resets its MFA.",
			endpoint: handle(a.startTOTP)},
		{Method: "POST", Path: "/v1/me/mfa/totp/confirm", ID: "confirmTotpEnrollment", Tag: "sessions",
			Summary: "Confirm a TOTP authenticator with a code", Description: "Makes `mfa_enrolled` true: from then on, signing " +
				"in takes a code. A code that does not match is a 400." + lifecycle, endpoint: handle(a.confirmTOTP)},
		{Method: "POST", Path: "/v1/password-resets", ID: "requestPasswordReset", Tag: "sessions", Public: true,
			Summary: "Ask for a password-reset link", Description: "Always 202 with the same answer, before the address is even " +
				"looked up. An account that can sign in is mailed a single-use link that works for an hour; an account that " +
				"never finished set-up is mailed a new set-up link. One address gets at most one link a minute.",
			Status: http.StatusAccepted, endpoint: plain(a.requestPasswordReset)},
		{Method: "POST", Path: "/v1/password-resets/complete", ID: "completePasswordReset", Tag: "sessions", Public: true,
			Summary: "Choose a new password with a reset link's token", Description: "Sets the password and ends every session " +
				"of the account; a used, replaced or expired link is a 410.", Errors: []int{http.StatusGone},
			endpoint: plain(a.completePasswordReset)},

		{Method: "GET", Path: "/signin", ID: "showSignInPage", Tag: "pages", Public: true, Summary: "Browser page: sign in",
			Description: "The sign-in form; an account enrolled in TOTP gets a second step asking for the code.", Produces: "text/html",
			endpoint: raw(nil, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.signInForm })},
		{Method: "POST", Path: "/signin", ID: "submitSignInPage", Tag: "pages", Public: true, Summary: "Browser page: sign in",
			Description: "Signs in as createSession does; sets the session as an HttpOnly, SameSite=Strict cookie and redirects to " +
				"/account (303). A right password of an enrolled account answers the TOTP step, which carries a five-minute " +
				"proof of the password instead of the password.", Consumes: "application/x-www-form-urlencoded", Produces: "text/html",
			Status: http.StatusSeeOther, Errors: []int{http.StatusUnauthorized, http.StatusForbidden},
			endpoint: raw(nil, wire.SignInForm{}, func(a *API, _ *Operation) http.HandlerFunc { return a.signInSubmit })},
		{Method: "POST", Path: "/signout", ID: "submitSignOutPage", Tag: "pages", Public: true, Summary: "Browser page: sign out",
			Description: "Ends the cookie's session and redirects to /signin (303).",
			Consumes:    "application/x-www-form-urlencoded", Produces: "text/html",
			Status: http.StatusSeeOther, Errors: []int{http.StatusForbidden},
			endpoint: raw(nil, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.signOutSubmit })},
		{Method: "GET", Path: "/account", ID: "showAccountPage", Tag: "pages", Public: true, Summary: "Browser page: your account",
			Description: "For the cookie's session: change the password, enrol an authenticator app (its otpauth URI as text and as " +
				"a QR code), sign out. Without a session, redirects to /signin (303).", Produces: "text/html",
			endpoint: raw(nil, nil, func(a *API, o *Operation) http.HandlerFunc { return a.account(o, nil) })},
		{Method: "POST", Path: "/account/password", ID: "submitPasswordPage", Tag: "pages", Public: true, DuringPasswordChange: true,
			Summary: "Browser page: change your password", Description: "Changes the password as changeMyPassword does.",
			Consumes: "application/x-www-form-urlencoded", Produces: "text/html", Errors: []int{http.StatusBadRequest, http.StatusForbidden},
			endpoint: raw(nil, wire.PasswordChange{}, func(a *API, o *Operation) http.HandlerFunc { return a.account(o, a.changePasswordPage) })},
		{Method: "POST", Path: "/account/mfa", ID: "submitTotpStartPage", Tag: "pages", Public: true,
			Summary: "Browser page: start enrolling an authenticator", Description: "Starts as startTotpEnrollment does and shows the " +
				"key, the otpauth URI and its QR code.", Consumes: "application/x-www-form-urlencoded", Produces: "text/html",
			Errors:   []int{http.StatusConflict, http.StatusForbidden},
			endpoint: raw(nil, nil, func(a *API, o *Operation) http.HandlerFunc { return a.account(o, a.startTOTPPage) })},
		{Method: "POST", Path: "/account/mfa/confirm", ID: "submitTotpConfirmPage", Tag: "pages", Public: true,
			Summary: "Browser page: confirm the authenticator", Description: "Confirms as confirmTotpEnrollment does.",
			Consumes: "application/x-www-form-urlencoded", Produces: "text/html",
			Errors:   []int{http.StatusBadRequest, http.StatusConflict, http.StatusForbidden},
			endpoint: raw(nil, wire.TOTPConfirm{}, func(a *API, o *Operation) http.HandlerFunc { return a.account(o, a.confirmTOTPPage) })},
		{Method: "GET", Path: "/account/reset", ID: "showResetPage", Tag: "pages", Public: true,
			Summary: "Browser page: reset a password", Description: "Without a token, asks for the address to mail a link to; with " +
				"the token of an e-mailed reset link, asks for the new password.", Produces: "text/html", Errors: []int{http.StatusGone},
			endpoint: raw(wire.LinkQuery{}, nil, func(a *API, _ *Operation) http.HandlerFunc { return a.resetForm })},
		{Method: "POST", Path: "/account/reset", ID: "submitResetPage", Tag: "pages", Public: true,
			Summary: "Browser page: submit the reset form", Description: "Asks for a link as requestPasswordReset does (the same " +
				"page for every address), or sets the password as completePasswordReset does.", Consumes: "application/x-www-form-urlencoded",
			Produces: "text/html", Errors: []int{http.StatusBadRequest, http.StatusForbidden, http.StatusGone},
			endpoint: raw(nil, wire.PasswordResetForm{}, func(a *API, _ *Operation) http.HandlerFunc { return a.resetSubmit })},

		{Method: "GET", Path: "/v1/audit-events", ID: "listAuditEvents", Tag: "audit", Summary: "The audit trail",
			Description: "Events of organizations where the caller holds audit:read, oldest first.", endpoint: handle(a.listAudit)},

		{Method: "GET", Path: "/v1/dev/outbox", ID: "listOutbox", Tag: "dev", Dev: true, Summary: "Sent e-mails, newest first",
			Description: "Dev mode only: the outbox, with every link whole, so that tests can follow them.",
			endpoint:    plain(a.devOutbox)},
		{Method: "POST", Path: "/v1/dev/clock", ID: "advanceClock", Tag: "dev", Dev: true, Summary: "Move the clock forward",
			Description: "Dev mode only: moves the server's clock, to reach expiries in tests.", endpoint: plain(a.devClock)},
	}
}

const tokenDoc = "The answer carries the secret once; it is never stored. A retry with the same Idempotency-Key creates no " +
	"second token and does not get the secret either: it answers 409 with code secret_not_replayable and the token's id in " +
	"existing_id; delete that token and create a new one."

const exportDoc = "Every user the list would show, as CSV, streamed from one snapshot, with the list's filters. Columns: the " +
	"user's fields (id first and created_at last, as in the User schema, without version and updated_at), then " +
	"organization_name (the home organization's name) and roles (the user's role assignments as \"role (organization)\" " +
	"joined by \"; \", sorted by organization then role; only assignments on organizations where the caller holds users:read, " +
	"and a custom role the caller cannot read is shown by id). Text that a spreadsheet would take for a formula is " +
	"prefixed with an apostrophe. At most 100,000 rows; narrow the filters beyond that."
