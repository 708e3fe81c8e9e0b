package store_test

import (
	"os"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestAuthVersionFollowsWhatAuthenticationReads: a cache validated by
// AuthVersion is exact only if every commit that may change what
// authentication reads changes it: the store's own and, whatever they
// wrote, another connection's (another process, or the file edited out of
// band), even when an own commit follows. Reads and this process's own
// commits of nothing authentication reads leave it as it was.
func TestAuthVersionFollowsWhatAuthenticationReads(t *testing.T) {
	st, raw, _ := openBoth(t)
	ctx := t.Context()
	version := func() (store.AuthVersion, bool) {
		t.Helper()
		v, ok, err := st.AuthVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v, ok
	}
	if _, ok := version(); !ok {
		if os.Getenv(acctest.EnvStore) != "postgres" {
			t.Fatal("SQLite reports no data version")
		}
		t.Skip("PostgreSQL reports no data version: nothing is cached on it")
	}
	now := time.Now().UTC()
	meta := func(id string, v int64) domain.Meta {
		return domain.Meta{ID: id, Version: v, CreatedAt: now, UpdatedAt: now}
	}
	org := domain.Organization{Meta: meta("dv-root", 1), Name: "Root", Kind: domain.KindPartner, Enabled: true}
	user := domain.User{
		User: wire.User{Meta: meta("dv-user", 1), Email: "dv@example.com", FirstName: "D", LastName: "V", OrganizationID: org.ID, Enabled: true},
	}
	write := func(fn func(*store.Tx) error) {
		t.Helper()
		if err := st.Write(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	write(func(tx *store.Tx) error { return tx.InsertOrg(ctx, org) })
	step := func(name string, changes bool, change func()) {
		t.Helper()
		before, _ := version()
		change()
		if after, _ := version(); (after != before) != changes {
			t.Errorf("%s: version changed %v, want %v", name, after != before, changes)
		}
	}
	step("a read", false, func() {
		if err := st.Read(ctx, func(tx *store.Tx) error { _, err := tx.GetOrg(ctx, org.ID); return err }); err != nil {
			t.Fatal(err)
		}
	})
	step("a new user", false, func() { write(func(tx *store.Tx) error { return tx.InsertUser(ctx, user) }) })
	renamed := user
	renamed.Version, renamed.FirstName = 2, "Renamed"
	step("a user's name", false, func() { write(func(tx *store.Tx) error { return tx.UpdateUser(ctx, user, renamed) }) })
	disabled := renamed
	disabled.Version, disabled.Enabled = 3, false
	step("a user disabled", true, func() { write(func(tx *store.Tx) error { return tx.UpdateUser(ctx, renamed, disabled) }) })
	step("a token", true, func() {
		write(func(tx *store.Tx) error {
			return tx.InsertToken(
				ctx,
				domain.APIToken{
					APIToken: wire.APIToken{ID: "dv-token", UserID: user.ID, Name: "t", Prefix: "ptk_dvdv", CreatedAt: now},
					Hash:     "dv-hash",
				},
			)
		})
	})
	step("an organization renamed", true, func() {
		o := org
		o.Version, o.Name = 2, "Renamed root"
		write(func(tx *store.Tx) error { return tx.UpdateOrg(ctx, org, o) })
	})
	step("another connection's commit of nothing authentication reads", true, func() {
		if _, err := raw.ExecContext(ctx, "UPDATE users SET first_name = 'Other' WHERE id = ?", user.ID); err != nil {
			t.Fatal(err)
		}
	})
	audit := func(id string) {
		write(func(tx *store.Tx) error {
			return tx.InsertAudit(ctx, domain.AuditEvent{ID: id, At: now, Action: "x", ObjectType: "user", ObjectID: user.ID})
		})
	}
	audit("dv-audit-1") // back to a version this process's commits lead to
	step("another connection's commit, then an own one", true, func() {
		if _, err := raw.ExecContext(ctx, "UPDATE users SET enabled = 1 WHERE id = ?", user.ID); err != nil {
			t.Fatal(err)
		}
		audit("dv-audit-2")
	})
}
