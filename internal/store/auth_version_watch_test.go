package store

import (
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// TestAuthVersionOfANewConnectionNeverMatchesTheOld: data_version numbers
// of two connections cannot be compared (each starts its own count), so
// when the watching connection is lost, no AuthVersion reported after it may
// equal one reported before, even with equal numbers.
func TestAuthVersionOfANewConnectionNeverMatchesTheOld(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "watch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	before, ok, err := s.AuthVersion(t.Context())
	if err != nil || !ok {
		t.Fatalf("data version: %v, %v", ok, err)
	}
	_ = s.version.c.Close() // the connection is lost
	if _, ok, err := s.AuthVersion(t.Context()); err == nil || ok {
		t.Fatalf("a read on the lost connection answered (%v, %v)", ok, err)
	}
	after, ok, err := s.AuthVersion(t.Context())
	if err != nil || !ok {
		t.Fatalf("data version on a new connection: %v, %v", ok, err)
	}
	if after == before {
		t.Fatalf("a new connection's version %+v equals the old one's", after)
	}
}

// TestChangesAuth: which write statements may change what authentication
// reads. What it cannot read counts as a change.
func TestChangesAuth(t *testing.T) {
	for _, c := range []struct {
		query string
		want  bool
	}{
		{userTable.insert, false},
		{serviceAccountTable.insert, false},
		{"UPDATE users SET version = ?, updated_at = ?, first_name = ? WHERE id = ? AND version = ? AND " + isPerson, false},
		{"UPDATE users SET failed_sign_ins = ?, last_login_at = ? WHERE id = ?", false},
		{"UPDATE users SET locked = ?, failed_sign_ins = ? WHERE id = ?", true}, // a lock ends sessions
		{"UPDATE users SET password_change_required = ? WHERE id = ?", true},
		{"UPDATE users SET version = ?, enabled = ? WHERE id = ? AND version = ?", true},
		{"UPDATE users SET organization_id = ? WHERE id = ?", true},
		{"UPDATE users SET kind = ? WHERE id = ?", true},
		{userTable.update, true},
		{"UPDATE users SET name = COALESCE(?, name) WHERE id = ?", true},
		{"UPDATE users SET first_name = ?", true},
		{"DELETE FROM users WHERE id = ?", true},
		{"INSERT INTO api_tokens (id) VALUES (?)", true},
		{"UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2", true},
		{"UPDATE organizations SET enabled = ? WHERE id = ?", true},
		{"INSERT INTO organization_closure (ancestor_id, descendant_id, depth) VALUES (?, ?, ?)", true},
		{"INSERT INTO audit_events (id) VALUES (?)", false},
		{"UPDATE invitations SET user_id = ? WHERE id = ?", false},
	} {
		if got := changesAuth(c.query); got != c.want {
			t.Errorf("changesAuth(%q) = %v, want %v", c.query, got, c.want)
		}
		// What a transaction accounts is the same answer, remembered.
		for range 2 {
			if got := effectsOf(c.query); got.auth != c.want || got.access != accessTables.MatchString(c.query) {
				t.Errorf("effectsOf(%q) = %+v, want auth %v and access %v", c.query, got, c.want, accessTables.MatchString(c.query))
			}
		}
	}
}

// TestAReplacedWriterConnectionIsNotTakenForTheOld: the pool may replace the
// writer's connection, whose data_version starts over and cannot see
// commits made before it opened; another connection's commit in between
// must still change the AuthVersion when the next own commit follows.
func TestAReplacedWriterConnectionIsNotTakenForTheOld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "writer.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	ctx := t.Context()
	now := time.Now().UTC()
	audit := func(id string) {
		t.Helper()
		if err := s.Write(ctx, func(tx *Tx) error {
			return tx.InsertAudit(ctx, domain.AuditEvent{ID: id, At: now, Action: "x", ObjectType: "user", ObjectID: "u"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	audit("a1")
	before, _, err := s.AuthVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.writer.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Raw(func(any) error { return driver.ErrBadConn }) // the pool drops it
	_ = c.Close()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Close() }()
	if _, err := other.ExecContext(ctx, "INSERT INTO audit_events (id, at, action, object_type, object_id) VALUES ('o1', "+
		"'2026-01-01T00:00:00.000000000Z', 'x', 'user', 'u')"); err != nil {
		t.Fatal(err)
	}
	audit("a2")
	after, _, err := s.AuthVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Fatalf("another connection committed while the writer's connection was replaced, yet the version stayed %+v", after)
	}
}

// TestIsWrite: query tells writes with RETURNING from reads by the first word.
func TestIsWrite(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT id FROM users":                          false,
		"WITH x AS (SELECT 1) SELECT * FROM x":          false,
		"UPDATE outbox SET claimed_by = ? RETURNING id": true,
		"\n\t insert INTO t (a) VALUES (?) RETURNING a": true,
		"DELETE FROM t WHERE id = ? RETURNING id":       true,
		"REPLACE INTO t (a) VALUES (?)":                 true,
		"UPDATED":                                       false,
		"UPDAT":                                         false,
	} {
		if got := isWrite(q); got != want {
			t.Errorf("isWrite(%q) = %v, want %v", q, got, want)
		}
	}
}
