package main

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestNoLiveLinkInTheDatabaseFiles: out of dev mode, once a message with a
// link is delivered by SMTP, a copy of the database file and its
// write-ahead log holds no working link secret: not while the server runs,
// and not after a clean shutdown. The links still work.
func TestNoLiveLinkInTheDatabaseFiles(t *testing.T) {
	relay := acctest.StartSMTPRelay(t)
	db := filepath.Join(t.TempDir(), "portal.db")
	srv := serve(t, db, "--smtp-addr", relay.Addr)
	root := srv.call("GET", "/v1/me", "")["organization_id"].(string)
	srv.call("POST", "/v1/users", `{"email":"setup@example.com","first_name":"S","last_name":"U","organization_id":"`+root+`"}`)
	for _, addr := range []string{"one@example.com", "two@example.com", "three@example.com"} {
		srv.call("POST", "/v1/invitations", `{"email":"`+addr+`","organization_id":"`+root+`","role_ids":["viewer"]}`)
	}
	var secrets []string
	for deadline := time.Now().Add(10 * time.Second); len(secrets) < 4 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		secrets = secrets[:0]
		for _, m := range relay.Messages() {
			secrets = append(secrets, acctest.TokenInLink(strings.ReplaceAll(m.Data, "=\r\n", "")))
		}
	}
	if len(secrets) < 4 {
		t.Fatalf("the relay got %d messages", len(secrets))
	}
	found := func() []string {
		var in []string
		for _, f := range []string{db, db + "-wal", db + "-shm"} {
			raw, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, s := range secrets {
				if bytes.Contains(raw, []byte(s)) {
					in = append(in, filepath.Base(f)+": "+s[:8]+"…")
				}
			}
		}
		return in
	}
	var left []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if left = found(); len(left) == 0 {
			break
		}
	}
	if len(left) > 0 {
		t.Errorf("delivered link secrets in the database files while serving: %v", left)
	}
	for _, s := range secrets {
		path := "/invitations/accept?token="
		if strings.HasPrefix(s, "pset_") {
			path = "/account/setup?token="
		}
		resp, err := http.Get(srv.base + path + s)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("a delivered link no longer works: %v %v", resp, err)
		}
		if resp != nil {
			_ = resp.Body.Close()
		}
	}
	srv.shutdown()
	if left := found(); len(left) > 0 {
		t.Errorf("delivered link secrets in the database files after shutdown: %v", left)
	}
}
