package domain

import (
	"testing"
	"time"
)

func TestDeriveUserStatus(t *testing.T) {
	cases := []struct {
		enabled, locked, setup bool
		want                   UserStatus
	}{
		{true, false, true, UserActive},
		{true, false, false, UserInvited},
		{true, true, true, UserLocked},
		{true, true, false, UserLocked},
		{false, true, true, UserDisabled},
		{false, false, false, UserDisabled},
	}
	for _, c := range cases {
		if got := DeriveUserStatus(c.enabled, c.locked, c.setup); got != c.want {
			t.Errorf("DeriveUserStatus(enabled=%v, locked=%v, setup=%v) = %s, want %s", c.enabled, c.locked, c.setup, got, c.want)
		}
	}
}

func TestEffectiveInvitationStatus(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := EffectiveInvitationStatus(InvitationPending, now.Add(time.Second), now); got != InvitationPending {
		t.Errorf("before expiry: %s", got)
	}
	if got := EffectiveInvitationStatus(InvitationPending, now, now); got != InvitationExpired {
		t.Errorf("at expiry: %s", got)
	}
	for _, s := range []InvitationStatus{InvitationAccepted, InvitationRevoked} {
		if got := EffectiveInvitationStatus(s, now.Add(-time.Hour), now); got != s {
			t.Errorf("%s past expiry became %s", s, got)
		}
	}
}
