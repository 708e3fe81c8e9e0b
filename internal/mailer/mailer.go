// Package mailer owns e-mail delivery: it drains the outbox table, sending
// each message by SMTP when configured and otherwise recording it in the log
// (recipient and subject only, since bodies carry single-use links).
//
// Several API processes may share one database, each running a mailer. A
// mailer claims a batch of messages in a write transaction before sending
// them (a lease, see store.ClaimOutbox), so that each message is sent by one
// process only; a process that dies mid-batch leaves leases that end, and
// another process sends those messages.
package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
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
	// KeepLinks keeps a delivered message's body whole, links included, so
	// that the dev outbox (GET /v1/dev/outbox, --dev only) can show them to
	// tests. Otherwise a message's links are redacted as soon as it is
	// delivered or given up: the outbox keeps a link only while it must.
	KeepLinks bool
}

// Timing of a delivery round. A message is sent only while its lease will
// outlast the send by a margin (see DeliverPending), so the lease must be
// several send timeouts long. Leases compare the clocks of the processes
// sharing the database, which must agree to well within leaseMargin.
const (
	defaultLease       = 5 * time.Minute
	defaultSendTimeout = time.Minute
	leaseMargin        = 2 * defaultSendTimeout
	defaultBatch       = 25
	recordTimeout      = 30 * time.Second
)

// Mailer delivers queued messages.
type Mailer struct {
	store *store.Store
	cfg   Config
	log   *slog.Logger
	now   func() time.Time

	worker      string // names this mailer's claims
	lease       time.Duration
	sendTimeout time.Duration
	margin      time.Duration
	batch       int
	// scrub: links were redacted since the write-ahead log was last
	// emptied (Run's goroutine only).
	scrub bool
}

// New returns a mailer over st.
func New(st *store.Store, cfg Config, log *slog.Logger) *Mailer {
	host, _ := os.Hostname()
	return &Mailer{store: st, cfg: cfg, log: log, now: func() time.Time { return time.Now().UTC() },
		worker: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), domain.NewID("mailer")),
		lease:  defaultLease, sendTimeout: defaultSendTimeout, margin: leaseMargin, batch: defaultBatch}
}

// Run delivers until ctx ends, polling every interval. It returns once the
// message in flight, if any, is sent and recorded.
func (m *Mailer) Run(ctx context.Context, interval time.Duration) {
	if !m.cfg.KeepLinks {
		if err := m.RedactDelivered(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("redacting the links of delivered e-mails failed; they are retried at the next start", slog.String("error", err.Error()))
		}
		m.scrub = true
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := m.DeliverPending(ctx); err != nil && ctx.Err() == nil {
			m.log.Warn("outbox delivery failed", slog.String("error", err.Error()))
		}
		m.scrubLog(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// DeliverPending claims a batch of waiting messages, sends them, and records
// each outcome.
func (m *Mailer) DeliverPending(ctx context.Context) error {
	now := m.now()
	until := now.Add(m.lease)
	var waiting bool
	if err := m.store.Read(ctx, func(tx *store.Tx) error {
		var err error
		waiting, err = tx.OutboxClaimable(ctx, now)
		return err
	}); err != nil || !waiting {
		return err
	}
	var msgs []domain.OutboxMessage
	if err := m.store.Write(ctx, func(tx *store.Tx) error {
		var err error
		msgs, err = tx.ClaimOutbox(ctx, m.worker, now, until, m.batch)
		return err
	}); err != nil {
		return fmt.Errorf("claim outbox messages: %w", err)
	}
	// Outcomes are recorded even when ctx ends meanwhile (shutdown): a
	// message sent but not recorded would be sent again once its lease ends.
	record := context.WithoutCancel(ctx)
	done := 0
	for _, msg := range msgs {
		// Past the lease another process may claim the message, so send
		// only while the lease outlasts the longest send by a margin.
		if ctx.Err() != nil || m.now().Add(m.margin).After(until) {
			break
		}
		if err := m.deliver(ctx, record, msg); err != nil {
			return err // the claims left lapse with the lease
		}
		done++
		m.scrub = !m.cfg.KeepLinks
	}
	if done < len(msgs) {
		rctx, cancel := context.WithTimeout(record, recordTimeout)
		defer cancel()
		if err := m.store.Write(rctx, func(tx *store.Tx) error { return tx.ReleaseOutbox(rctx, m.worker) }); err != nil {
			return fmt.Errorf("release outbox claims (they lapse with their lease): %w", err)
		}
	}
	return nil
}

// deliver sends one claimed message and records the outcome, within
// recordTimeout of the send even if ctx has ended.
func (m *Mailer) deliver(ctx, record context.Context, msg domain.OutboxMessage) error {
	kept := msg.Body
	if !m.cfg.KeepLinks {
		kept = RedactLinks(msg.Body)
	}
	sendErr := m.send(ctx, msg)
	record, cancel := context.WithTimeout(record, recordTimeout)
	defer cancel()
	if err := sendErr; err != nil {
		m.log.Warn("e-mail delivery failed; it is retried", slog.String("message_id", msg.ID), slog.String("error", err.Error()))
		return m.store.Write(record, func(tx *store.Tx) error { return tx.MarkOutboxFailed(record, msg.ID, m.worker, kept) })
	}
	var first bool
	if err := m.store.Write(record, func(tx *store.Tx) error {
		var err error
		first, err = tx.MarkOutboxSent(record, msg.ID, m.now(), kept)
		return err
	}); err != nil {
		return fmt.Errorf("record delivery of %s: %w", msg.ID, err)
	}
	if !first {
		m.log.Warn(
			"e-mail was delivered twice: its lease ended while it was being sent, and another process sent it too; check that the API processes' "+
				"clocks agree",
			slog.String("message_id", msg.ID),
		)
	}
	return nil
}

// RedactDelivered redacts the links left in messages delivered or given up
// before links were redacted on delivery.
func (m *Mailer) RedactDelivered(ctx context.Context) error {
	after := ""
	for {
		var n int
		if err := m.store.Write(ctx, func(tx *store.Tx) error {
			msgs, err := tx.DoneOutboxWithLinks(ctx, after, 100)
			n = len(msgs)
			for _, msg := range msgs {
				after = msg.ID
				if err := tx.SetOutboxBody(ctx, msg.ID, RedactLinks(msg.Body)); err != nil {
					return err
				}
			}
			return err
		}); err != nil {
			return err
		}
		if n < 100 {
			return nil
		}
	}
}

// scrubLog removes redacted links from the database files once a delivery
// or a redaction left earlier versions of their pages in the write-ahead
// log (see store.ScrubLog); while a reader holds the log it is retried at
// the next poll.
func (m *Mailer) scrubLog(ctx context.Context) {
	if !m.scrub {
		return
	}
	err := m.store.ScrubLog(ctx)
	switch {
	case err == nil:
		m.scrub = false
	case errors.Is(err, store.ErrScrubBusy):
	case ctx.Err() == nil:
		m.log.Warn("emptying the write-ahead log of redacted links failed; it is retried", slog.String("error", err.Error()))
	}
}
