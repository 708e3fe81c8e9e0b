package domain

import (
	"testing"
	"time"
)

func TestGrantEnds(t *testing.T) {
	now := time.Date(2026, 12, 8, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	grants := []Grant{
		{AssignmentID: "never", OrganizationID: "o", Permissions: []string{"users:read"}},
		{AssignmentID: "ended", OrganizationID: "o", Permissions: []string{"users:read"}, ExpiresAt: at(0)},
		{AssignmentID: "lasts", OrganizationID: "o", Permissions: []string{"users:read"}, ExpiresAt: at(time.Second)},
	}
	live := LiveGrants(grants, now)
	if len(live) != 2 || live[0].AssignmentID != "never" || live[1].AssignmentID != "lasts" {
		t.Errorf("LiveGrants at the instant of an end = %v: the grant ending now must give nothing", live)
	}
	if AssignmentStatusAt(at(0), now) != AssignmentExpired || AssignmentStatusAt(nil, now) != AssignmentActive {
		t.Error("status at the instant of the end must be expired, and a grant without an end active")
	}
	// A token's limit ends with the issuer's grant: the capped grant takes the earlier end.
	limit := []Grant{{AssignmentID: "issuer", OrganizationID: "o", Permissions: []string{"users:read"}, ExpiresAt: at(time.Hour)}}
	same := func(anc, id string) bool { return anc == id }
	for _, c := range []struct {
		grant Grant
		want  time.Duration
	}{{grants[0], time.Hour}, {grants[2], time.Second}} {
		capped := CapGrants([]Grant{c.grant}, limit, same)
		if len(capped) != 1 || capped[0].ExpiresAt == nil || !capped[0].ExpiresAt.Equal(now.Add(c.want)) {
			t.Errorf("CapGrants(%s) = %+v, want an end at +%s", c.grant.AssignmentID, capped, c.want)
		}
	}
}

func TestParseGrantLimit(t *testing.T) {
	for in, want := range map[string]string{"720h": "720h0m0s", "1h": "1h0m0s", "17520h": "17520h0m0s", "90m": "1h30m0s"} {
		if _, got, err := ParseGrantLimit(in); err != nil || got != want {
			t.Errorf("ParseGrantLimit(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"30d", "59m", "17521h", "-1h", ""} {
		if _, _, err := ParseGrantLimit(in); err == nil {
			t.Errorf("ParseGrantLimit(%q) accepted", in)
		}
	}
}
