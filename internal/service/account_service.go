package service

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// InspectSetupLink checks a set-up link; a dead one is a Gone error saying why.
func (o *Op) InspectSetupLink(ctx context.Context, token string) (domain.User, error) {
	hash := domain.HashSecret(token)
	u, err := o.tx.GetUserBySetupTokenHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !domain.HashMatches(hash, u.SetupTokenHash)) {
		return u, domain.Gone("this set-up link is not valid: it was already used or replaced by a newer one; ask an administrator to resend it")
	}
	if err != nil {
		return u, err
	}
	if u.InvitationExpiresAt != nil && !o.now.Before(*u.InvitationExpiresAt) {
		return u, domain.Gone(
			fmt.Sprintf("this set-up link expired on %s; ask an administrator to resend it", u.InvitationExpiresAt.Format(time.RFC1123)),
		)
	}
	return u, nil
}

// CompleteSetup finishes an invited user's account set-up with the link's
// token; the link proves the mailbox, so the address is verified.
func (o *Op) CompleteSetup(ctx context.Context, token, passwordHash string) (domain.User, error) {
	u, err := o.InspectSetupLink(ctx, token)
	if err != nil {
		return u, err
	}
	before := u
	u.SetupCompleted, u.EmailVerified, u.PasswordHash, u.SetupTokenHash, u.InvitationExpiresAt = true, true, passwordHash, "", nil
	u.PasswordChangeRequired = false
	return o.saveUser(ctx, "user.setup", before, u)
}
