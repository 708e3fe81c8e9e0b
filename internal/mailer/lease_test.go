package mailer

import (
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestCrashedWorkersLeaseEndsAndAnotherDelivers: a message claimed by a
// process that died is left alone until the lease ends, then delivered.
func TestCrashedWorkersLeaseEndsAndAnotherDelivers(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	st := queue(
		t,
		domain.OutboxMessage{
			ID:        domain.NewID("msg"),
			To:        "ada@example.com",
			Subject:   "Set up your portal account",
			Body:      "link",
			CreatedAt: time.Now(),
		},
	)
	now := time.Now().UTC()
	if err := st.Write(t.Context(), func(tx *store.Tx) error {
		msgs, err := tx.ClaimOutbox(t.Context(), "crashed-process", now, now.Add(defaultLease), 10)
		if err == nil && len(msgs) != 1 {
			t.Fatalf("claimed %d messages, want 1", len(msgs))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	m := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	m.now = func() time.Time { return now.Add(time.Minute) }
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Messages()); n != 0 {
		t.Fatalf("a message under another process's lease was sent (%d)", n)
	}
	m.now = func() time.Time { return now.Add(defaultLease + time.Second) }
	if err := m.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n, left := len(r.Messages()), unsent(t, st); n != 1 || left != 0 {
		t.Fatalf("after the lease ended: %d sent, %d waiting; want 1 and 0", n, left)
	}
}

// TestBatchStopsWhileTheLeaseStillCovers: a mailer sends only while its lease
// outlasts a send by the margin, and gives back what it did not send.
func TestBatchStopsWhileTheLeaseStillCovers(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	st := queue(
		t,
		domain.OutboxMessage{
			ID:        domain.NewID("msg"),
			To:        "bob@example.com",
			Subject:   "Set up your portal account",
			Body:      "link",
			CreatedAt: time.Now(),
		},
	)
	slow := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	slow.lease = slow.margin - time.Second // too short to send anything safely
	if err := slow.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Messages()); n != 0 {
		t.Fatalf("sent %d messages on a lease shorter than the margin", n)
	}
	other := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	if err := other.DeliverPending(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(r.Messages()); n != 1 {
		t.Fatalf("the claim was not given back: %d sent by another mailer, want 1", n)
	}
}

func stored(t *testing.T, st *store.Store) domain.OutboxMessage {
	t.Helper()
	var msgs []domain.OutboxMessage
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		var err error
		msgs, err = tx.ListOutbox(t.Context(), "", 10)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("%d messages in the outbox, want 1", len(msgs))
	}
	return msgs[0]
}

const secretLink = "http://portal.test/invitations/accept?token=pinv_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I"

func linkMessage() domain.OutboxMessage {
	return domain.OutboxMessage{ID: domain.NewID("msg"), To: "ada@example.com", Subject: "You are invited to Acme",
		Body: "Hello,\n\nAccept it here:\n\n" + secretLink + "\n", CreatedAt: time.Now()}
}

// TestDeliveredMessageKeepsNoLink: the relay gets the link, the outbox keeps
// the message without its secret (and whole in dev mode).
func TestDeliveredMessageKeepsNoLink(t *testing.T) {
	secret := secretLink[strings.Index(secretLink, "pinv_"):]
	for _, dev := range []bool{false, true} {
		r := acctest.StartSMTPRelay(t)
		st := queue(t, linkMessage())
		m := New(st, Config{Addr: r.Addr, From: "portal@msp.example", KeepLinks: dev}, quiet)
		if err := m.DeliverPending(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := r.Messages(); len(got) != 1 || !strings.Contains(got[0].Data, secret) {
			t.Fatalf("the recipient did not get the link: %+v", got)
		}
		body := stored(t, st).Body
		if dev {
			if !strings.Contains(body, secretLink) {
				t.Fatalf("dev mode lost the link the dev outbox shows: %q", body)
			}
			continue
		}
		if strings.Contains(body, secret) || strings.Contains(body, "pinv_") || !strings.Contains(body, "?token=[redacted]") {
			t.Fatalf("the delivered message kept its link: %q", body)
		}
	}
}

// TestGivenUpMessageKeepsNoLink: a message the relay never takes is given up
// after the last attempt, and its link is redacted then.
func TestGivenUpMessageKeepsNoLink(t *testing.T) {
	r := acctest.StartSMTPRelay(t)
	r.FailRcpt(store.MaxOutboxAttempts)
	st := queue(t, linkMessage())
	m := New(st, Config{Addr: r.Addr, From: "portal@msp.example"}, quiet)
	for i := range store.MaxOutboxAttempts {
		if i > 0 && !strings.Contains(stored(t, st).Body, "pinv_") {
			t.Fatalf("the link was redacted after %d attempts, before the message was given up", i)
		}
		if err := m.DeliverPending(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if n := unsent(t, st); n != 0 {
		t.Fatalf("%d messages still waiting after %d failed attempts", n, store.MaxOutboxAttempts)
	}
	if body := stored(t, st).Body; strings.Contains(body, "pinv_") {
		t.Fatalf("the given-up message kept its link: %q", body)
	}
}

// TestLinksDeliveredBeforeTheUpgradeAreRedacted: messages delivered by an
// earlier version, links and all, are redacted when the mailer starts.
func TestLinksDeliveredBeforeTheUpgradeAreRedacted(t *testing.T) {
	msg := linkMessage()
	st := queue(t, msg)
	if err := st.Write(t.Context(), func(tx *store.Tx) error {
		_, err := tx.MarkOutboxSent(t.Context(), msg.ID, time.Now(), msg.Body) // as delivered before
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := New(st, Config{}, quiet).RedactDelivered(t.Context()); err != nil {
		t.Fatal(err)
	}
	if body := stored(t, st).Body; strings.Contains(body, "pinv_") || !strings.Contains(body, "token=[redacted]") {
		t.Fatalf("a link delivered before the upgrade is still stored: %q", body)
	}
}

func TestRedactLinks(t *testing.T) {
	for in, want := range map[string]string{
		"Set up: http://h/account/setup?token=pset_abc-_09\n":   "Set up: http://h/account/setup?token=[redacted]\n",
		"a http://h/x?token=pinv_abc&utm=1 b":                   "a http://h/x?token=[redacted]&utm=1 b",
		"pasted ptk_abcDEF123 in the message":                   "pasted [redacted] in the message",
		"already http://h/x?token=[redacted] redacted":          "already http://h/x?token=[redacted] redacted",
		"no secret here, a token is explained in the next line": "no secret here, a token is explained in the next line",
	} {
		if got := RedactLinks(in); got != want {
			t.Errorf("RedactLinks(%q) = %q, want %q", in, got, want)
		}
	}
}
