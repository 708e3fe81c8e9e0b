package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestMain stops the PostgreSQL cluster the tests may have started.
func TestMain(m *testing.M) { acctest.Main(m) }

func TestServeFirstStartPrintsTokenOnceAndLogsNoSecrets(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testFirstStart(t, filepath.Join(t.TempDir(), "p.db")) })
	t.Run("postgres", func(t *testing.T) { testFirstStart(t, acctest.Postgres(t)) })
}

func testFirstStart(t *testing.T, db string) {
	srv := serve(t, db, "--dev", "--log-level", "debug")
	token, call := srv.token, srv.call
	me := call("GET", "/v1/me", "")
	call(
		"POST",
		"/v1/invitations",
		`{"email":"someone@example.com","organization_id":"`+me["organization_id"].(string)+`","role_ids":["viewer"]}`,
	)
	outbox := call("GET", "/v1/dev/outbox", "")
	body := outbox["items"].([]any)[0].(map[string]any)["body"].(string)
	link := acctest.TokenInLink(body)
	time.Sleep(1500 * time.Millisecond) // let the mailer deliver to the log

	srv.shutdown()
	logs := srv.stderr.String()
	if strings.Contains(logs, token) || strings.Contains(logs, link) {
		t.Fatalf("a secret reached the log:\n%s", logs)
	}
	if !strings.Contains(logs, "e-mail delivered to the log") || !strings.Contains(logs, "shutting down") {
		t.Fatalf("expected delivery and shutdown in the log:\n%s", logs)
	}
	if !strings.Contains(logs, `"level":"WARN","msg":"dev mode is on`) {
		t.Fatalf("no warning that dev mode is on:\n%s", logs)
	}

	// A second start on the same database creates nothing and prints no
	// token; out of dev mode it warns of nothing, and the links dev mode
	// kept in the outbox are redacted.
	var stdout, stderr syncBuffer
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
	defer cancel2()
	again := []string{"serve", "--addr", "127.0.0.1:0", "--db", db}
	if strings.HasPrefix(db, "postgres") {
		again = append(again, "--secret-key-file", filepath.Join(t.TempDir(), "secret.key"))
	}
	if err := run(ctx2, again, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if stdout.String() != "" {
		t.Fatalf("second start printed %q", stdout.String())
	}
	if strings.Contains(stderr.String(), "dev mode") {
		t.Fatalf("warned of dev mode without --dev:\n%s", stderr.String())
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		msgs, err := tx.ListOutbox(t.Context(), "", 10)
		if err == nil && (len(msgs) != 1 || strings.Contains(msgs[0].Body, link) || !strings.Contains(msgs[0].Body, "token=[redacted]")) {
			t.Errorf("out of dev mode the outbox still keeps the link: %+v", msgs)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestServeRejectsNegativeRateLimit: a negative rate or burst is a mistake,
// not a way to turn the limit off (that is --rate-limit 0).
func TestServeRejectsNegativeRateLimit(t *testing.T) {
	for _, flags := range [][]string{{"--rate-limit", "-1"}, {"--rate-burst", "-5"}} {
		var stderr syncBuffer
		err := run(context.Background(), append([]string{"serve", "--db", filepath.Join(t.TempDir(), "p.db")}, flags...), io.Discard, &stderr)
		if err == nil || !strings.Contains(err.Error(), "--rate-limit 0") {
			t.Fatalf("%v: %v", flags, err)
		}
	}
}
