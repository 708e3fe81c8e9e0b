package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestTokenPrefixShowsNoSecret: a token's stored prefix is the type prefix
// whatever the caller passes, and migration 3 rewrites prefixes stored
// before, which held the secret's first characters.
func TestTokenPrefixShowsNoSecret(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	secret, hash := domain.NewSecret(domain.APITokenPrefix)
	err = st.Write(t.Context(), func(tx *store.Tx) error {
		now := time.Now()
		org := domain.Organization{
			Meta:    domain.Meta{ID: domain.NewID("org"), Version: 1, CreatedAt: now, UpdatedAt: now},
			Name:    "Root",
			Kind:    domain.KindPartner,
			Enabled: true,
		}
		if err := tx.InsertOrg(t.Context(), org); err != nil {
			return err
		}
		u := domain.User{
			User: wire.User{
				Meta:           domain.Meta{ID: "usr_1", Version: 1, CreatedAt: now, UpdatedAt: now},
				Email:          "a@example.com",
				FirstName:      "A",
				LastName:       "B",
				OrganizationID: org.ID,
				Enabled:        true,
			},
		}
		if err := tx.InsertUser(t.Context(), u); err != nil {
			return err
		}
		return tx.InsertToken(
			t.Context(),
			domain.APIToken{APIToken: wire.APIToken{ID: "tok_1", UserID: u.ID, Name: "bootstrap", Prefix: secret[:8], CreatedAt: now}, Hash: hash},
		)
	})
	_ = st.Close()
	if err != nil {
		t.Fatal(err)
	}
	prefix := func() string {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = db.Close() }()
		var p string
		if err := db.QueryRowContext(t.Context(), "SELECT prefix FROM api_tokens WHERE id = 'tok_1'").Scan(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if p := prefix(); p != domain.APITokenPrefix {
		t.Fatalf("stored prefix %q, want %q", p, domain.APITokenPrefix)
	}

	// A database from before migration 3 held the secret's first characters:
	// the migration's statement rewrites them.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	raw, err := os.ReadFile("migrations/00003_token_prefix.sql")
	if err != nil {
		t.Fatal(err)
	}
	up, _, _ := strings.Cut(strings.SplitN(string(raw), "-- +goose Up", 2)[1], "-- +goose Down")
	for _, q := range []string{"UPDATE api_tokens SET prefix = '" + secret[:8] + "'", up} {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	if p := prefix(); p != domain.APITokenPrefix {
		t.Fatalf("after migrating, stored prefix %q, want %q", p, domain.APITokenPrefix)
	}
}
