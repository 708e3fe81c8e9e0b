package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
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
	var res any
	err := a.svc.Store.Read(r.Context(), func(tx *store.Tx) error {
		var err error
		res, err = fn(r.Context(), a.svc.Op(tx, callerFrom(r.Context())))
		return err
	})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	respond(w, http.StatusOK, res)
}

// mutate decodes the body into in (when not nil) and runs fn in one write
// transaction, after a dry run on a read snapshot has checked that fn gets
// as far as writing. A POST with an Idempotency-Key stores its answer in
// that same transaction, so a retry gets the first answer, never a second
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
	hash := hex.EncodeToString(sum[:])
	var res any
	var replay *domain.IdempotentResponse
	run := func(tx *store.Tx) error {
		res, replay = nil, nil
		if key != "" {
			prev, err := tx.GetIdempotent(r.Context(), caller.UserID, key)
			if err == nil {
				if prev.RequestHash != hash {
					return domain.Conflict("idempotency_key_reused", "this Idempotency-Key was already used for a different request; use a new key for a new request")
				}
				replay = &prev
				return nil
			}
			if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		var err error
		res, err = fn(r.Context(), a.svc.Op(tx, caller))
		if err != nil || key == "" {
			return err
		}
		stored, err := storedAnswer(r, status, res)
		if err != nil {
			return err
		}
		stored.RequestHash = hash
		return tx.PutIdempotent(r.Context(), caller.UserID, key, stored, a.svc.Clock.Now())
	}
	// First a dry run on a read snapshot: a write refused for authorization,
	// validation or a precondition is answered from it, without waiting for
	// or holding the single writer. A replay, or an operation that gets as
	// far as writing, runs again in the write transaction.
	err = a.svc.Store.DryRun(r.Context(), run)
	var refused *domain.Error
	if err != nil && !errors.Is(err, store.ErrWouldWrite) && errors.As(err, &refused) {
		a.writeError(w, r, err)
		return
	}
	err = a.svc.Store.Write(r.Context(), run)
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
