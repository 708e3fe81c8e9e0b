package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"

	"github.com/mspportal/terraform-provider-portal/internal/service"
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
}

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
	a := &API{svc: svc, log: log, opts: opts, public: newLimiter("address", opts.PublicRate, opts.PublicBurst)}
	if !opts.RateLimitOff {
		a.limiter = newLimiter("principal", opts.RateLimit, opts.RateBurst)
	}
	return a
}

type route struct {
	method, pattern string
	auth            bool // needs a bearer token
	dev             bool // only in dev mode
	handler         http.HandlerFunc
}

// Routes is the table the server registers; the OpenAPI test compares it with the document.
func (a *API) Routes() []route {
	rs := []route{
		{"GET", "/healthz", false, false, a.healthz},
		{"GET", "/v1/openapi.json", false, false, a.openapi},
		{"GET", "/v1/me", true, false, a.me},
		{"GET", "/v1/permissions", true, false, a.listPermissions},

		{"GET", "/v1/organizations", true, false, a.listOrganizations},
		{"POST", "/v1/organizations", true, false, a.createOrganization},
		{"GET", "/v1/organizations/{id}", true, false, a.getOrganization},
		{"PATCH", "/v1/organizations/{id}", true, false, a.updateOrganization},
		{"DELETE", "/v1/organizations/{id}", true, false, a.deleteOrganization},

		{"GET", "/v1/users", true, false, a.listUsers},
		{"POST", "/v1/users", true, false, a.createUser},
		{"GET", "/v1/users/{id}", true, false, a.getUser},
		{"PATCH", "/v1/users/{id}", true, false, a.updateUser},
		{"DELETE", "/v1/users/{id}", true, false, a.deleteUser},
		{"POST", "/v1/users/{id}/unlock", true, false, a.userAction(service.ActionUnlock)},
		{"POST", "/v1/users/{id}/reset-password", true, false, a.userAction(service.ActionResetPassword)},
		{"POST", "/v1/users/{id}/reset-mfa", true, false, a.userAction(service.ActionResetMFA)},
		{"POST", "/v1/users/{id}/resend-invitation", true, false, a.userAction(service.ActionResendInvitation)},
		{"GET", "/v1/users/{id}/access", true, false, a.userAccess},
		{"GET", "/v1/users/{id}/tokens", true, false, a.listTokens},
		{"POST", "/v1/users/{id}/tokens", true, false, a.createToken},
		{"DELETE", "/v1/users/{id}/tokens/{token_id}", true, false, a.deleteToken},

		{"GET", "/v1/service-accounts", true, false, a.listServiceAccounts},
		{"POST", "/v1/service-accounts", true, false, a.createServiceAccount},
		{"GET", "/v1/service-accounts/{id}", true, false, a.getServiceAccount},
		{"PATCH", "/v1/service-accounts/{id}", true, false, a.updateServiceAccount},
		{"DELETE", "/v1/service-accounts/{id}", true, false, a.deleteServiceAccount},
		{"GET", "/v1/service-accounts/{id}/tokens", true, false, a.listServiceAccountTokens},
		{"POST", "/v1/service-accounts/{id}/tokens", true, false, a.createServiceAccountToken},
		{"GET", "/v1/service-accounts/{id}/tokens/{token_id}", true, false, a.getServiceAccountToken},
		{"DELETE", "/v1/service-accounts/{id}/tokens/{token_id}", true, false, a.deleteServiceAccountToken},

		{"GET", "/v1/roles", true, false, a.listRoles},
		{"POST", "/v1/roles", true, false, a.createRole},
		{"GET", "/v1/roles/{id}", true, false, a.getRole},
		{"PATCH", "/v1/roles/{id}", true, false, a.updateRole},
		{"DELETE", "/v1/roles/{id}", true, false, a.deleteRole},

		{"GET", "/v1/role-assignments", true, false, a.listAssignments},
		{"POST", "/v1/role-assignments", true, false, a.createAssignment},
		{"GET", "/v1/role-assignments/{id}", true, false, a.getAssignment},
		{"DELETE", "/v1/role-assignments/{id}", true, false, a.deleteAssignment},

		{"GET", "/v1/people", true, false, a.listPeople},
		{"GET", "/v1/invitations", true, false, a.listInvitations},
		{"POST", "/v1/invitations", true, false, a.createInvitation},
		{"GET", "/v1/invitations/{id}", true, false, a.getInvitation},
		{"PATCH", "/v1/invitations/{id}", true, false, a.updateInvitation},
		{"DELETE", "/v1/invitations/{id}", true, false, a.deleteInvitation},
		{"POST", "/v1/invitations/{id}/resend", true, false, a.resendInvitation},
		{"POST", "/v1/invitations/{id}/revoke", true, false, a.revokeInvitation},
		{"POST", "/v1/invitations/accept", false, false, a.acceptInvitation},
		{"POST", "/v1/account/setup", false, false, a.completeSetup},
		{"GET", "/invitations/accept", false, false, a.acceptForm},
		{"POST", "/invitations/accept", false, false, a.acceptSubmit},
		{"GET", "/account/setup", false, false, a.setupForm},
		{"POST", "/account/setup", false, false, a.setupSubmit},

		{"GET", "/v1/audit-events", true, false, a.listAudit},

		{"GET", "/v1/dev/outbox", true, true, a.devOutbox},
		{"POST", "/v1/dev/clock", true, true, a.devClock},
		{"POST", "/v1/dev/users/{id}/sign-in-events", true, true, a.devSignIn},
	}
	if a.opts.Dev {
		return rs
	}
	out := rs[:0:0]
	for _, r := range rs {
		if !r.dev {
			out = append(out, r)
		}
	}
	return out
}

// Handler returns the whole HTTP handler.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	methods := map[string]map[string]bool{}
	for _, rt := range a.Routes() {
		h := rt.handler
		if rt.dev {
			h = a.rootAdminOnly(h)
		}
		if rt.auth {
			h = a.authenticated(h)
		} else if rt.method == "POST" {
			h = a.publicLimited(h)
		}
		mux.HandleFunc(rt.method+" "+rt.pattern, h)
		if methods[rt.pattern] == nil {
			methods[rt.pattern] = map[string]bool{}
		}
		methods[rt.pattern][rt.method] = true
	}
	// Every other method on a known path is a problem+json 405, not the mux's plain text.
	for pattern, used := range methods {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if !used[m] {
				mux.HandleFunc(m+" "+pattern, a.methodNotAllowed)
			}
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, Problem{Type: "urn:portal:problem:no_route", Title: "Not Found", Status: http.StatusNotFound, Code: "no_route",
			Detail: "no API route matches " + r.URL.Path + "; see /v1/openapi.json", Instance: r.URL.Path})
	})
	return a.recoverer(a.logRequests(mux))
}

func (a *API) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeProblem(w, Problem{Type: "urn:portal:problem:method_not_allowed", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
		Code: "method_not_allowed", Detail: r.Method + " is not supported on " + r.URL.Path + "; see /v1/openapi.json", Instance: r.URL.Path})
}

func (a *API) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2e9)
	defer cancel()
	if err := a.svc.Ping(ctx); err != nil {
		writeProblem(w, Problem{Type: "urn:portal:problem:unavailable", Title: "Service Unavailable", Status: 503, Code: "unavailable", Detail: "the database does not answer"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
