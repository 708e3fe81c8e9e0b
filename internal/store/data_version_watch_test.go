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
