package service

import (
	"path/filepath"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestAuthCacheHoldsOnlyAtItsVersion: an entry is found only at the AuthVersion
// it was read at, and an entry put late (read at an older AuthVersion than the
// cache's) neither survives as current nor panics.
func TestAuthCacheHoldsOnlyAtItsVersion(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	version := func() store.AuthVersion {
		v, ok, err := st.AuthVersion(t.Context())
		if err != nil || !ok {
			t.Fatalf("data version: %v, %v", ok, err)
		}
		return v
	}
	v1 := version()
	org := domain.Organization{Meta: domain.Meta{ID: "ac-root", Version: 1}, Name: "Root", Kind: domain.KindPartner, Enabled: true}
	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.InsertOrg(t.Context(), org) }); err != nil {
		t.Fatal(err)
	}
	v2 := version()
	if v2 == v1 {
		t.Fatal("a new organization left the version unchanged")
	}
	var c authCache
	h := store.TokenHolder{HolderEnabled: true}
	c.put(v1, "k", h)
	if _, ok := c.get(v1, "k"); !ok {
		t.Fatal("an entry is not found at its version")
	}
	if _, ok := c.get(v2, "k"); ok {
		t.Fatal("an entry is found at another version")
	}
	c.put(v2, "k2", h)
	c.put(v1, "k", h) // read at v1 before the change, put after: must not panic
	if _, ok := c.get(v2, "k"); ok {
		t.Fatal("an entry read at an older version is found at the newer one")
	}
}
