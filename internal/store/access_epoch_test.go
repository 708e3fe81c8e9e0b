package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestAccessEpochAdvancesExactlyWithAccessChanges: a committed write to
// organizations, roles or role assignments advances the epoch once per
// transaction; other writes, rolled-back writes and dry runs leave it; a
// write transaction may cache until it writes an access table.
func TestAccessEpochAdvancesExactlyWithAccessChanges(t *testing.T) {
	st, _, _ := openBoth(t)
	ctx := t.Context()
	epoch := func() int64 {
		t.Helper()
		var n int64
		err := st.Read(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.AccessEpoch(ctx)
			if !tx.AccessCacheable() {
				t.Error("a read transaction may not cache under its epoch")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	now := time.Now().UTC()
	meta := func(id string) domain.Meta { return domain.Meta{ID: id, Version: 1, CreatedAt: now, UpdatedAt: now} }
	step := func(what string, advances bool, fn func(tx *store.Tx) error) {
		t.Helper()
		before := epoch()
		err := st.Write(ctx, func(tx *store.Tx) error {
			if !tx.AccessCacheable() {
				t.Errorf("%s: a write transaction refused the cache before writing", what)
			}
			err := fn(tx)
			if accessWrite := advances || what == "a rolled-back organization change"; tx.AccessCacheable() == accessWrite {
				t.Errorf("%s: cacheable after the writes: %v", what, tx.AccessCacheable())
			}
			return err
		})
		if err != nil && !errors.Is(err, errRollBack) {
			t.Fatalf("%s: %v", what, err)
		}
		if got := epoch() - before; (got == 1) != advances || got > 1 {
			t.Errorf("%s: the epoch advanced by %d, want %v", what, got, map[bool]int{true: 1, false: 0}[advances])
		}
	}
	root := domain.Organization{Meta: meta("org_root"), Name: "Root", Kind: domain.KindPartner, Enabled: true}
	client := domain.Organization{Meta: meta("org_client"), Name: "Client", Kind: domain.KindClient, ParentID: &root.ID, Enabled: true}
	step("two organizations in one transaction", true, func(tx *store.Tx) error {
		if err := tx.InsertOrg(ctx, root); err != nil {
			return err
		}
		return tx.InsertOrg(ctx, client)
	})
	user := domain.User{
		User: wire.User{
			Meta:           meta("usr_one"),
			Email:          "one@epoch.example",
			FirstName:      "One",
			LastName:       "User",
			OrganizationID: client.ID,
			Enabled:        true,
		},
	}
	step("a user", false, func(tx *store.Tx) error { return tx.InsertUser(ctx, user) })
	step("a rolled-back organization change", false, func(tx *store.Tx) error {
		c := client
		c.Enabled, c.Version = false, 2
		if err := tx.UpdateOrg(ctx, client, c); err != nil {
			return err
		}
		return errRollBack
	})
	step("an organization disabled", true, func(tx *store.Tx) error {
		c := client
		c.Enabled, c.Version = false, 2
		return tx.UpdateOrg(ctx, client, c)
	})
	before := epoch()
	err := st.DryRun(ctx, func(tx *store.Tx) error { return tx.DeleteUser(ctx, user.ID) })
	if !errors.Is(err, store.ErrWouldWrite) || epoch() != before {
		t.Errorf("a dry run of a user's deletion: %v, epoch %d → %d", err, before, epoch())
	}
	step("a user deleted (their assignments go with them)", true, func(tx *store.Tx) error { return tx.DeleteUser(ctx, user.ID) })
}

var errRollBack = errors.New("roll back")
