package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

type callerKey struct{}

func callerFrom(ctx context.Context) service.Caller {
	c, _ := ctx.Value(callerKey{}).(service.Caller)
	return c
}

// authenticated resolves the bearer token and applies the rate limit of its
// principal: all of a user's tokens share one bucket, so minting more tokens
// buys no more requests.
func (a *API) authenticated(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || secret == "" {
			a.writeError(w, r, service.ErrUnauthenticated)
			return
		}
		c, err := a.svc.Authenticate(r.Context(), secret)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		if !a.allow(w, r, a.limiter, "user:"+c.UserID) {
			return
		}
		if lw, ok := w.(*statusWriter); ok {
			lw.user = c.UserID
		}
		next(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	}
}

// sessionGate keeps a session that must change its password to the routes
// that let it do so.
func (a *API) sessionGate(o *Operation, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := service.SessionMayRun(callerFrom(r.Context()), o.DuringPasswordChange); err != nil {
			a.writeError(w, r, err)
			return
		}
		next(w, r)
	}
}

// rootAdminOnly guards the dev routes: they read every mailbox and move the
// clock for everyone, so only a root administrator may call them.
func (a *API) rootAdminOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := a.svc.RequireRootAdmin(r.Context(), callerFrom(r.Context())); err != nil {
			a.writeError(w, r, err)
			return
		}
		next(w, r)
	}
}

// publicLimited rate-limits unauthenticated POSTs (accepting invitations,
// finishing set-up) per client address, against token guessing.
func (a *API) publicLimited(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if a.allow(w, r, a.public, "ip:"+host) {
			next(w, r)
		}
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
	user   string
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (write deadlines).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// logRequests logs method, path, status and caller. Never the query string,
// headers or bodies: links and tokens travel there.
func (a *API) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		a.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
			slog.String("user_id", sw.user), slog.Duration("duration", time.Since(start)))
	})
}

func (a *API) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(p)
				}
				a.writeError(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// ifMatch parses If-Match: a quoted version as sent in ETag, or * for any.
func ifMatch(r *http.Request) (*int64, error) {
	h := strings.TrimPrefix(strings.TrimSpace(r.Header.Get("If-Match")), "W/")
	if h == "" || h == "*" {
		return nil, nil
	}
	v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(h, `"`), `"`), 10, 64)
	if err != nil || v <= 0 || len(h) < 3 || h[0] != '"' || h[len(h)-1] != '"' {
		return nil, domain.Invalid(`If-Match must be an ETag this server sent, such as "3", or *`)
	}
	return &v, nil
}
