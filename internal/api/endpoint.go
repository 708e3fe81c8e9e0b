package api

import (
	"bytes"
	"context"
	"net/http"
	"reflect"

	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// input is what an operation's handler is given: the HTTP request, and its
// query and body decoded, strictly, into the operation's wire types.
type input[Q, B any] struct {
	*http.Request
	Query Q
	Body  B
	// IfMatch is the version If-Match names, for an operation that honours
	// it; nil when the header is left out or is *.
	IfMatch *int64
}

// ID is the {id} of the route's path.
func (in input[Q, B]) ID() string { return in.PathValue("id") }

// The shapes of input most handlers take.
type (
	noInput           = input[wire.NoQuery, wire.NoBody]
	queryInput[Q any] = input[Q, wire.NoBody]
	bodyInput[B any]  = input[wire.NoQuery, B]
)

// An endpoint serves an operation: its types, which the document shows,
// and the function that serves it, built from the same types.
type endpoint struct {
	query, body, result reflect.Type
	serve               func(a *API, o *Operation) http.HandlerFunc
}

// handle serves an operation through the service: a GET reads one snapshot;
// any other method is a write, dry-run and then run in one transaction (see
// mutate), with If-Match and Idempotency-Key as the operation says.
func handle[Q, B, R any](h func(ctx context.Context, op *service.Op, in input[Q, B]) (R, error)) endpoint {
	return typed[Q, B, R](func(a *API, o *Operation, w http.ResponseWriter, r *http.Request, in *input[Q, B], body []byte) {
		fn := func(ctx context.Context, op *service.Op) (any, error) { return h(ctx, op, *in) }
		if r.Method == http.MethodGet {
			a.read(w, r, o, fn)
			return
		}
		a.mutate(w, r, o, body, fn)
	})
}

// plain serves an operation that needs no transaction of its own (health,
// the public link endpoints, the dev routes): its handler calls the service.
func plain[Q, B, R any](h func(ctx context.Context, in input[Q, B]) (R, error)) endpoint {
	return typed[Q, B, R](func(a *API, o *Operation, w http.ResponseWriter, r *http.Request, in *input[Q, B], _ []byte) {
		res, err := h(r.Context(), *in)
		if err != nil {
			a.writeError(w, r, err)
			return
		}
		respond(w, r, o, res)
	})
}

// typed decodes an operation's input and hands it to run.
func typed[Q, B, R any](run func(a *API, o *Operation, w http.ResponseWriter, r *http.Request, in *input[Q, B], body []byte)) endpoint {
	return endpoint{
		query: reflect.TypeFor[Q](), body: reflect.TypeFor[B](), result: reflect.TypeFor[R](),
		serve: func(a *API, o *Operation) http.HandlerFunc {
			return func(w http.ResponseWriter, r *http.Request) {
				in := &input[Q, B]{Request: r}
				body, err := a.decodeInput(r, o, &in.Query, &in.Body)
				if err == nil && o.IfMatch {
					in.IfMatch, err = ifMatch(r)
				}
				if err != nil {
					a.writeError(w, r, err)
					return
				}
				run(a, o, w, r, in, body)
			}
		},
	}
}

// raw serves an operation whose answer is not one JSON value (a CSV export,
// an HTML page, this document), declaring the types the document shows.
func raw(query, body any, serve func(a *API, o *Operation) http.HandlerFunc) endpoint {
	e := endpoint{serve: serve, query: reflect.TypeFor[wire.NoQuery](), body: reflect.TypeFor[wire.NoBody]()}
	if query != nil {
		e.query = reflect.TypeOf(query)
	}
	if body != nil {
		e.body = reflect.TypeOf(body)
	}
	return e
}

// decodeInput reads the query into q and the body into b, as the operation
// declares them: parameters it does not take, a body it does not take or of
// another media type, unknown fields, missing required ones and nulls where
// the document allows none are refused with a 400 (415 for the media type)
// that names what is wrong. It returns the body as read.
func (a *API) decodeInput(r *http.Request, o *Operation, q, b any) ([]byte, error) {
	if err := decodeQuery(r, q); err != nil {
		return nil, err
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	if o.Body == nil {
		return body, refuseBody(body)
	}
	switch {
	case len(bytes.TrimSpace(body)) == 0 && o.BodyOptional:
		return body, nil
	case len(bytes.TrimSpace(body)) == 0:
		return nil, decodeBody(body, b) // the body is missing, whatever its media type
	}
	if err := checkMediaType(r, o.consumes()); err != nil {
		return nil, err
	}
	return body, decodeBody(body, b)
}
