package service

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// ResendInterval is the least time between two resends of one invitation's
// or one user's link, so that nobody can flood a mailbox through the API.
// The first mailing (when the invitation or user is created) is free: the
// window starts at the last resend.
const ResendInterval = time.Minute

// checkResend refuses a resend (audited as action) of object id within
// ResendInterval of its previous resend, with a 429 saying when to retry.
func (o *Op) checkResend(ctx context.Context, action, object, id string) error {
	last, err := o.tx.LastAuditAt(ctx, id, action)
	if err != nil || last == nil {
		return err
	}
	wait := min(last.Add(ResendInterval).Sub(o.now), ResendInterval)
	if wait <= 0 {
		return nil
	}
	ago := int64(o.now.Sub(*last).Seconds())
	secs := int64(math.Ceil(wait.Seconds()))
	return domain.TooSoon(
		"resend_too_soon",
		fmt.Sprintf("the link of %s %s was resent %d second(s) ago; a link is resent at most once a minute, "+
			"to keep mailboxes from being flooded; retry after %d second(s)", object, id, max(ago, 0), secs),
		wait,
	)
}
