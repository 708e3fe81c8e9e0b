package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretKey: a SQLite deployment gets a key file beside its database on
// first start and keeps it; PostgreSQL, whose replicas must share one, is
// told how to give one; a bad key says what is accepted.
func TestSecretKey(t *testing.T) {
	t.Setenv("PORTAL_SECRET_KEY", "")
	db := filepath.Join(t.TempDir(), "portal.db")
	first, err := secretKey(db, "")
	if err != nil || len(first) != 32 {
		t.Fatalf("first start: %v", err)
	}
	if fi, err := os.Stat(db + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	again, err := secretKey(db, "")
	if err != nil || string(again) != string(first) {
		t.Fatalf("second start read another key: %v", err)
	}
	if _, err := secretKey("postgres://u@h/db", ""); err == nil || !strings.Contains(err.Error(), "PORTAL_SECRET_KEY") {
		t.Fatalf("PostgreSQL without a key: %v", err)
	}
	t.Setenv("PORTAL_SECRET_KEY", "dG9vIHNob3J0")
	if _, err := secretKey(db, ""); err == nil || !strings.Contains(err.Error(), "32 random bytes") {
		t.Fatalf("a short key: %v", err)
	}
}
