package api

import (
	"cmp"
	"context"
	"log/slog"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Options configure the HTTP layer. The zero value means the defaults.
type Options struct {
	Dev bool // serve /v1/dev/* (outbox, clock, sign-in events)
	// RateLimit is the sustained rate, in requests per second, of each
	// principal (all of a user's or service account's tokens together);
	// 0 means DefaultRateLimit.
	RateLimit float64
	// RateBurst is how many requests a principal may make before the
	// sustained rate applies; 0 means a minute of RateLimit (3,000 at the
	// default), so that a Terraform run of a few thousand objects never waits.
	RateBurst int
	// RateLimitOff turns the per-principal limit off (benchmarks, trusted networks).
	RateLimitOff bool
	// PublicRate and PublicBurst limit unauthenticated POSTs per client address.
	PublicRate  float64
	PublicBurst int
	// ExportStall cuts off a CSV download that takes no data for this long
	// (30 seconds when 0); ExportMax one that lasts longer (10 minutes).
	ExportStall, ExportMax time.Duration
}

func (a *API) exportStall() time.Duration { return cmp.Or(a.opts.ExportStall, 30*time.Second) }

func (a *API) exportMax() time.Duration { return cmp.Or(a.opts.ExportMax, 10*time.Minute) }

// DefaultRateLimit is the sustained requests per second of a principal.
const DefaultRateLimit = 50

// API serves the portal over HTTP.
type API struct {
	svc     *service.Service
	log     *slog.Logger
	opts    Options
	limiter *limiter // nil when the per-principal limit is off
	public  *limiter
}

// New builds the API around a service.
func New(svc *service.Service, log *slog.Logger, opts Options) *API {
	if opts.RateLimit <= 0 {
		opts.RateLimit = DefaultRateLimit
	}
	if opts.RateBurst <= 0 {
		opts.RateBurst = int(min(math.Ceil(60*opts.RateLimit), math.MaxInt32))
	}
	if opts.PublicRate <= 0 {
		opts.PublicRate, opts.PublicBurst = 2, 10
	}
	if opts.PublicBurst <= 0 {
		opts.PublicBurst = 1
	}
	a := &API{svc: svc, log: log, opts: opts, public: limiterOf(svc, "address", opts.PublicRate, opts.PublicBurst)}
	if !opts.RateLimitOff {
		a.limiter = limiterOf(svc, "principal", opts.RateLimit, opts.RateBurst)
	}
	return a
}

// limiterOf keeps its budgets where every process serving the database
// sees them: in the database when it is PostgreSQL, which replicas share.
func limiterOf(svc *service.Service, name string, perSec float64, burst int) *limiter {
	if svc.SharesRateBudgets() {
		return newLimiter(name, perSec, burst, newSharedBudgets(svc, perSec, burst))
	}
	return newLimiter(name, perSec, burst, newLocalBudgets(perSec, burst))
}

// Handler returns the whole HTTP handler: every operation of the route
// table, each behind authentication (or, for a public POST, the per-address
// limit), a 405 with Allow for another method on a known path, and a 404 for
// any other path.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	ops := a.operations()
	for i := range ops {
		o := &ops[i]
		h := o.serve(a, o)
		if o.Dev {
			h = a.rootAdminOnly(h)
		}
		if !o.Public {
			h = a.authenticated(a.sessionGate(o, h))
		} else if o.Method == http.MethodPost {
			h = a.publicLimited(h)
		}
		mux.HandleFunc(o.Method+" "+o.Path, h)
	}
	for path, methods := range allowed(ops) {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if !slices.Contains(methods, m) {
				mux.HandleFunc(m+" "+path, methodNotAllowed(allowHeader(methods)))
			}
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, wire.Problem{Type: "urn:portal:problem:no_route", Title: "Not Found", Status: http.StatusNotFound, Code: "no_route",
			Detail: "no API route matches " + r.URL.Path + "; see /v1/openapi.json", Instance: r.URL.Path})
	})
	return a.recoverer(a.logRequests(mux))
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, wire.Problem{Type: "urn:portal:problem:method_not_allowed", Title: "Method Not Allowed",
			Status: http.StatusMethodNotAllowed, Code: "method_not_allowed", Instance: r.URL.Path,
			Detail: r.Method + " is not supported on " + r.URL.Path + "; it takes " + allow + " (see /v1/openapi.json)"})
	}
}

func (a *API) healthz(ctx context.Context, _ noInput) (wire.Health, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.svc.Ping(ctx); err != nil {
		return wire.Health{}, &domain.Error{Kind: domain.KindUnavailable, Code: "unavailable", Detail: "the database does not answer"}
	}
	return wire.Health{Status: "ok"}, nil
}
