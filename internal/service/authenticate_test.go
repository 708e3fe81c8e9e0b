package service

import (
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestAuthenticationFromCacheSeesOtherProcesses: once a token is answered
// from the cache, a change committed by another connection (another API
// process on the same SQLite file) ends it on the very next request, and
// expiry is checked against the clock on every use.
func TestAuthenticationFromCacheSeesOtherProcesses(t *testing.T) {
	const secret = "ptk_authenticate-test-0123456789abcdef0123456789"
	for _, c := range []struct {
		name   string
		change func(t *testing.T, s *Service, other *sql.DB, caller Caller)
	}{
		{"token revoked by another process", func(t *testing.T, _ *Service, other *sql.DB, caller Caller) {
			exec(t, other, "DELETE FROM api_tokens WHERE id = ?", caller.TokenID)
		}},
		{"account disabled by another process", func(t *testing.T, _ *Service, other *sql.DB, caller Caller) {
			exec(t, other, "UPDATE users SET enabled = 0 WHERE id = ?", caller.UserID)
		}},
		{"organization cut off by another process", func(t *testing.T, _ *Service, other *sql.DB, caller Caller) {
			exec(t, other, "UPDATE organizations SET enabled = 0 WHERE id = (SELECT organization_id FROM users WHERE id = ?)", caller.UserID)
		}},
		{"token expired", func(t *testing.T, s *Service, other *sql.DB, caller Caller) {
			exec(t, other, "UPDATE api_tokens SET expires_at = ? WHERE id = "+
				"?", s.Clock.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000000000Z"), caller.TokenID)
			if _, err := s.Authenticate(t.Context(), secret); err != nil { // read afresh, and remembered
				t.Fatal(err)
			}
			if _, err := s.Authenticate(t.Context(), secret); err != nil {
				t.Fatal(err)
			}
			s.Clock.Advance(2 * time.Hour)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "portal.db")
			st, err := store.Open(t.Context(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = st.Close() }()
			s := New(st, "http://localhost", slog.New(slog.NewTextHandler(io.Discard, nil)))
			if _, err := s.Bootstrap(t.Context(), BootstrapConfig{RootName: "Root", AdminEmail: "admin@example.com", Token: secret}); err != nil {
				t.Fatal(err)
			}
			other, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = other.Close() }()
			caller, err := s.Authenticate(t.Context(), secret)
			if err != nil {
				t.Fatal(err)
			}
			s.Drain() // the first use is recorded: a commit of this process
			for range 2 {
				if _, err := s.Authenticate(t.Context(), secret); err != nil {
					t.Fatal(err)
				}
			}
			if _, ok := s.auth.holders[domain.HashSecret(secret)]; !ok {
				t.Fatal("the token is not in the cache: the test would show nothing")
			}
			c.change(t, s, other, caller)
			if _, err := s.Authenticate(t.Context(), secret); !errors.Is(err, ErrUnauthenticated) {
				t.Fatalf("after the change: %v, want ErrUnauthenticated", err)
			}
		})
	}
}

func exec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(t.Context(), query, args...); err != nil {
		t.Fatal(err)
	}
}
