package store_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/domain/domaintest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestEveryFieldRoundTrips writes each stored domain type with every field
// set (found by reflection, so a field added later is covered), reads it
// back, then updates a second row so that every field changes, and reads
// that back: a field missing from the SELECT, the scan, the INSERT or the
// UPDATE fails it, naming the field.
func TestEveryFieldRoundTrips(t *testing.T) {
	st, _, _ := openBoth(t)
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	meta := func(id string) domain.Meta { return domain.Meta{ID: id, Version: 1, CreatedAt: at, UpdatedAt: at} }
	// What the foreign keys point at; odd seeds take the first of each, even
	// seeds the second, so that an update moves every reference.
	orgs := [2]string{"fx-root", "fx-partner"}
	users := [2]string{"fx-user-1", "fx-user-2"}
	err := st.Write(t.Context(), func(tx *store.Tx) error {
		ctx := t.Context()
		if err := tx.InsertOrg(ctx, domain.Organization{Meta: meta(orgs[0]), Name: "Root", Kind: domain.KindPartner, Enabled: true}); err != nil {
			return err
		}
		if err := tx.InsertOrg(
			ctx,
			domain.Organization{Meta: meta(orgs[1]), Name: "Partner", Kind: domain.KindPartner, ParentID: &orgs[0], Enabled: true},
		); err != nil {
			return err
		}
		for k, id := range users {
			if err := tx.InsertUser(
				ctx,
				domain.User{User: wire.User{Meta: meta(id), Email: id + "@example.com", OrganizationID: orgs[0], Enabled: true}},
			); err != nil {
				return err
			}
			if err := tx.InsertRole(
				ctx,
				domain.Role{Meta: meta("fx-role-" + users[k]), Name: id, Permissions: []string{"users:read"}, OrganizationID: &orgs[0]},
			); err != nil {
				return err
			}
			if err := tx.InsertInvitation(
				ctx,
				domain.Invitation{Invitation: wire.Invitation{
					Meta:           meta("fx-inv-" + users[k]),
					Email:          id + "@example.com",
					OrganizationID: orgs[0],
					RoleIDs:        []string{},
					Status:         domain.InvitationPending,
					ExpiresAt:      at,
					InvitedBy:      &users[0],
				}},
			); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	pick := func(pair [2]string, seed int) string { return pair[(seed+1)%2] }

	t.Run("User", func(t *testing.T) {
		roundTrip(t, st, stored[domain.User]{
			insert: (*store.Tx).InsertUser, get: (*store.Tx).GetUser, update: (*store.Tx).UpdateUser,
			meta: func(u *domain.User) *domain.Meta { return &u.Meta },
			fix:  func(u *domain.User, seed int) { u.OrganizationID = pick(orgs, seed) },
			// UpdateUser writes people only.
			updatable: func(u *domain.User) { u.ServiceAccount = false },
		})
	})
	t.Run("Organization", func(t *testing.T) {
		roundTrip(t, st, stored[domain.Organization]{
			insert: (*store.Tx).InsertOrg, get: (*store.Tx).GetOrg, update: (*store.Tx).UpdateOrg,
			meta: func(o *domain.Organization) *domain.Meta { return &o.Meta },
			fix: func(o *domain.Organization, seed int) {
				o.Kind = []domain.OrgKind{domain.KindClient, domain.KindPartner}[seed%2]
				o.ParentID = new(pick(orgs, seed))
			},
		})
	})
	t.Run("Role", func(t *testing.T) {
		roundTrip(t, st, stored[domain.Role]{
			insert: (*store.Tx).InsertRole, get: (*store.Tx).GetRole, update: (*store.Tx).UpdateRole,
			meta: func(r *domain.Role) *domain.Meta { return &r.Meta },
			fix:  func(r *domain.Role, seed int) { r.OrganizationID = new(pick(orgs, seed)) },
			// UpdateRole changes custom roles only.
			updatable: func(r *domain.Role) { r.Builtin = false },
		})
	})
	t.Run("Invitation", func(t *testing.T) {
		roundTrip(t, st, stored[domain.Invitation]{
			insert: (*store.Tx).InsertInvitation, get: (*store.Tx).GetInvitation, update: (*store.Tx).UpdateInvitation,
			meta: func(i *domain.Invitation) *domain.Meta { return &i.Meta },
			fix: func(i *domain.Invitation, seed int) {
				i.OrganizationID = pick(orgs, seed)
				i.OrganizationIDs = []string{pick(orgs, seed)}
				i.UserID = new(pick(users, seed))
			},
		})
	})
	t.Run("ServiceAccount", func(t *testing.T) {
		roundTrip(t, st, stored[domain.ServiceAccount]{
			insert: (*store.Tx).InsertServiceAccount, get: (*store.Tx).GetServiceAccount, update: (*store.Tx).UpdateServiceAccount,
			meta: func(a *domain.ServiceAccount) *domain.Meta { return &a.Meta },
			fix:  func(a *domain.ServiceAccount, seed int) { a.OrganizationID = pick(orgs, seed) },
		})
	})
	t.Run("RoleAssignment", func(t *testing.T) {
		roundTrip(t, st, stored[domain.RoleAssignment]{
			insert: (*store.Tx).InsertAssignment, get: (*store.Tx).GetAssignment,
			meta: func(a *domain.RoleAssignment) *domain.Meta { return &a.Meta },
			fix: func(a *domain.RoleAssignment, seed int) {
				a.UserID, a.OrganizationID = pick(users, seed), pick(orgs, seed)
				a.RoleID, a.InvitationID = "fx-role-"+pick(users, seed), new("fx-inv-"+pick(users, seed))
			},
		})
	})
}

// stored is how the store writes and reads one domain type.
type stored[T any] struct {
	insert func(*store.Tx, context.Context, T) error
	get    func(*store.Tx, context.Context, string) (T, error)
	// update is nil for a type that is never changed.
	update func(tx *store.Tx, ctx context.Context, before, after T) error
	meta   func(*T) *domain.Meta
	// fix gives the fields the database constrains (foreign keys, enums) a
	// valid value for seed.
	fix func(v *T, seed int)
	// updatable, when not nil, makes a row one that update applies to.
	updatable func(v *T)
}

func roundTrip[T any](t *testing.T, st *store.Store, s stored[T]) {
	t.Helper()
	build := func(seed int) T {
		var v T
		domaintest.Fill(reflect.ValueOf(&v).Elem(), seed)
		s.fix(&v, seed)
		return v
	}
	write := func(op func(*store.Tx, context.Context, T) error, v T) T {
		t.Helper()
		var got T
		err := st.Write(t.Context(), func(tx *store.Tx) error {
			if err := op(tx, t.Context(), v); err != nil {
				return err
			}
			var err error
			got, err = s.get(tx, t.Context(), s.meta(&v).ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// Seed 1: every field set, booleans true.
	first := build(1)
	s.meta(&first).ID = fmt.Sprintf("rt-%T-1", first)
	compareStored(t, "insert", first, write(s.insert, first))
	if s.update == nil {
		return
	}
	// Seeds 3 and 4 differ in every field, booleans included.
	before, after := build(3), build(4)
	if s.updatable != nil {
		s.updatable(&before)
		s.updatable(&after)
	}
	s.meta(&before).ID = fmt.Sprintf("rt-%T-3", before)
	write(s.insert, before)
	m, was := s.meta(&after), s.meta(&before)
	m.ID, m.Version, m.CreatedAt = was.ID, was.Version+1, was.CreatedAt
	update := func(tx *store.Tx, ctx context.Context, v T) error { return s.update(tx, ctx, before, v) }
	compareStored(t, "update", after, write(update, after))
}

// compareStored reports each stored field whose value read back is not the
// one written.
func compareStored[T any](t *testing.T, op string, want, got T) {
	t.Helper()
	typ := reflect.TypeFor[T]()
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	for _, f := range domaintest.Leaves(typ) {
		if store.NotStored[typ][f.Name] != "" {
			continue
		}
		wf, gf := w.FieldByIndex(f.Index), g.FieldByIndex(f.Index)
		if !reflect.DeepEqual(wf.Interface(), gf.Interface()) {
			t.Errorf("%s: %s.%s wrote %s, read back %s", op, typ, f.Name, show(wf), show(gf))
		}
	}
}

func show(v reflect.Value) string {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return "&" + show(v.Elem())
	}
	return fmt.Sprintf("%v", v.Interface())
}
