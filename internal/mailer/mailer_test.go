package mailer

import (
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// relay is a minimal SMTP server on loopback that records what it is sent.
type relay struct {
	addr string
	mu   sync.Mutex
	got  []relayed
	auth []string
	// failRcpt answers this many RCPT commands with a temporary failure.
	failRcpt int
}

type relayed struct {
	from string
	to   []string
	data string
}

func startRelay(t *testing.T) *relay {
	t.Helper()
	ln, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &relay{addr: ln.Addr().String()}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.session(c)
		}
	}()
	return r
}

func (r *relay) session(c net.Conn) {
	defer func() { _ = c.Close() }()
	tp := textproto.NewConn(c)
	reply := func(line string) { _ = tp.PrintfLine("%s", line) }
	reply("220 relay.test ESMTP")
	var cur relayed
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			reply("250-relay.test")
			reply("250 AUTH PLAIN")
		case strings.HasPrefix(cmd, "AUTH PLAIN "):
			cred, _ := base64.StdEncoding.DecodeString(line[len("AUTH PLAIN "):])
			r.mu.Lock()
			r.auth = append(r.auth, string(cred))
			r.mu.Unlock()
			reply("235 accepted")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = relayed{from: strings.Trim(line[len("MAIL FROM:"):], "<> ")}
			reply("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			r.mu.Lock()
			fail := r.failRcpt > 0
			if fail {
				r.failRcpt--
			}
			r.mu.Unlock()
			if fail {
				reply("451 try again later")
				continue
			}
			cur.to = append(cur.to, strings.Trim(line[len("RCPT TO:"):], "<> "))
			reply("250 ok")
		case cmd == "DATA":
			reply("354 go ahead")
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			cur.data = string(data)
			r.mu.Lock()
			r.got = append(r.got, cur)
			r.mu.Unlock()
			reply("250 queued")
		case cmd == "RSET", cmd == "NOOP":
			reply("250 ok")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

func (r *relay) messages() []relayed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]relayed(nil), r.got...)
}

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
	r := startRelay(t)
	msg := domain.OutboxMessage{ID: domain.NewID("msg"), To: "ada@example.com", Subject: "You are invited to Müller & Söhne GmbH",
		Body: "Hello,\n\n.this line starts with a dot\nAccept: http://portal.test/invitations/accept?token=pinv_x\n", CreatedAt: time.Now()}
	st := queue(t, msg)
	m := New(st, Config{Addr: r.addr, From: "portal@msp.example", User: "relay-user", Pass: "relay-pass"}, quiet)
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := r.messages()
	if len(got) != 1 || got[0].from != "portal@msp.example" || len(got[0].to) != 1 || got[0].to[0] != "ada@example.com" {
		t.Fatalf("relayed %+v", got)
	}
	r.mu.Lock()
	auth := append([]string(nil), r.auth...)
	r.mu.Unlock()
	if len(auth) != 1 || auth[0] != "\x00relay-user\x00relay-pass" {
		t.Fatalf("authentication %q", auth)
	}
	parsed, err := mail.ReadMessage(strings.NewReader(got[0].data))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, got[0].data)
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
	r := startRelay(t)
	r.mu.Lock()
	r.failRcpt = 1
	r.mu.Unlock()
	st := queue(
		t,
		domain.OutboxMessage{ID: domain.NewID("msg"), To: "bob@example.com", Subject: "Set up your account", Body: "link", CreatedAt: time.Now()},
	)
	m := New(st, Config{Addr: r.addr, From: "portal@msp.example"}, quiet)
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(r.messages()) != 0 || unsent(t, st) != 1 {
		t.Fatalf("after a 451: %d relayed, %d waiting; want 0 and 1", len(r.messages()), unsent(t, st))
	}
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(r.messages()) != 1 || unsent(t, st) != 0 {
		t.Fatalf("after the retry: %d relayed, %d waiting; want 1 and 0", len(r.messages()), unsent(t, st))
	}
}

func TestHeaderInjectionIsRefused(t *testing.T) {
	r := startRelay(t)
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
	m := New(st, Config{Addr: r.addr, From: "portal@msp.example"}, quiet)
	if err := m.DeliverPending(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(r.messages()) != 0 {
		t.Fatalf("a subject with a line break was sent: %+v", r.messages())
	}
}
