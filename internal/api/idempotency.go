package api

import (
	"encoding/json"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// shownOnce is implemented by a result carrying a secret that only the
// response creating it may show (a new API token's secret). Stored answers
// to keyed POSTs are kept for a day and handed to any retry with the key, so
// such a result is never stored: what is kept, and what a retry gets, is the
// problem ReplayError describes (the object exists, its secret is not shown
// again, what to do). Any result type with a secret implements it; the
// secret then never reaches the idempotency table.
type shownOnce interface {
	ReplayError() error
}

// storedAnswer is what the idempotency table keeps of a keyed POST's answer.
func storedAnswer(r *http.Request, status int, res any) (domain.IdempotentResponse, error) {
	out := domain.IdempotentResponse{Method: r.Method, Path: r.URL.Path, Status: status}
	v := res
	if so, ok := res.(shownOnce); ok {
		p := problemFor(so.ReplayError())
		p.Instance = r.URL.Path
		out.Status, v = p.Status, p
	}
	b, err := json.Marshal(v)
	out.Body = b
	return out, err
}
