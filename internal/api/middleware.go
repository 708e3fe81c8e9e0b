package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
	"golang.org/x/time/rate"
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
		if !a.limiter.allow(w, "user:"+c.UserID) {
			return
		}
		if lw, ok := w.(*statusWriter); ok {
			lw.user = c.UserID
		}
		next(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
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
		if a.public.allow(w, "ip:"+host) {
			next(w, r)
		}
	}
}

// limiter keeps one token bucket per key and tells the client its budget in
// the RateLimit-Policy and RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers: the bucket holds q requests and
// refills continuously at q/w per second.
type limiter struct {
	mu      sync.Mutex
	perSec  float64
	burst   int
	idle    time.Duration // a bucket idle this long is full again, so forgetting it changes nothing
	buckets map[string]*bucket
	name    string // the policy's name in both fields
	policy  string // the RateLimit-Policy field
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// newLimiter limits each key to perSec requests a second with bursts of
// burst. It advertises the quota as q=burst per w=ceil(burst/perSec)
// seconds, so that q/w, the pace a client may keep up, never exceeds perSec.
func newLimiter(name string, perSec float64, burst int) *limiter {
	fill := float64(burst) / perSec
	window := max(int64(math.Ceil(fill)), 1)
	idle := time.Minute
	if fill > idle.Seconds() {
		idle = time.Duration(min(fill, (24*time.Hour).Seconds()) * float64(time.Second))
	}
	return &limiter{perSec: perSec, burst: burst, idle: idle, buckets: map[string]*bucket{},
		name: name, policy: fmt.Sprintf("%q;q=%d;w=%d", name, burst, window)}
}

// allow takes one request from key's bucket and sets RateLimit-Policy and
// RateLimit, or answers 429 with Retry-After. A nil limiter allows everything
// and sends no fields.
func (l *limiter) allow(w http.ResponseWriter, key string) bool {
	if l == nil {
		return true
	}
	now := time.Now()
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 10000 { // forget idle buckets so the map stays bounded
			for k, v := range l.buckets {
				if now.Sub(v.seen) > l.idle {
					delete(l.buckets, k)
				}
			}
		}
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.perSec), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	res := b.lim.ReserveN(now, 1)
	delay := res.DelayFrom(now)
	if delay > 0 {
		res.CancelAt(now)
	}
	tokens := b.lim.TokensAt(now)
	l.mu.Unlock()

	// r: whole requests left now; t: seconds until the bucket is full again.
	remaining := int64(math.Floor(max(tokens, 0)))
	reset := int64(math.Ceil((float64(l.burst) - tokens) / l.perSec))
	h := w.Header()
	h.Set("RateLimit-Policy", l.policy)
	h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", l.name, remaining, max(reset, 0)))
	if delay <= 0 {
		return true
	}
	secs := int(math.Ceil(delay.Seconds()))
	h.Set("Retry-After", fmt.Sprint(secs))
	writeProblem(
		w,
		wire.Problem{
			Type:   "urn:portal:problem:rate_limited",
			Title:  "Too Many Requests",
			Status: http.StatusTooManyRequests,
			Code:   "rate_limited",
			Detail: fmt.Sprintf("too many requests; retry after %d second(s)", secs),
		},
	)
	return false
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
