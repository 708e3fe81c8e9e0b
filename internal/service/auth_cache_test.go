package service

import (
	"path/filepath"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestAuthCacheHoldsOnlyAtItsVersion: an entry is found only at the Version
// it was read at, a write of this process empties the cache, and an entry
// put after that (read before the write) is not lost nor a panic.
func TestAuthCacheHoldsOnlyAtItsVersion(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	version := func() store.Version {
		v, ok, err := st.DataVersion(t.Context())
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
	var c authCache
	h := store.TokenHolder{HolderEnabled: true}
	c.settled(st.Commits())
	if !c.settled(st.Commits()) {
		t.Fatal("no commit since the last check, yet not settled")
	}
	c.put(v1, "k", h)
	if _, ok := c.get(v1, "k"); !ok {
		t.Fatal("an entry is not found at its version")
	}
	if _, ok := c.get(v2, "k"); ok {
		t.Fatal("an entry is found at another version")
	}
	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.DeleteOrg(t.Context(), org.ID) }); err != nil {
		t.Fatal(err)
	}
	if c.settled(st.Commits()) {
		t.Fatal("a commit of this process left the cache settled")
	}
	if _, ok := c.get(v1, "k"); ok {
		t.Fatal("an entry outlived a commit of this process")
	}
	c.put(v1, "k", h) // read at v1 before the commit: must not panic
	if !c.settled(st.Commits()) {
		t.Fatal("no commit since, yet not settled")
	}
}
