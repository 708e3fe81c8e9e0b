package mailer

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// queue opens a store holding one outbox message: a SQLite file, or a
// PostgreSQL database when PORTAL_TEST_STORE=postgres.
func queue(t *testing.T, msg domain.OutboxMessage) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "mail.db")
	if os.Getenv(acctest.EnvStore) == "postgres" {
		dsn = acctest.Postgres(t)
	}
	st, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.InsertOutbox(t.Context(), msg) }); err != nil {
		t.Fatal(err)
	}
	return st
}

func unsent(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		msgs, err := tx.UnsentOutbox(t.Context(), 100)
		n = len(msgs)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestDeliversBySMTP(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	msg := domain.OutboxMessage{ID: domain.NewID("msg"), To: "ada@example.com", Subject: "You are invited to Müller & Söhne GmbH",
		Body: "Hello,\n\n.this line starts with a dot\nAccept: http://portal.test/invitations/accept?token=pinv_x\n", CreatedAt: time.Now()}
	st := queue(t, msg)
	m := New(st, Config{Addr: r.Addr, From: "portal@msp.example", User: "relay-user", Pass: "relay-pass"}, quiet)
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := r.Messages()
	if len(got) != 1 || got[0].From != "portal@msp.example" || len(got[0].To) != 1 || got[0].To[0] != "ada@example.com" {
		t.Fatalf("relayed %+v", got)
	}
	auth := r.Auth()
	if len(auth) != 1 || auth[0] != "\x00relay-user\x00relay-pass" {
		t.Fatalf("authentication %q", auth)
	}
	parsed, err := mail.ReadMessage(strings.NewReader(got[0].Data))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, got[0].Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
	if err != nil || subject != msg.Subject {
		t.Fatalf("subject %q (%v), want %q", subject, err, msg.Subject)
	}
	if _, err := parsed.Header.Date(); err != nil {
		t.Fatalf("Date header: %v", err)
	}
	if id := parsed.Header.Get("Message-ID"); id != "<"+msg.ID+"@msp.example>" {
		t.Fatalf("Message-ID %q", id)
	}
	body, _ := io.ReadAll(parsed.Body)
	if strings.ReplaceAll(string(body), "\r\n", "\n") != msg.Body {
		t.Fatalf("body %q, want %q", body, msg.Body)
	}
	if n := unsent(t, st); n != 0 {
		t.Fatalf("%d messages still waiting after delivery", n)
	}
}

func TestTemporaryFailureIsRetriedAndDeliveredOnce(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	r.FailRcpt(1)
	st := queue(
		t,
		domain.OutboxMessage{ID: domain.NewID("msg"), To: "bob@example.com", Subject: "Set up your account", Body: "link", CreatedAt: time.Now()},
	)
	m := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(r.Messages()) != 0 || unsent(t, st) != 1 {
		t.Fatalf("after a 451: %d relayed, %d waiting; want 0 and 1", len(r.Messages()), unsent(t, st))
	}
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(r.Messages()) != 1 || unsent(t, st) != 0 {
		t.Fatalf("after the retry: %d relayed, %d waiting; want 1 and 0", len(r.Messages()), unsent(t, st))
	}
}

func TestHeaderInjectionIsRefused(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	st := queue(
		t,
		domain.OutboxMessage{
			ID:        domain.NewID("msg"),
			To:        "eve@example.com",
			Subject:   "hi\r\nBcc: victim@example.com",
			Body:      "x",
			CreatedAt: time.Now(),
		},
	)
	m := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	if err := m.DeliverPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(r.Messages()) != 0 {
		t.Fatalf("a subject with a line break was sent: %+v", r.Messages())
	}
}
