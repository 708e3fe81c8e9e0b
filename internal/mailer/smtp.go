package mailer

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

func (m *Mailer) send(ctx context.Context, msg domain.OutboxMessage) error {
	if m.cfg.Addr == "" {
		m.log.Info("e-mail delivered to the log (no SMTP relay configured)",
			slog.String("message_id", msg.ID), slog.String("to", msg.To), slog.String("subject", msg.Subject))
		return nil
	}
	for _, s := range []string{msg.To, msg.Subject, m.cfg.From} {
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("refusing header with a line break")
		}
	}
	return m.sendSMTP(ctx, msg)
}

// sendSMTP does what smtp.SendMail does (STARTTLS when offered, PLAIN
// authentication when configured), within sendTimeout: a relay that stops
// answering must not hold the message past its lease.
func (m *Mailer) sendSMTP(ctx context.Context, msg domain.OutboxMessage) error {
	deadline := time.Now().Add(m.sendTimeout)
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(dctx, "tcp", m.cfg.Addr)
	if err != nil {
		return err
	}
	if err := conn.SetDeadline(deadline); err != nil {
		_ = conn.Close()
		return err
	}
	host, _, err := net.SplitHostPort(m.cfg.Addr)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("SMTP relay address %q: %w", m.cfg.Addr, err)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close()
		return err
	}
	defer func() { _ = c.Close() }()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if m.cfg.User != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New(
				"the SMTP relay does not offer authentication (AUTH) but a user is configured; check the relay address or drop the credentials",
			)
		}
		if err := c.Auth(smtp.PlainAuth("", m.cfg.User, m.cfg.Pass, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(m.cfg.From); err != nil {
		return err
	}
	if err := c.Rcpt(msg.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(m.compose(msg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
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
