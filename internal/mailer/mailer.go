// Package mailer owns e-mail delivery: it drains the outbox table, sending
// each message by SMTP when configured and otherwise recording it in the log
// (recipient and subject only, since bodies carry single-use links).
package mailer

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// Config names the SMTP relay; an empty Addr delivers to the log.
type Config struct {
	Addr string // host:port
	From string
	User string
	Pass string
}

// Mailer delivers queued messages.
type Mailer struct {
	store *store.Store
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
}

// New returns a mailer over st.
func New(st *store.Store, cfg Config, log *slog.Logger) *Mailer {
	return &Mailer{store: st, cfg: cfg, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// Run delivers until ctx ends, polling every interval.
func (m *Mailer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := m.DeliverPending(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("outbox delivery failed", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverPending sends what is waiting, recording each attempt.
func (m *Mailer) DeliverPending(ctx context.Context) error {
	var msgs []domain.OutboxMessage
	if err := m.store.Read(ctx, func(tx *store.Tx) error {
		var err error
		msgs, err = tx.UnsentOutbox(ctx, 100)
		return err
	}); err != nil {
		return err
	}
	for _, msg := range msgs {
		var sent *time.Time
		if err := m.send(msg); err != nil {
			m.log.Warn("e-mail delivery failed", slog.String("message_id", msg.ID), slog.String("error", err.Error()))
		} else {
			now := m.now()
			sent = &now
		}
		if err := m.store.Write(ctx, func(tx *store.Tx) error { return tx.MarkOutbox(ctx, msg.ID, sent) }); err != nil {
			return err
		}
	}
	return nil
}

func (m *Mailer) send(msg domain.OutboxMessage) error {
	if m.cfg.Addr == "" {
		m.log.Info("e-mail delivered to the log (no SMTP relay configured)",
			slog.String("message_id", msg.ID), slog.String("to", msg.To), slog.String("subject", msg.Subject))
		return nil
	}
	for _, s := range []string{msg.To, msg.Subject, m.cfg.From} {
		if strings.ContainsAny(s, "\r\n") {
			return fmt.Errorf("refusing header with a line break")
		}
	}
	var auth smtp.Auth
	if m.cfg.User != "" {
		host, _, _ := strings.Cut(m.cfg.Addr, ":")
		auth = smtp.PlainAuth("", m.cfg.User, m.cfg.Pass, host)
	}
	return smtp.SendMail(m.cfg.Addr, auth, m.cfg.From, []string{msg.To}, m.compose(msg))
}

// compose renders msg as an RFC 5322 message: the headers relays expect
// (Date, Message-ID), a subject encoded per RFC 2047 when it is not ASCII
// (organization names often are not), and a UTF-8 body with CRLF lines.
func (m *Mailer) compose(msg domain.OutboxMessage) []byte {
	_, domainPart, ok := strings.Cut(m.cfg.From, "@")
	if !ok || domainPart == "" {
		domainPart = "localhost"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", m.cfg.From)
	fmt.Fprintf(&b, "To: %s\r\n", msg.To)
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", msg.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", m.now().Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s@%s>\r\n", msg.ID, domainPart)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(strings.ReplaceAll(msg.Body, "\r\n", "\n"), "\n", "\r\n"))
	return []byte(b.String())
}
