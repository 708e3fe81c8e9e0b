package api

import (
	"context"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// devOutbox lists e-mails so tests can follow links (dev mode only). It reads
// the outbox table itself, so it works whichever replica queued or sent a
// message: in dev mode the mailer keeps delivered bodies whole (see
// mailer.Config.KeepLinks), while in production a delivered message keeps
// no link.
func (a *API) devOutbox(ctx context.Context, in queryInput[wire.OutboxQuery]) (wire.List[wire.OutboxMessage], error) {
	msgs, err := a.svc.Outbox(ctx, in.Query.To, in.Query.Limit)
	return list(msgs, ""), err
}

// devClock moves the server's clock forward, to reach expiries in tests;
// the document bounds the step, and decoding checks it. The grants the step
// passed the end of are audited before it answers, as the server's
// periodic sweep would a moment later.
func (a *API) devClock(ctx context.Context, in bodyInput[wire.ClockAdvance]) (wire.Clock, error) {
	a.svc.Clock.Advance(time.Duration(in.Body.AdvanceSeconds) * time.Second)
	return wire.Clock{Now: a.svc.Clock.Now()}, a.svc.RecordLapses(ctx)
}
