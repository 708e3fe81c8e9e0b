package api

import (
	"encoding/json"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// shownOnce is implemented by a result carrying a secret that only the
// response creating it may show (a new API token's secret). Stored answers
// to keyed POSTs are kept for a day and handed to any retry with the key, so
// such a result is never stored: what is kept, and what a retry gets, is a
// problem that says the object exists, that its secret is not shown again,
// and what to do. Any result type with a secret implements it; the secret
// then never reaches the idempotency table.
type shownOnce interface {
	SecretShownOnce() string
}

// storedAnswer is what the idempotency table keeps of a keyed POST's answer.
func storedAnswer(r *http.Request, status int, res any) (domain.IdempotentResponse, error) {
	out := domain.IdempotentResponse{Method: r.Method, Path: r.URL.Path, Status: status}
	v := res
	if so, ok := res.(shownOnce); ok {
		p := problemFor(service.TokenReplayError(so.SecretShownOnce()))
		p.Instance = r.URL.Path
		out.Status, v = p.Status, p
	}
	b, err := json.Marshal(v)
	out.Body = b
	return out, err
}
