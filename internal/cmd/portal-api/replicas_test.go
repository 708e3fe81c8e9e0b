package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// deliveryCounts are the distinct messages (by Message-ID) a relay took,
// and how many deliveries it took in all.
func deliveryCounts(r *acctest.Relay) (messages, deliveries int) {
	ids := map[string]bool{}
	got := r.Messages()
	for _, m := range got {
		if msg, err := mail.ReadMessage(strings.NewReader(m.Data)); err == nil {
			ids[msg.Header.Get("Message-ID")] = true
		}
	}
	return len(ids), len(got)
}

// TestTwoProcessesOnOneDatabase starts two API processes at once on one
// fresh database: both start (migrations race), and every invitation sent
// through either is delivered exactly once, its link then gone from the outbox.
func TestTwoProcessesOnOneDatabase(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testTwoProcesses(t, filepath.Join(t.TempDir(), "p.db")) })
	t.Run("postgres", func(t *testing.T) { testTwoProcesses(t, acctest.Postgres(t)) })
}

func testTwoProcesses(t *testing.T, db string) {
	const invitations = 40
	token := "ptk_two-processes-test-token-0123456789abcdef"
	t.Setenv("PORTAL_BOOTSTRAP_TOKEN", token)
	t.Setenv("PORTAL_SECRET_KEY", "2lcPFccpDK/YTfF70ru3/6d6Av+BsNfgMohQ1J0Gito=")
	relay := acctest.StartSMTPRelay(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Both processes start at the same moment, as replicas deployed together do.
	bases, addrFiles := make([]string, 2), make([]string, 2)
	done := make(chan error, len(bases))
	for i := range bases {
		addrFiles[i] = filepath.Join(t.TempDir(), "addr")
		go func() {
			done <- run(
				ctx,
				[]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--smtp-addr", relay.Addr, "--addr-file", addrFiles[i]},
				io.Discard,
				io.Discard,
			)
		}()
	}
	for i := range bases {
		for range 400 {
			if b, err := os.ReadFile(addrFiles[i]); err == nil && len(b) > 0 {
				bases[i] = "http://" + string(b)
				break
			}
			select {
			case err := <-done:
				t.Fatalf("a process did not start: %v", err)
			case <-time.After(50 * time.Millisecond):
			}
		}
		if bases[i] == "" {
			t.Fatalf("process %d did not start", i+1)
		}
	}
	call := func(base, method, path, body string) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}
	_, me := call(bases[0], "GET", "/v1/me", "")
	org := me[strings.Index(me, `"organization_id":"`)+len(`"organization_id":"`):]
	org = org[:strings.Index(org, `"`)]
	for i := range invitations {
		body := fmt.Sprintf(`{"email":"p%02d@example.com","organization_id":%q,"role_ids":["viewer"]}`, i, org)
		if status, answer := call(bases[i%2], "POST", "/v1/invitations", body); status != http.StatusCreated {
			t.Fatalf("invite through process %d: %d %s", i%2+1, status, answer)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for n, _ := deliveryCounts(relay); n < invitations && time.Now().Before(deadline); n, _ = deliveryCounts(relay) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // a duplicate would come within a polling round
	cancel()
	for range bases {
		if err := <-done; err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	}
	messages, deliveries := deliveryCounts(relay)
	t.Logf("%d invitations through two processes: %d messages relayed, %d deliveries", invitations, messages, deliveries)
	if messages != invitations || deliveries != invitations {
		t.Fatalf("want each of %d invitations delivered once: %d distinct messages, %d deliveries", invitations, messages, deliveries)
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		msgs, err := tx.ListOutbox(t.Context(), "", 500)
		for _, m := range msgs {
			if strings.Contains(m.Body, "pinv_") {
				t.Errorf("delivered message %s keeps its link: %q", m.ID, m.Body)
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}
