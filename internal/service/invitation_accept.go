package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// AccountState says what accepting a link does with the account behind its address.
type AccountState string

// Account states behind an invitation link.
const (
	// AccountNone: no account has the address; accepting creates one.
	AccountNone AccountState = "none"
	// AccountUnfinished: an account has the address but nobody finished its
	// set-up; the link proves the mailbox, so accepting finishes it.
	AccountUnfinished AccountState = "unfinished"
	// AccountExisting: a set-up account has the address; accepting takes its
	// password, so that only that account's owner binds the grant to it.
	AccountExisting AccountState = "existing"
)

// InvitationLink is what a valid link leads to, for the accept page and for
// checking a submission before any password is hashed.
type InvitationLink struct {
	Email string
	// OrganizationNames names the organizations the invitation grants
	// access to, as a phrase ("Acme, Beta and Gamma").
	OrganizationNames string
	Account           AccountState
	// AccountPasswordHash is the existing account's hash, compared by the
	// caller outside the write transaction (bcrypt is slow on purpose).
	AccountPasswordHash string
}

// InspectInvitationLink checks a link and says what accepting it would do.
// A dead link is a Gone error that says why, so the page can show it instead
// of a form.
func (o *Op) InspectInvitationLink(ctx context.Context, token string) (InvitationLink, domain.Invitation, error) {
	hash := domain.HashSecret(token)
	inv, err := o.tx.GetInvitationByTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.HashMatches(hash, inv.TokenHash)) {
		return InvitationLink{}, inv, domain.Gone(
			"this invitation link is not valid: it was already used, revoked, or replaced by a newer link; ask for a new invitation",
		)
	}
	if err != nil {
		return InvitationLink{}, inv, err
	}
	inv = o.present(ctx, inv)
	if inv.Status == domain.InvitationExpired {
		return InvitationLink{}, inv, domain.Gone(
			fmt.Sprintf("this invitation expired on %s; ask the sender to renew it", inv.ExpiresAt.Format(time.RFC1123)),
		)
	}
	names, err := o.orgNames(ctx, inv.OrganizationIDs)
	if err != nil {
		return InvitationLink{}, inv, err
	}
	link := InvitationLink{Email: inv.Email, OrganizationNames: names, Account: AccountNone}
	user, err := o.tx.GetUserByEmail(ctx, inv.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
	case err != nil:
		return link, inv, err
	case user.SetupCompleted:
		link.Account, link.AccountPasswordHash = AccountExisting, user.PasswordHash
	default:
		link.Account = AccountUnfinished
	}
	return link, inv, nil
}

// AcceptProof is what the caller established outside the transaction: the
// hash of a new password (new or unfinished account), or the hash of the
// existing account whose password the invitee gave (compared already).
type AcceptProof struct {
	NewPasswordHash       string
	ConfirmedPasswordHash string
}

// AcceptInvitation is the invitee's side: the link proves the mailbox, and
// the account behind the address is created, finished, or confirmed with its
// password before the invitation's roles are granted to it.
func (o *Op) AcceptInvitation(ctx context.Context, in wire.InvitationAccept, proof AcceptProof) (wire.AcceptResult, error) {
	normalizeName(&in.FirstName)
	normalizeName(&in.LastName)
	link, inv, err := o.InspectInvitationLink(ctx, in.Token)
	if err != nil {
		return wire.AcceptResult{}, err
	}
	res := wire.AcceptResult{InvitationID: inv.ID, OrganizationID: inv.OrganizationID, OrganizationIDs: inv.OrganizationIDs}
	var user domain.User
	switch link.Account {
	case AccountNone:
		var fe domain.Fields
		fe.Check("first_name", domain.ValidateName(in.FirstName, domain.MaxPersonNameLength))
		fe.Check("last_name", domain.ValidateName(in.LastName, domain.MaxPersonNameLength))
		if proof.NewPasswordHash == "" {
			fe.Add("password", "must be between 12 and 128 characters")
		}
		if err := fe.Err(); err != nil {
			return res, err
		}
		user = domain.User{
			User: wire.User{
				Meta:           o.newMeta("usr"),
				Email:          inv.Email,
				FirstName:      in.FirstName,
				LastName:       in.LastName,
				OrganizationID: inv.OrganizationID,
				Enabled:        true,
			},
			SetupCompleted: true,
			EmailVerified:  true,
			PasswordHash:   proof.NewPasswordHash,
		}
		user.Status = domain.DeriveUserStatus(true, false, true)
		if err := o.tx.InsertUser(ctx, user); err != nil {
			return res, written(err, "user", user.ID)
		}
		if err := o.audit(ctx, "user.create", "user", user.ID, &user.OrganizationID, nil, user); err != nil {
			return res, err
		}
		res.AccountCreated = true
	case AccountUnfinished:
		if proof.NewPasswordHash == "" {
			return res, domain.Invalid(
				"password required",
				domain.FieldError{
					Field:   "password",
					Message: "an account with this address exists but was never set up; choose a password (12 to 128 characters) to finish it",
				},
			)
		}
		if user, err = o.tx.GetUserByEmail(ctx, inv.Email); err != nil {
			return res, err
		}
		before := user
		user.SetupCompleted, user.EmailVerified, user.PasswordHash = true, true, proof.NewPasswordHash
		user.SetupTokenHash, user.InvitationExpiresAt, user.PasswordChangeRequired = "", nil, false
		if user, err = o.saveUser(ctx, "user.setup", before, user); err != nil {
			return res, err
		}
		// The mailbox's owner takes the account over: whoever held a token
		// for it before the address was proved must not share it.
		if n, err := o.tx.DeleteTokensOf(ctx, user.ID); err != nil {
			return res, err
		} else if n > 0 {
			if err := o.audit(ctx, "api_token.revoke_all", "user", user.ID, &user.OrganizationID, map[string]any{"tokens": n}, nil); err != nil {
				return res, err
			}
		}
	case AccountExisting:
		if user, err = o.tx.GetUserByEmail(ctx, inv.Email); err != nil {
			return res, err
		}
		if proof.ConfirmedPasswordHash == "" || proof.ConfirmedPasswordHash != user.PasswordHash {
			return res, ErrAccountPassword
		}
		if !user.EmailVerified {
			before := user
			user.EmailVerified = true
			if user, err = o.saveUser(ctx, "user.verify_email", before, user); err != nil {
				return res, err
			}
		}
	}
	res.UserID = user.ID
	before := inv
	inv.Status, inv.AcceptedAt, inv.UserID, inv.TokenHash = domain.InvitationAccepted, ptr(o.now), ptr(user.ID), ""
	if _, err := o.saveInvitation(ctx, "invitation.accept", before, inv); err != nil {
		return res, err
	}
	return res, o.grantInvitation(ctx, inv)
}

// ErrAccountPassword answers an invitee who confirmed an existing account
// with a password that is not that account's.
var ErrAccountPassword = &domain.Error{Kind: domain.KindForbidden, Code: "account_password_mismatch",
	Detail: "a portal account with this address already exists, and the password given is not its password; enter the password of that " +
		"account to accept the invitation, or ask an administrator to reset it"}
