package store

import (
	"path/filepath"
	"testing"
)

// TestDataVersionOfANewConnectionNeverMatchesTheOld: data_version numbers
// of two connections cannot be compared (each starts its own count), so
// when the watching connection is lost, no Version reported after it may
// equal one reported before, even with equal numbers.
func TestDataVersionOfANewConnectionNeverMatchesTheOld(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "watch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	before, ok, err := s.DataVersion(t.Context())
	if err != nil || !ok {
		t.Fatalf("data version: %v, %v", ok, err)
	}
	_ = s.version.c.Close() // the connection is lost
	if _, ok, err := s.DataVersion(t.Context()); err == nil || ok {
		t.Fatalf("a read on the lost connection answered (%v, %v)", ok, err)
	}
	after, ok, err := s.DataVersion(t.Context())
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
		{"UPDATE users SET locked = ?, failed_sign_ins = ? WHERE id = ?", false},
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
	}
}
