package api

import (
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Operation is one route of the API and what it takes and answers. The
// route table (routes.go) is the one place both the server and the OpenAPI
// document (internal/openapi) read: the server registers, decodes and
// answers by it, and the document is generated from it.
type Operation struct {
	Method, Path string
	// ID is the operationId; Tag groups operations.
	ID, Tag string
	// Summary is one line; Description may be longer.
	Summary, Description string
	// Public routes need no bearer token; their POSTs are limited per
	// client address instead of per principal.
	Public bool
	// Dev routes are served only in dev mode, to a root administrator.
	Dev bool
	// DuringPasswordChange routes serve a session that must change its
	// password before anything else (every other route refuses it).
	DuringPasswordChange bool
	// Status is the status of success: 200 when left out, 204 for an
	// operation that answers no body.
	Status int
	// IfMatch operations honour If-Match with an ETag the server sent.
	IfMatch bool
	// Idempotent POSTs honour Idempotency-Key: a retry gets the first answer.
	Idempotent bool
	// BodyOptional: the request body may be left out.
	BodyOptional bool
	// Consumes is the media type of the body, Produces that of the answer;
	// application/json when left out.
	Consumes, Produces string
	// Errors are error statuses beyond those every operation of its kind
	// answers (see internal/openapi).
	Errors []int
	// Headers are response headers beyond those every operation of its kind
	// sends, by name, with what they mean.
	Headers map[string]string

	// Query, Body and Result are the wire types of the query parameters, the
	// request body (nil: none) and the answer (nil: none).
	Query, Body, Result reflect.Type

	endpoint
}

var noBody = reflect.TypeFor[wire.NoBody]()

// complete fills what the endpoint's types and the defaults say.
func (o *Operation) complete() {
	o.Query, o.Body, o.Result = o.query, o.body, o.result
	if o.Body == noBody {
		o.Body = nil
	}
	if o.Result == noBody {
		o.Result = nil
	}
	if o.Status == 0 {
		o.Status = http.StatusOK
		if o.Result == nil && o.Produces == "" {
			o.Status = http.StatusNoContent
		}
	}
}

func (o *Operation) consumes() string {
	if o.Consumes == "" {
		return "application/json"
	}
	return o.Consumes
}

// Operations lists the routes the server registers (the dev routes too when
// dev is set), in the order of the route table.
func Operations(dev bool) []Operation {
	return (&API{opts: Options{Dev: dev}}).operations()
}

// operations is the route table with every operation completed, without the
// dev routes unless in dev mode.
func (a *API) operations() []Operation {
	var out []Operation
	for _, o := range a.routes() {
		if o.Dev && !a.opts.Dev {
			continue
		}
		o.complete()
		out = append(out, o)
	}
	return out
}

// allowed lists the methods of each path, for the Allow field of a 405.
func allowed(ops []Operation) map[string][]string {
	m := map[string][]string{}
	for _, o := range ops {
		m[o.Path] = append(m[o.Path], o.Method)
		if o.Method == http.MethodGet {
			m[o.Path] = append(m[o.Path], http.MethodHead)
		}
	}
	for p := range m {
		slices.Sort(m[p])
	}
	return m
}

// allowHeader is the Allow field of a path's 405.
func allowHeader(methods []string) string { return strings.Join(methods, ", ") }
