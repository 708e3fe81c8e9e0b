package service

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// GetUser reads a user whose home organization the caller can see. A
// service account is not a user: the user routes answer 404 for it.
func (o *Op) GetUser(ctx context.Context, id string) (domain.User, error) {
	u, err := o.getPrincipal(ctx, id)
	if err == nil && u.ServiceAccount {
		return u, domain.NotFound("user", id)
	}
	return u, err
}

// getPrincipal reads a user or a service account homed where the caller
// holds users:read: whoever can hold role assignments and be named as an actor.
func (o *Op) getPrincipal(ctx context.Context, id string) (domain.User, error) {
	u, err := o.tx.GetUser(ctx, id)
	if err != nil {
		return u, notFound(err, "user", id)
	}
	return u, o.see(ctx, u.OrganizationID, "users:read", "user", id)
}

// ListUsers lists visible users; f.OrgIDs is expanded here when descendants are asked for.
func (o *Op) ListUsers(
	ctx context.Context,
	f domain.UserFilter,
	orgID string,
	descendants bool,
	p domain.Page,
) ([]domain.User, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("users:read")
	f.Now = store.TimeText(o.now)
	if orgID != "" {
		if descendants {
			// Users below an organization the caller cannot see would tell
			// where it sits in the tree: such a filter matches nothing, as for
			// an id that does not exist.
			known := acc.Can(orgID, "organizations:read") || acc.Can(orgID, "users:read")
			if err := acc.Err(); err != nil {
				return nil, "", err
			}
			if !known {
				return []domain.User{}, "", nil
			}
			f.OrgSubtree = orgID
		} else {
			f.OrgIDs = []string{orgID}
		}
	}
	return o.tx.ListUsers(ctx, f, p)
}

// ExportedUser is one row of the CSV export: a user, the name of their home
// organization, and the grants the caller may see.
type ExportedUser struct {
	domain.User
	OrganizationName string
	// Roles are the user's grants as "role (organization)", sorted by
	// organization name, then role: only grants on organizations where the
	// caller reads users, as the role assignment list shows them.
	Roles []string
}

// MaxExports bounds the CSV exports one process reads at once, on the
// connections of Store.ReadStream, which no other request waits for. An
// export reads from one snapshot at the database's speed, never at its
// client's: the HTTP layer spools the rows and sends them after the
// snapshot has ended (see ExportSlot), so that a slow download neither
// holds a snapshot (which would keep SQLite's write-ahead log from being
// checkpointed) nor a connection. An export beyond the bound waits up to
// ExportWait for its turn.
const MaxExports = store.Streams

// DefaultExportWait is how long an export waits for a free connection
// before it is refused with 429 exports_busy (Service.ExportWait).
const DefaultExportWait = 10 * time.Second

// ExportUsers hands fn every user ListUsers would list for caller, in pages
// read from one snapshot, so that an export of any size holds one page in
// memory. The names of each page's organizations and roles come with two
// queries for the page, never one per user. It stops after max users. An
// error before the first call of fn (a bad filter, no access) is returned
// before anything is exported.
func (s *Service) ExportUsers(
	ctx context.Context,
	caller Caller,
	f domain.UserFilter,
	orgID string,
	descendants bool,
	limit int,
	fn func(ExportedUser) error,
) error {
	wait, cancel := context.WithTimeout(ctx, s.ExportWait)
	defer cancel()
	select {
	case s.exportReads <- struct{}{}:
		defer func() { <-s.exportReads }()
	case <-wait.Done():
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return domain.TooSoon(
			"exports_busy",
			fmt.Sprintf(
				"%d CSV exports are being read on this server and none finished within %s; retry in a few seconds",
				MaxExports, s.ExportWait,
			),
			5*time.Second,
		)
	}
	return s.Store.ReadStream(ctx, func(tx *store.Tx) error {
		op := s.Op(tx, caller)
		p := domain.Page{Limit: domain.MaxPageSize}
		roleNames := map[string]string{}
		for n := 0; n < limit; {
			items, next, err := op.ListUsers(ctx, f, orgID, descendants, p)
			if err != nil {
				return err
			}
			items = items[:min(len(items), limit-n)]
			rows, err := op.exportRows(ctx, items, roleNames)
			if err != nil {
				return err
			}
			for _, row := range rows {
				if err := fn(row); err != nil {
					return err
				}
			}
			n += len(items)
			if next == "" {
				return nil
			}
			if p.After, err = domain.DecodePageToken(next); err != nil {
				return err
			}
		}
		return nil
	})
}

// exportRows names the home organizations and the visible grants of a page
// of users: one query for the grants, one for the organizations' names.
// roleNames remembers, across pages, how each role is shown: by name when
// the caller may see it, else by id.
func (o *Op) exportRows(ctx context.Context, users []domain.User, roleNames map[string]string) ([]ExportedUser, error) {
	ids, orgs := make([]string, len(users)), make([]string, 0, len(users))
	for k, u := range users {
		ids[k] = u.ID
		orgs = append(orgs, u.OrganizationID)
	}
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, err
	}
	grants, err := o.tx.GrantsOf(ctx, ids, acc.Roots("users:read"), store.TimeText(o.now))
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		orgs = append(orgs, g.OrganizationID)
		if _, ok := roleNames[g.RoleID]; !ok {
			if roleNames[g.RoleID], err = o.exportRoleName(ctx, g.RoleID); err != nil {
				return nil, err
			}
		}
	}
	slices.Sort(orgs)
	orgNames, err := o.tx.OrgNames(ctx, slices.Compact(orgs))
	if err != nil {
		return nil, err
	}
	type named struct{ org, role string }
	byUser := map[string][]named{}
	for _, g := range grants {
		byUser[g.UserID] = append(byUser[g.UserID], named{orgNames[g.OrganizationID], roleNames[g.RoleID]})
	}
	rows := make([]ExportedUser, len(users))
	for k, u := range users {
		held := byUser[u.ID]
		slices.SortFunc(held, func(a, b named) int {
			return cmp.Or(strings.Compare(strings.ToLower(a.org), strings.ToLower(b.org)), strings.Compare(a.role, b.role))
		})
		roles := make([]string, len(held))
		for i, h := range held {
			roles[i] = h.role + " (" + h.org + ")"
		}
		rows[k] = ExportedUser{User: u, OrganizationName: orgNames[u.OrganizationID], Roles: roles}
	}
	return rows, nil
}

// exportRoleName is how the export shows a role: its name, or its id when
// it is a custom role the caller may not read.
func (o *Op) exportRoleName(ctx context.Context, id string) (string, error) {
	r, err := o.GetRole(ctx, id)
	switch {
	case domain.IsKind(err, domain.KindNotFound):
		return id, nil
	case err != nil:
		return "", err
	}
	return r.Name, nil
}

func (o *Op) checkEmailFree(ctx context.Context, email, selfID string) error {
	other, err := o.tx.GetUserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == selfID) {
		return nil
	}
	if err != nil {
		return err
	}
	visible, err := o.can(ctx, other.OrganizationID, "users:read")
	if err != nil {
		return err
	}
	if !visible {
		return domain.Conflict(
			"duplicate_email",
			fmt.Sprintf(
				"a portal user with e-mail %s already exists in an organization you cannot see; e-mail addresses are unique across the portal, "+
					"ignoring case",
				email,
			),
		)
	}
	c := domain.Conflict(
		"duplicate_email",
		fmt.Sprintf(
			"a portal user with e-mail %s already exists (id %s); e-mail addresses are unique across the portal, ignoring case. To manage that "+
				"user, import it",
			other.Email,
			other.ID,
		),
	)
	c.ExistingID = other.ID
	return c
}

func validateProfile(fe *domain.Fields, email, first, last string, phone *string) {
	fe.Check("email", domain.ValidateEmail(email))
	fe.Check("first_name", domain.ValidateName(first, domain.MaxPersonNameLength))
	fe.Check("last_name", domain.ValidateName(last, domain.MaxPersonNameLength))
	if phone != nil {
		fe.Check("phone", domain.ValidatePhone(*phone))
	}
}

// issueSetup gives an invited user a fresh set-up link and mails it; any earlier link stops working.
func (o *Op) issueSetup(u *domain.User) string {
	token, hash := domain.NewSecret(domain.SetupTokenPrefix)
	u.SetupTokenHash = hash
	u.InvitationExpiresAt = ptr(o.now.Add(domain.DefaultInvitationTTL))
	return token
}

// CreateUser creates an account homed in an organization.
func (o *Op) CreateUser(ctx context.Context, in wire.UserCreate) (domain.User, error) {
	normalizeName(&in.FirstName)
	normalizeName(&in.LastName)
	var fe domain.Fields
	validateProfile(&fe, in.Email, in.FirstName, in.LastName, in.Phone)
	if in.OrganizationID == "" {
		fe.Add("organization_id", "is required: every user has a home organization")
	}
	if err := fe.Err(); err != nil {
		return domain.User{}, err
	}
	if err := o.see(ctx, in.OrganizationID, "users:read", "organization", in.OrganizationID); err != nil {
		return domain.User{}, err
	}
	if err := o.need(ctx, in.OrganizationID, "users:write", "create users in it"); err != nil {
		return domain.User{}, err
	}
	if err := o.checkEmailFree(ctx, in.Email, ""); err != nil {
		return domain.User{}, err
	}
	u := domain.User{
		User: wire.User{
			Meta:           o.newMeta("usr"),
			Email:          in.Email,
			FirstName:      in.FirstName,
			LastName:       in.LastName,
			Phone:          in.Phone,
			OrganizationID: in.OrganizationID,
			Enabled:        in.Enabled == nil || *in.Enabled,
		},
	}
	// A disabled account gets no set-up link: the person could not use it.
	// Once enabled, resend it (POST /v1/users/{id}/resend-invitation).
	send := u.Enabled && (in.SendInvitation == nil || *in.SendInvitation)
	if in.InitialPassword != nil {
		if in.SendInvitation != nil && *in.SendInvitation {
			return u, domain.Invalid("conflicting fields", domain.FieldError{Field: "send_invitation",
				Message: "cannot be true with initial_password: an account given a password is set up and needs no set-up link"})
		}
		hash, err := o.passwordHash("initial_password", *in.InitialPassword, in.Email)
		if err != nil {
			return u, err
		}
		u.PasswordHash, u.SetupCompleted, u.PasswordChangeRequired, send = hash, true, true, false
	}
	var token string
	if send {
		token = o.issueSetup(&u)
	}
	u.Status = domain.DeriveUserStatus(u.Enabled, u.Locked, u.SetupCompleted)
	if err := o.tx.InsertUser(ctx, u); err != nil {
		return u, written(err, "user", u.ID)
	}
	if send {
		if err := o.sendSetupMail(ctx, u, token); err != nil {
			return u, err
		}
	}
	return u, o.audit(ctx, "user.create", "user", u.ID, &u.OrganizationID, nil, u)
}

// manageUser loads a user the caller may change: users:write on the home
// organization, and at least the power the user has, so nobody takes over a
// more privileged account.
func (o *Op) manageUser(ctx context.Context, id string, ifMatch *int64, goal string) (domain.User, error) {
	u, err := o.GetUser(ctx, id)
	if err != nil {
		return u, err
	}
	if err := checkVersion("user", id, u.Version, ifMatch); err != nil {
		return u, err
	}
	if err := o.need(ctx, u.OrganizationID, "users:write", goal); err != nil {
		return u, err
	}
	return u, o.coverUser(ctx, u.ID, goal)
}

// coverUser refuses acting on a user who holds permissions the caller does not.
func (o *Op) coverUser(ctx context.Context, id, goal string) error {
	covered, err := o.covers(ctx, id)
	if err != nil {
		return err
	}
	if !covered {
		return domain.Forbidden(
			fmt.Sprintf("user %s holds permissions you do not hold; only someone with at least the same access can %s", id, goal),
		)
	}
	return nil
}

// covers reports whether the caller holds, wherever the user has a grant,
// every permission of that grant: acting on a user with more power than
// one's own would be a way to gain it. Every grant that has not ended
// counts, in force or not: a grant on a disabled organization wakes up when
// it is enabled again, while an expired one comes back only by a change that
// must cover it.
// Oneself is covered only through an unlimited credential: a token someone
// else minted must not manage the account it acts as once that account
// holds more than the token's issuer did.
func (o *Op) covers(ctx context.Context, userID string) (bool, error) {
	if userID == o.caller.UserID && o.caller.Limit == nil {
		return true, nil
	}
	grants, err := o.liveGrants(ctx, userID)
	if err != nil {
		return false, err
	}
	acc, err := o.Access(ctx)
	if err != nil {
		return false, err
	}
	covered := acc.Covers(grants)
	return covered, acc.Err()
}

// manages reports, without an error for what the caller cannot see, whether
// the caller could change user u (manageUser's rule).
func (o *Op) manages(ctx context.Context, u domain.User) (bool, error) {
	ok, err := o.can(ctx, u.OrganizationID, "users:write")
	if err != nil || !ok {
		return false, err
	}
	return o.covers(ctx, u.ID)
}

// saveUser writes a changed user with its audit event.
func (o *Op) saveUser(ctx context.Context, action string, before, u domain.User) (domain.User, error) {
	o.bump(&u.Meta)
	u.Status = domain.DeriveUserStatus(u.Enabled, u.Locked, u.SetupCompleted)
	if err := o.tx.UpdateUser(ctx, before, u); err != nil {
		return before, written(err, "user", u.ID)
	}
	return u, o.audit(ctx, action, "user", u.ID, &u.OrganizationID, before, u)
}

// UpdateUser changes a user's profile, home organization or enabled state.
func (o *Op) UpdateUser(ctx context.Context, id string, in wire.UserUpdate, ifMatch *int64) (domain.User, error) {
	normalizeOptional(&in.FirstName)
	normalizeOptional(&in.LastName)
	u, err := o.manageUser(ctx, id, ifMatch, "change this user")
	if err != nil {
		return u, err
	}
	before := u
	var fe domain.Fields
	setIf(in.Email, &u.Email)
	setIf(in.FirstName, &u.FirstName)
	setIf(in.LastName, &u.LastName)
	setIf(in.OrganizationID, &u.OrganizationID)
	if in.Phone.Set {
		u.Phone = in.Phone.Ptr()
	}
	setIf(in.Enabled, &u.Enabled)
	validateProfile(&fe, u.Email, u.FirstName, u.LastName, u.Phone)
	if err := fe.Err(); err != nil {
		return before, err
	}
	if in.InitialPassword.Set {
		if id == o.caller.UserID {
			return before, domain.Invalid("not for your own account", domain.FieldError{Field: "initial_password",
				Message: "sets someone else's password; change your own with POST /v1/me/password, which asks for the current one"})
		}
		hash, err := o.passwordHash("initial_password", in.InitialPassword.Value, u.Email)
		if err != nil {
			return before, err
		}
		u.PasswordHash, u.PasswordChangeRequired = hash, true
		u.ResetTokenHash, u.ResetExpiresAt = "", nil
		u.SetupCompleted, u.SetupTokenHash, u.InvitationExpiresAt = true, "", nil
	}
	if u.Email != before.Email {
		if err := o.checkEmailFree(ctx, u.Email, u.ID); err != nil {
			return before, err
		}
		// Whoever controls the new address has not proved it yet.
		if domain.NormalizeEmail(u.Email) != domain.NormalizeEmail(before.Email) {
			u.EmailVerified = false
		}
	}
	if u.OrganizationID != before.OrganizationID {
		if err := o.see(ctx, u.OrganizationID, "users:read", "organization", u.OrganizationID); err != nil {
			return before, err
		}
		if err := o.need(ctx, u.OrganizationID, "users:write", "move users into it"); err != nil {
			return before, err
		}
	}
	if !u.Enabled && before.Enabled && id == o.caller.UserID {
		return before, domain.Conflict("self_disable", "you cannot disable your own account; ask another administrator")
	}
	// An invited user's set-up link follows a new address: the old mailbox must not finish set-up.
	resend := !u.SetupCompleted && before.SetupTokenHash != "" && domain.NormalizeEmail(u.Email) != domain.NormalizeEmail(before.Email)
	var token string
	if resend {
		token = o.issueSetup(&u)
	}
	if domain.SameContent(u, before) && !in.InitialPassword.Set {
		return before, nil
	}
	u, err = o.saveUser(ctx, "user.update", before, u)
	if err != nil {
		return u, err
	}
	if in.InitialPassword.Set || (!u.Enabled && before.Enabled) {
		// A password someone else set ends every session opened with the
		// old one; disabling ends them for good, not just while disabled.
		if err := o.tx.DeleteSessionsOf(ctx, u.ID, ""); err != nil {
			return u, err
		}
	}
	if resend {
		if err := o.sendSetupMail(ctx, u, token); err != nil {
			return u, err
		}
	}
	if (!u.Enabled && before.Enabled) || u.OrganizationID != before.OrganizationID {
		return u, o.ensureRootAdmin(ctx)
	}
	return u, nil
}

// DeleteUser deletes an account with its tokens and role assignments.
func (o *Op) DeleteUser(ctx context.Context, id string, ifMatch *int64) error {
	u, err := o.manageUser(ctx, id, ifMatch, "delete this user")
	if err != nil {
		return err
	}
	if id == o.caller.UserID {
		return domain.Conflict("self_delete", "you cannot delete your own account; ask another administrator")
	}
	if err := o.tx.DeleteUser(ctx, id); err != nil {
		return written(err, "user", id)
	}
	if err := o.ensureRootAdmin(ctx); err != nil {
		return err
	}
	return o.audit(ctx, "user.delete", "user", id, &u.OrganizationID, u, nil)
}

// UserAction is a lifecycle operation on a user.
type UserAction string

// Lifecycle operations, each a POST on the user.
const (
	ActionUnlock           UserAction = "unlock"
	ActionResetPassword    UserAction = "reset-password"
	ActionResetMFA         UserAction = "reset-mfa"
	ActionResendInvitation UserAction = "resend-invitation"
)

// UserLifecycle runs one lifecycle operation.
func (o *Op) UserLifecycle(ctx context.Context, id string, action UserAction, ifMatch *int64) (domain.User, error) {
	u, err := o.manageUser(ctx, id, ifMatch, string(action)+" this user")
	if err != nil {
		return u, err
	}
	before := u
	var token string
	switch action {
	case ActionUnlock:
		u.Locked, u.FailedSignIns = false, 0
	case ActionResetPassword:
		// The password stops being enough: the next session must change it,
		// and a single-use link lets the person choose one without it.
		u.PasswordChangeRequired = true
		if u.SetupCompleted {
			token = o.issueReset(&u)
		}
	case ActionResetMFA:
		u.MFAEnrolled, u.TOTPSecret, u.TOTPPending, u.TOTPLastStep = false, "", "", 0
	case ActionResendInvitation:
		if u.SetupCompleted {
			return before, domain.Conflict(
				"setup_completed",
				fmt.Sprintf("user %s has already completed account set-up; there is no set-up invitation to resend", id),
			)
		}
		if err := o.checkResend(ctx, "user."+string(action), "user", id); err != nil {
			return before, err
		}
		token = o.issueSetup(&u)
	}
	u, err = o.saveUser(ctx, "user."+string(action), before, u)
	switch {
	case err != nil || token == "":
	case action == ActionResetPassword:
		err = o.sendResetMail(ctx, u, token, "An administrator asked you to choose a new password.")
	default:
		err = o.sendSetupMail(ctx, u, token)
	}
	return u, err
}
