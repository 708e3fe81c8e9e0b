package wire

import "time"

// OutboxMessage is an e-mail the API sent or is about to send (dev mode).
type OutboxMessage struct {
	// The message's identifier.
	ID string `json:"id" example:"msg_01j9z3k4m5n6p7q8r9s0t1v2w3"`
	// The recipient's address.
	To string `json:"to" example:"bob@example.com"`
	// The subject line.
	Subject string `json:"subject" example:"You are invited to Acme Corp"`
	// The text; an invitation or set-up link in it ends with the link's token.
	Body string `json:"body" example:"Accept: http://localhost:8080/invitations/accept?token=pinv_3q2x"`
	// When the message was delivered; null while it waits.
	SentAt *time.Time `json:"sent_at" example:"2026-11-02T09:30:01Z"`
	// When the message was queued, with the change that sends it.
	CreatedAt time.Time `json:"created_at" example:"2026-11-02T09:30:00Z"`
}

// OutboxQuery filters GET /v1/dev/outbox, newest first.
type OutboxQuery struct {
	// Messages to this address.
	To string `query:"to" example:"bob@example.com"`
	// How many messages.
	Limit int `query:"limit" oas:"minimum=1,maximum=500,default=50"`
}

// ClockAdvance is the body of POST /v1/dev/clock.
type ClockAdvance struct {
	// Seconds to move the server's clock forward: 0 to ten years.
	AdvanceSeconds int64 `json:"advance_seconds" oas:"minimum=0,maximum=315360000" example:"3600"`
}

// Clock is the server's time.
type Clock struct {
	// The server's time now.
	Now time.Time `json:"now" example:"2026-11-02T10:30:00Z"`
}

// Health is the answer of GET /healthz.
type Health struct {
	// ok when the database answers.
	Status string `json:"status" example:"ok"`
}
