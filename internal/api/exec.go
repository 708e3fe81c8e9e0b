package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

type opFunc func(ctx context.Context, op *service.Op) (any, error)

// versioned is an answer that carries a version, sent as its ETag.
type versioned interface{ ObjectVersion() int64 }

// identified is an answer with an id: a created one's URL is its Location.
type identified interface{ ObjectID() string }

// respond writes an operation's answer: its status, the ETag of a versioned
// object and the Location of a created one; no body for a 204.
func respond(w http.ResponseWriter, r *http.Request, o *Operation, v any) {
	if o.Status == http.StatusNoContent {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if vv, ok := v.(versioned); ok {
		w.Header().Set("ETag", etag(vv.ObjectVersion()))
	}
	if id, ok := v.(identified); ok && o.Status == http.StatusCreated {
		w.Header().Set("Location", r.URL.Path+"/"+id.ObjectID())
	}
	if _, ok := v.(shownOnce); ok {
		w.Header().Set("Cache-Control", "no-store")
	}
	writeJSON(w, o.Status, v)
}

func etag(version int64) string { return fmt.Sprintf(`"%d"`, version) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// read runs fn on one consistent snapshot.
func (a *API) read(w http.ResponseWriter, r *http.Request, o *Operation, fn opFunc) {
	res, err := service.Read(r.Context(), a.svc, callerFrom(r.Context()), fn)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	respond(w, r, o, res)
}

// mutate runs fn through the service's Mutate: a dry run first, then one
// write transaction. A POST with an Idempotency-Key gets, on a retry, the
// first answer, never a second object; body is the request as sent, which
// the key is bound to.
func (a *API) mutate(w http.ResponseWriter, r *http.Request, o *Operation, body []byte, fn opFunc) {
	caller := callerFrom(r.Context())
	key := r.Header.Get("Idempotency-Key")
	if !o.Idempotent {
		key = ""
	}
	if len(key) > 255 {
		a.writeError(w, r, domain.Invalid("Idempotency-Key must be at most 255 characters"))
		return
	}
	sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
	res, replay, err := a.svc.Mutate(
		r.Context(),
		service.Mutation{Caller: caller, IdempotencyKey: key, RequestHash: hex.EncodeToString(sum[:]),
			Answer: func(res any) (domain.IdempotentResponse, error) { return storedAnswer(r, o.Status, res) }},
		fn,
	)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if replay != nil {
		writeReplay(w, replay)
		return
	}
	respond(w, r, o, res)
}

// writeReplay answers a retried POST with the answer its first try got.
func writeReplay(w http.ResponseWriter, replay *domain.IdempotentResponse) {
	var probe struct {
		ID      string `json:"id"`
		Version int64  `json:"version"`
	}
	h := w.Header()
	if json.Unmarshal(replay.Body, &probe) == nil && probe.Version > 0 {
		h.Set("ETag", etag(probe.Version))
	}
	if replay.Status == http.StatusCreated && probe.ID != "" {
		h.Set("Location", replay.Path+"/"+probe.ID)
	}
	h.Set("Idempotent-Replayed", "true")
	h.Set("Content-Type", "application/json")
	if replay.Status >= http.StatusBadRequest {
		h.Set("Content-Type", "application/problem+json")
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(replay.Status)
	_, _ = w.Write(append(replay.Body, '\n'))
}
