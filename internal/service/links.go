package service

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// passwordHashes counts the passwords this process has hashed: bcrypt is the
// costly step of the public endpoints, and tests check a bad link never
// reaches it.
var passwordHashes atomic.Int64

// PasswordHashes reports how many passwords this process has hashed.
func PasswordHashes() int64 { return passwordHashes.Load() }

// CheckInvitationLink answers the error that accepting an invitation with
// this link's token would give because of the link itself (unknown, used,
// revoked, replaced by a newer link, or expired), or nil for a live link. It
// changes nothing: the public endpoints run it in a read transaction before
// hashing a password, so a bad link costs no bcrypt work, and the accept
// itself checks the link again in its write transaction.
func (o *Op) CheckInvitationLink(ctx context.Context, token string) error {
	inv, err := o.tx.GetInvitationByTokenHash(ctx, domain.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.SecretMatches(token, inv.TokenHash)) {
		return domain.Gone("this invitation link is not valid: it was already used, revoked, or replaced by a newer link; ask for a new invitation")
	}
	if err != nil {
		return err
	}
	if inv = o.present(inv); inv.Status == domain.InvitationExpired {
		return domain.Gone(fmt.Sprintf("this invitation expired on %s; ask the sender to renew it", inv.ExpiresAt.Format(time.RFC1123)))
	}
	return nil
}

// CheckSetupLink is CheckInvitationLink for an account set-up link.
func (o *Op) CheckSetupLink(ctx context.Context, token string) error {
	_, err := o.userBySetupLink(ctx, token)
	return err
}

// userBySetupLink finds the user a live set-up link belongs to.
func (o *Op) userBySetupLink(ctx context.Context, token string) (domain.User, error) {
	u, err := o.tx.GetUserBySetupTokenHash(ctx, domain.HashSecret(token))
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.SecretMatches(token, u.SetupTokenHash)) {
		return u, domain.Gone("this set-up link is not valid: it was already used or replaced by a newer one; ask an administrator to resend it")
	}
	if err != nil {
		return u, err
	}
	if u.InvitationExpiresAt != nil && !o.now.Before(*u.InvitationExpiresAt) {
		return u, domain.Gone(fmt.Sprintf("this set-up link expired on %s; ask an administrator to resend it", u.InvitationExpiresAt.Format(time.RFC1123)))
	}
	return u, nil
}
