package domain

import (
	"fmt"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// AssignmentStatus tells a grant in force from one past its end.
type AssignmentStatus = wire.AssignmentStatus

// Assignment statuses.
const (
	AssignmentActive  = wire.AssignmentActive
	AssignmentExpired = wire.AssignmentExpired
)

// AssignmentStatusAt is the status of a grant ending at expiresAt (nil:
// never), seen at now: like an invitation's expiry, it is derived on read.
func AssignmentStatusAt(expiresAt *time.Time, now time.Time) AssignmentStatus {
	if expiresAt != nil && !now.Before(*expiresAt) {
		return AssignmentExpired
	}
	return AssignmentActive
}

// The bounds of an organization's max_grant_duration: GDAP-style delegated
// access lasts from an hour to two years.
const (
	MinGrantLimit = time.Hour
	MaxGrantLimit = 730 * 24 * time.Hour
)

// ParseGrantLimit reads a max_grant_duration (a Go duration such as "720h")
// and returns it with its canonical spelling, which is what is stored.
func ParseGrantLimit(s string) (time.Duration, string, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, "", fmt.Errorf("%q is not a duration: use hours and minutes such as \"720h\" for 30 days", s)
	}
	if d < MinGrantLimit || d > MaxGrantLimit {
		return 0, "", fmt.Errorf("%s is out of range: use from 1h to 17520h (730 days)", s)
	}
	return d, d.String(), nil
}

// CheckGrantEnd validates a new end for a grant: it must lie in the future
// (an end in the past would make a grant that never gives anything).
func CheckGrantEnd(fe *Fields, field string, end *time.Time, now time.Time) {
	if end != nil && !end.After(now) {
		fe.Add(field, "must be in the future (now is %s); leave it out for a grant that never ends", now.UTC().Format(time.RFC3339))
	}
}

// Days spells a duration in days for messages, when it is a whole number of them.
func Days(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%d days", d/(24*time.Hour))
	}
	return d.String()
}
