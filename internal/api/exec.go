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

type versioned interface{ ETagVersion() int64 }

// respond writes a result with its ETag; a nil result is 204.
func respond(w http.ResponseWriter, status int, v any) {
	if v == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if vv, ok := v.(versioned); ok {
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, vv.ETagVersion()))
	}
	writeJSON(w, status, v)
}

// read runs fn on one consistent snapshot.
func (a *API) read(w http.ResponseWriter, r *http.Request, fn opFunc) {
	res, err := service.Read(r.Context(), a.svc, callerFrom(r.Context()), fn)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	respond(w, http.StatusOK, res)
}

// mutate decodes the body into in (when not nil) and runs fn through the
// service's Mutate: a dry run first, then one write transaction. A POST with
// an Idempotency-Key gets, on a retry, the first answer, never a second
// object.
func (a *API) mutate(w http.ResponseWriter, r *http.Request, in any, status int, fn opFunc) {
	body, err := readBody(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if in != nil {
		if err := DecodeStrict(body, in); err != nil {
			a.writeError(w, r, err)
			return
		}
		if n, ok := in.(service.NameNormalizer); ok {
			n.NormalizeNames()
		}
	} else if len(body) > 0 && string(body) != "{}" && string(body) != "null" {
		a.writeError(w, r, domain.Invalid("this operation takes no request body"))
		return
	}
	caller := callerFrom(r.Context())
	key := r.Header.Get("Idempotency-Key")
	if r.Method != http.MethodPost {
		key = ""
	}
	if len(key) > 255 {
		a.writeError(w, r, domain.Invalid("Idempotency-Key must be at most 255 characters"))
		return
	}
	sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))
	res, replay, err := a.svc.Mutate(r.Context(), service.Mutation{Caller: caller, IdempotencyKey: key, RequestHash: hex.EncodeToString(sum[:]),
		Answer: func(res any) (domain.IdempotentResponse, error) { return storedAnswer(r, status, res) }}, fn)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if replay != nil {
		var probe struct {
			Version int64 `json:"version"`
		}
		if json.Unmarshal(replay.Body, &probe) == nil && probe.Version > 0 {
			w.Header().Set("ETag", fmt.Sprintf(`"%d"`, probe.Version))
		}
		w.Header().Set("Idempotent-Replayed", "true")
		w.Header().Set("Content-Type", "application/json")
		if replay.Status >= http.StatusBadRequest {
			w.Header().Set("Content-Type", "application/problem+json")
			w.Header().Set("Cache-Control", "no-store")
		}
		w.WriteHeader(replay.Status)
		_, _ = w.Write(append(replay.Body, '\n'))
		return
	}
	respond(w, status, res)
}

// withIfMatch parses If-Match before running a versioned write.
func (a *API) withIfMatch(w http.ResponseWriter, r *http.Request, run func(v *int64)) {
	v, err := ifMatch(r)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	run(v)
}
