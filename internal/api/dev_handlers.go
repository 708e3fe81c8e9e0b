package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// devOutbox lists e-mails so tests can follow links (dev mode only). It reads
// the outbox table itself, so it works whichever replica queued or sent a
// message: in dev mode the mailer keeps delivered bodies whole (see
// mailer.Config.KeepLinks), while in production a delivered message keeps
// no link.
func (a *API) devOutbox(w http.ResponseWriter, r *http.Request) {
	q := parseQuery(r, "to")
	to := q.str("to")
	limit := 50
	if s := q.str("limit"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n <= 500 {
			limit = n
		} else {
			q.fe.Add("limit", "must be a whole number from 1 to 500")
		}
	}
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	msgs, err := a.svc.Outbox(r.Context(), to, limit)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(msgs, ""))
}

type clockAdvance struct {
	AdvanceSeconds int64 `json:"advance_seconds"`
}

// devClock moves the server's clock forward, to reach expiries in tests.
func (a *API) devClock(w http.ResponseWriter, r *http.Request) {
	var in clockAdvance
	body, err := readBody(r)
	if err == nil {
		err = DecodeStrict(body, &in)
	}
	if err == nil && (in.AdvanceSeconds < 0 || in.AdvanceSeconds > 10*365*24*3600) {
		err = domain.Invalid("clock can only move forward", domain.FieldError{Field: "advance_seconds", Message: "must be between 0 and ten years in seconds"})
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.svc.Clock.Advance(time.Duration(in.AdvanceSeconds) * time.Second)
	writeJSON(w, http.StatusOK, map[string]string{"now": a.svc.Clock.Now().Format(time.RFC3339Nano)})
}

// devSignIn stands in for the sign-in system: failed sign-ins lock, a sign-in records last_login_at.
func (a *API) devSignIn(w http.ResponseWriter, r *http.Request) {
	var in service.SignInEvent
	a.mutate(w, r, &in, http.StatusOK, func(ctx context.Context, op *service.Op) (any, error) {
		return op.SimulateSignIn(ctx, r.PathValue("id"), in)
	})
}
