package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// secretKey finds the key that seals TOTP secrets: PORTAL_SECRET_KEY
// (base64 of 32 bytes), else the key file, else, for SQLite, a file beside
// the database made on first start (mode 0600). It never lives in the
// database: a copy of the database files must not open what they hold.
// Replicas sharing a PostgreSQL database need the same key, so PostgreSQL
// takes no default.
func secretKey(db, file string) ([]byte, error) {
	if v := os.Getenv("PORTAL_SECRET_KEY"); v != "" {
		return decodeKey("PORTAL_SECRET_KEY", v)
	}
	if file == "" {
		if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
			return nil, errors.New("a PostgreSQL deployment needs a secret key, the same for every replica: set PORTAL_SECRET_KEY " +
				"to the base64 of 32 random bytes (openssl rand -base64 32) or pass --secret-key-file")
		}
		file = db + ".key"
	}
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return newKeyFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("read the secret key: %w", err)
	}
	return decodeKey(file, string(b))
}

func decodeKey(from, v string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
	if err != nil || len(key) != service.SecretKeySize {
		return nil, fmt.Errorf("%s must hold the base64 of %d random bytes (openssl rand -base64 %d)", from,
			service.SecretKeySize, service.SecretKeySize)
	}
	return key, nil
}

func newKeyFile(file string) ([]byte, error) {
	key := make([]byte, service.SecretKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.WriteFile(file, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("create the secret key file: %w", err)
	}
	return key, nil
}
