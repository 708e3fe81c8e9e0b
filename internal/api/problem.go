package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// Problem is an RFC 9457 problem detail, with the field list of validation errors.
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail"`
	Code     string              `json:"code"`
	Instance string              `json:"instance,omitempty"`
	Errors   []domain.FieldError `json:"errors,omitempty"`
	Extra    map[string]any      `json:"-"`
}

// MarshalJSON flattens extension members next to the standard ones.
func (p Problem) MarshalJSON() ([]byte, error) {
	type plain Problem
	b, err := json.Marshal(plain(p))
	if err != nil || len(p.Extra) == 0 {
		return b, err
	}
	m := map[string]any{}
	for k, v := range p.Extra {
		m[k] = v
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:         http.StatusBadRequest,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindConflict:        http.StatusConflict,
	domain.KindPrecondition:    http.StatusPreconditionFailed,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindGone:            http.StatusGone,
	domain.KindUnauthenticated: http.StatusUnauthorized,
	domain.KindTooLarge:        http.StatusRequestEntityTooLarge,
	domain.KindTooSoon:         http.StatusTooManyRequests,
}

func problemFor(err error) Problem {
	var de *domain.Error
	if errors.As(err, &de) {
		status := kindStatus[de.Kind]
		return Problem{Type: "urn:portal:problem:" + de.Code, Title: http.StatusText(status), Status: status,
			Detail: de.Detail, Code: de.Code, Errors: de.Fields, Extra: de.Extra}
	}
	return Problem{Type: "urn:portal:problem:internal", Title: http.StatusText(http.StatusInternalServerError),
		Status: http.StatusInternalServerError, Code: "internal",
		Detail: "the server failed to complete the request; it was not applied, and retrying is safe"}
}

// writeError answers with a problem; unexpected errors are logged, never shown.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	if p.Status == http.StatusInternalServerError {
		a.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	p.Instance = r.URL.Path
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="portal"`)
	}
	if secs, ok := p.Extra["retry_after_seconds"].(int64); ok && p.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
