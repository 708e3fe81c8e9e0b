package client_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestAccessReadsEveryPage: Me and UserAccess return every reached
// organization, however many pages the API splits them into.
func TestAccessReadsEveryPage(t *testing.T) {
	s := acctest.StartAPI(t)
	ctx := context.Background()
	c := strictClient(t, s, acctest.BootstrapToken)
	want := []string{s.RootID}
	for i := range 230 { // more than one page of 200
		want = append(want, s.Org(t, fmt.Sprintf("Client %d", i), "client", s.RootID))
	}
	slices.Sort(want)
	me, err := c.Me(ctx)
	if err != nil {
		t.Fatal(err)
	}
	review, err := c.UserAccess(ctx, s.AdminID)
	if err != nil {
		t.Fatal(err)
	}
	for name, entries := range map[string][]wire.AccessEntry{"me": me.Access, "user access": review.Access} {
		var got []string
		for _, e := range entries {
			got = append(got, e.OrganizationID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d organizations, want %d", name, len(got), len(want))
		}
	}
	if me.User == nil || me.User.ID != s.AdminID || me.ServiceAccount != nil || me.OrganizationID != s.RootID || me.NextPageToken != "" {
		t.Errorf("me: %+v", me)
	}
	id, err := c.Identity(ctx)
	if err != nil || id.PrincipalID() != s.AdminID || id.OrganizationID != s.RootID {
		t.Errorf("identity: %+v %v", id, err)
	}
}
