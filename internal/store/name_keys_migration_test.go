package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestNameKeysMigrationRekeysAndKeepsLegacyLookalikes: names stored with the
// former keys get the new ones; two siblings stored before that now render
// alike both survive, and neither name can be taken again.
func TestNameKeysMigrationRekeysAndKeepsLegacyLookalikes(t *testing.T) {
	st, raw, dsn := openBoth(t)
	r := &randomTree{st: st, parent: map[string]string{}, version: map[string]int64{}}
	r.write(t, func(ctx context.Context, tx *store.Tx) error {
		for _, o := range []struct{ id, parent, name string }{{"orgroot", "", "Root"}, {"orga", "orgroot", "Acme"}, {"orgb", "orgroot", "Beta"}} {
			org := r.org(o.id, o.parent)
			org.Name = o.name
			if err := tx.InsertOrg(ctx, org); err != nil {
				return err
			}
		}
		return nil
	})
	if err := st.MigrateDownTo(t.Context(), 10); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	// As the former code stored them: a full-width sibling beside "Acme",
	// with the former key (lower case only), and "Beta" with its old key.
	for _, q := range []string{
		`UPDATE organizations SET name = 'Ａcme' || '', name_key = 'ａcme' WHERE id = 'orgb'`,
		`UPDATE organizations SET name_key = 'acme' WHERE id = 'orga'`,
	} {
		if _, err := raw.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	st, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	root := "orgroot"
	err = st.Read(t.Context(), func(tx *store.Tx) error {
		for name, want := range map[string]string{"Acme": "orga", "ACME": "orga", "Ａcme": "orga"} {
			got, err := tx.FindOrgByName(t.Context(), &root, name)
			if err != nil || got.ID != want {
				t.Errorf("find %q: %s %v, want %s", name, got.ID, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.st = st
	err = st.Write(t.Context(), func(tx *store.Tx) error {
		org := r.org("orgc", "orgroot")
		org.Name = "ａｃｍｅ"
		return tx.InsertOrg(t.Context(), org)
	})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("a third look-alike sibling: %v, want a duplicate", err)
	}
	if k := domain.NameKey("Ａcme"); k != "acme" {
		t.Errorf("key %q", k)
	}
}
