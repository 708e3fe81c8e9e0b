package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestScopeByClosureMatchesExplicitLists compares the two ways a list is
// scoped, on a random portal: the closure-table scope (WithinSubtrees, narrow
// or broad) that lists use, and the explicit list of every visible
// organization (Within) that it replaced. With every other user filter mixed
// in and random page sizes, both must return exactly the same users, in the
// same order.
func TestScopeByClosureMatchesExplicitLists(t *testing.T) {
	st, _, _ := openBoth(t)
	rng := rand.New(rand.NewPCG(13, 17))
	r := &randomTree{st: st, rng: rng, parent: map[string]string{}, version: map[string]int64{}}
	now := time.Now().UTC()
	var users []string
	r.write(t, func(ctx context.Context, tx *store.Tx) error {
		roles := slices.Clone(domain.BuiltinRoles)
		for k := range roles {
			roles[k].CreatedAt = now
		}
		if err := tx.SyncBuiltinRoles(ctx, roles); err != nil {
			return err
		}
		for i := range 800 { // more than the broad scope's threshold of 512
			id := fmt.Sprintf("org%03d", i)
			parent := ""
			if i > 0 {
				// Mostly recent parents, so that some lineages run deep.
				parent = r.ids[max(0, len(r.ids)-1-rng.IntN(min(len(r.ids), 40)))]
				if rng.IntN(4) == 0 {
					parent = r.ids[rng.IntN(len(r.ids))]
				}
			}
			r.version[id] = 1
			if err := tx.InsertOrg(ctx, r.org(id, parent)); err != nil {
				return err
			}
			r.ids = append(r.ids, id)
			r.parent[id] = parent
		}
		for i := range 1500 {
			u := domain.User{
				User: wire.User{
					Meta:           domain.Meta{ID: domain.NewID("usr"), Version: 1, CreatedAt: now, UpdatedAt: now},
					Email:          fmt.Sprintf("user%d@scope.example", i),
					FirstName:      []string{"Ann", "Bob", "Cy"}[i%3],
					LastName:       fmt.Sprintf("Person %d", i),
					OrganizationID: r.ids[rng.IntN(len(r.ids))],
					Enabled:        rng.IntN(5) > 0,
					Locked:         rng.IntN(6) == 0,
					MFAEnrolled:    rng.IntN(2) == 0,
				},
				SetupCompleted: rng.IntN(3) > 0,
			}
			if !u.SetupCompleted && rng.IntN(2) == 0 {
				exp := now.Add(time.Duration(rng.IntN(48)-24) * time.Hour)
				u.InvitationExpiresAt = &exp
			}
			if err := tx.InsertUser(ctx, u); err != nil {
				return err
			}
			users = append(users, u.ID)
		}
		for range 400 {
			a := domain.RoleAssignment{Meta: domain.Meta{ID: domain.NewID("ras"), Version: 1, CreatedAt: now, UpdatedAt: now},
				UserID: users[rng.IntN(len(users))], OrganizationID: r.ids[rng.IntN(len(r.ids))],
				RoleID: domain.BuiltinRoles[rng.IntN(len(domain.BuiltinRoles))].ID}
			if err := tx.InsertAssignment(ctx, a); err != nil && !errors.Is(err, store.ErrDuplicate) {
				return err
			}
		}
		return nil
	})
	nonEmpty := 0
	pick := func(options ...string) string { return options[rng.IntN(len(options))] }
	for trial := range 60 {
		roots := []string{r.ids[0]}
		if trial%4 != 0 {
			roots = nil
			for range 1 + rng.IntN(3) {
				roots = append(roots, r.ids[rng.IntN(len(r.ids))])
			}
		}
		var within []string
		for _, root := range roots {
			for _, id := range r.subtree(root) {
				if !slices.Contains(within, id) {
					within = append(within, id)
				}
			}
		}
		f := domain.UserFilter{
			Status: pick(append([]string{"", "", ""}, wire.UserStatusFilter("").Values()...)...),
			RoleID: pick("", "", domain.RoleAdmin, domain.RoleViewer),
			Query:  pick("", "", "ann", "person 1"),
			Now:    now.Format("2006-01-02T15:04:05.000000000Z"),
		}
		if rng.IntN(3) == 0 {
			mfa := rng.IntN(2) == 0
			f.MFAEnrolled = &mfa
		}
		if rng.IntN(3) == 0 {
			f.OrgSubtree = r.ids[rng.IntN(len(r.ids))]
		}
		explicit, byClosure := f, f
		explicit.Within = within
		byClosure.WithinSubtrees = roots
		size := 1 + rng.IntN(domain.MaxPageSize)
		want, got := listAll(t, st, explicit, size), listAll(t, st, byClosure, size)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: roots %v (%d organizations), filter %+v, pages of %d: the closure scope lists %d users, the explicit list %d",
				trial, roots, len(within), f, size, len(got), len(want))
		}
		if len(want) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 20 {
		t.Fatalf("only %d of 60 trials listed anyone: the comparison proves too little", nonEmpty)
	}
}

// listAll pages through ListUsers and returns the ids in order.
func listAll(t *testing.T, st *store.Store, f domain.UserFilter, size int) []string {
	t.Helper()
	var ids []string
	p := domain.Page{Limit: size}
	err := st.Read(t.Context(), func(tx *store.Tx) error {
		for {
			items, next, err := tx.ListUsers(t.Context(), f, p)
			if err != nil {
				return err
			}
			for _, u := range items {
				ids = append(ids, u.ID)
			}
			if next == "" {
				return nil
			}
			if p.After, err = domain.DecodePageToken(next); err != nil {
				return err
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
