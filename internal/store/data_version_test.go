package store_test

import (
	"os"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestDataVersionChangesWithEveryCommit: a cache validated by DataVersion
// is exact only if every commit changes it, the store's own and another
// connection's (another process), and reads do not.
func TestDataVersionChangesWithEveryCommit(t *testing.T) {
	st, raw, _ := openBoth(t)
	version := func() (store.Version, bool) {
		t.Helper()
		v, ok, err := st.DataVersion(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return v, ok
	}
	v0, ok := version()
	if !ok {
		if os.Getenv(acctest.EnvStore) != "postgres" {
			t.Fatal("SQLite reports no data version")
		}
		t.Skip("PostgreSQL reports no data version: nothing is cached on it")
	}
	if err := st.Read(t.Context(), func(tx *store.Tx) error { _, err := tx.AccessEpoch(t.Context()); return err }); err != nil {
		t.Fatal(err)
	}
	if v, _ := version(); v != v0 {
		t.Fatal("a read changed the data version")
	}
	org := domain.Organization{Meta: domain.Meta{ID: "dv-root", Version: 1}, Name: "Root", Kind: domain.KindPartner, Enabled: true}
	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.InsertOrg(t.Context(), org) }); err != nil {
		t.Fatal(err)
	}
	v1, _ := version()
	if v1 == v0 {
		t.Fatal("the store's own commit left the data version unchanged")
	}
	if _, err := raw.ExecContext(t.Context(), "UPDATE organizations SET enabled = 0 WHERE id = 'dv-root'"); err != nil {
		t.Fatal(err)
	}
	if v2, _ := version(); v2 == v1 {
		t.Fatal("another connection's commit left the data version unchanged")
	}
}
