package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:          http.StatusBadRequest,
	domain.KindNotFound:         http.StatusNotFound,
	domain.KindConflict:         http.StatusConflict,
	domain.KindPrecondition:     http.StatusPreconditionFailed,
	domain.KindForbidden:        http.StatusForbidden,
	domain.KindGone:             http.StatusGone,
	domain.KindUnauthenticated:  http.StatusUnauthorized,
	domain.KindTooLarge:         http.StatusRequestEntityTooLarge,
	domain.KindTooSoon:          http.StatusTooManyRequests,
	domain.KindUnsupportedMedia: http.StatusUnsupportedMediaType,
	domain.KindUnavailable:      http.StatusServiceUnavailable,
}

func problemFor(err error) wire.Problem {
	var de *domain.Error
	if errors.As(err, &de) {
		status := kindStatus[de.Kind]
		return wire.Problem{Type: "urn:portal:problem:" + de.Code, Title: http.StatusText(status), Status: status,
			Detail: de.Detail, Code: de.Code, Errors: de.Fields, ExistingID: de.ExistingID, CurrentVersion: de.CurrentVersion,
			MaxDepth: de.MaxDepth, RetryAfterSeconds: de.RetryAfterSeconds}
	}
	return wire.Problem{Type: "urn:portal:problem:internal", Title: http.StatusText(http.StatusInternalServerError),
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
	if p.RetryAfterSeconds > 0 && p.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.FormatInt(p.RetryAfterSeconds, 10))
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p wire.Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
