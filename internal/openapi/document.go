package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

const description = "Multi-tenant MSP portal: organizations, users, roles, role assignments, invitations and service accounts. Errors " +
	"are application/problem+json (RFC 9457), with a field list for validation errors. Request bodies are JSON objects sent as " +
	"application/json (415 otherwise); unknown and read-only fields, a required field left out, and null for a field that is not nullable " +
	"are a 400 naming the field; so are query parameters an operation does not take. Another method on a known path is a 405 with Allow. " +
	"Writes honour If-Match; creating POSTs honour Idempotency-Key; objects the caller cannot see answer 404 and reveal nothing. Every " +
	"answer to an authenticated request, and to the public POSTs, tells the caller's rate-limit budget in RateLimit-Policy and RateLimit " +
	"(draft-ietf-httpapi-ratelimit-headers); a 429 adds Retry-After."

// Build generates the OpenAPI 3.1 document of the operations, with docs the
// wire package's comments.
func Build(ops []api.Operation, tags []api.Tag, docs Docs) ([]byte, error) {
	s := newSchemas(docs)
	for _, o := range ops {
		if o.Body != nil {
			s.requests[o.Body] = true
		}
	}
	s.component(reflect.TypeFor[wire.Problem]())
	paths := object{}
	for i := range ops {
		o := &ops[i]
		item, _ := paths[o.Path].(object)
		if item == nil {
			item = object{}
			paths[o.Path] = item
		}
		item[strings.ToLower(o.Method)] = s.operation(o)
	}
	if len(s.errs) > 0 {
		return nil, errors.New(strings.Join(s.errs, "\n"))
	}
	var tagList []any
	for _, t := range tags {
		tagList = append(tagList, object{"name": t.Name, "description": t.Description})
	}
	doc := object{
		"openapi": "3.1.0",
		"info": object{"title": "Portal management API", "version": "1.0.0", "description": description,
			"license": object{"name": "MPL-2.0", "identifier": "MPL-2.0"}},
		"servers":  []any{object{"url": "/", "description": "The server that serves this document."}},
		"security": []any{object{"bearer": []any{}}},
		"tags":     tagList,
		"paths":    paths,
		"components": object{
			"securitySchemes": object{"bearer": object{"type": "http", "scheme": "bearer",
				"description": "An API token (ptk_…) or a session token, as Authorization: Bearer <token>."}},
			"headers":   headers,
			"responses": s.errorAnswers,
			"schemas":   s.components,
		},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

func (s *schemas) operation(o *api.Operation) object {
	op := object{"operationId": o.ID, "tags": []any{o.Tag}, "summary": o.Summary, "description": o.Description}
	if o.Public {
		op["security"] = []any{}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(o.Path, -1) {
		params = append(params, pathParameter(o.Path, m[1]))
	}
	if o.Query != nil {
		for _, q := range wire.QueryFields(o.Query) {
			params = append(params, s.queryParameter(q))
		}
	}
	if o.IfMatch {
		params = append(params, object{"name": "If-Match", "in": "header", "schema": object{"type": "string"},
			"description": "The ETag of the version being changed; the write is a 412 if the object changed since. Left out (or *), " +
				"the write applies to whatever version is current.", "example": `"3"`})
	}
	if o.Idempotent {
		params = append(params, object{"name": "Idempotency-Key", "in": "header", "schema": object{"type": "string", "maxLength": 255},
			"description": "Retries with the same key get the first answer (with Idempotent-Replayed: true), for a day; the same " +
				"key with another request is a 409.", "example": "3f2b1c9e8d7a4b6c"})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if o.Body != nil {
		schema, ex := s.of(o.Body)
		op["requestBody"] = object{"required": !o.BodyOptional, "description": s.docs[o.Body.Name()],
			"content": object{mediaType(o.Consumes): object{"schema": schema, "example": ex}}}
	}
	op["responses"] = s.responses(o)
	return op
}

func mediaType(mt string) string {
	if mt == "" {
		return "application/json"
	}
	return mt
}

// nouns name the object of a collection, for its path parameters.
var nouns = map[string][2]string{
	"organizations": {"organization", "org_01j9z3k4m5n6p7q8r9s0t1v2w3"}, "users": {"user", "usr_01j9z3k4m5n6p7q8r9s0t1v2w3"},
	"roles": {"role", "technician"}, "role-assignments": {"role assignment", "ras_01j9z3k4m5n6p7q8r9s0t1v2w3"},
	"invitations": {"invitation", "inv_01j9z3k4m5n6p7q8r9s0t1v2w3"}, "service-accounts": {"service account", "sva_01j9z3k4m5n6p7q8r9s0t1v2w3"},
	"tokens": {"API token", "tok_01j9z3k4m5n6p7q8r9s0t1v2w3"},
}

func pathParameter(path, param string) object {
	segments := strings.Split(path, "/")
	i := slices.Index(segments, "{"+param+"}")
	noun := nouns[segments[i-1]]
	return object{"name": param, "in": "path", "required": true, "schema": object{"type": "string"},
		"description": "The " + noun[0] + "'s id.", "example": noun[1]}
}

func (s *schemas) queryParameter(q wire.QueryField) object {
	t := q.Field.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	schema, ex := s.of(t)
	for k, v := range wire.SchemaKeywords(q.Field) {
		schema[k] = keywordValue(v)
	}
	if tag, ok := q.Field.Tag.Lookup("example"); ok {
		ex = exampleValue(tag, t)
	}
	p := object{"name": q.Name, "in": "query", "schema": schema, "description": s.docs[goName(q.Owner)+"."+q.Field.Name]}
	if p["description"] == "" {
		s.fail("query parameter %s.%s has no doc comment", goName(q.Owner), q.Field.Name)
	}
	if ex != nil {
		p["example"] = ex
	}
	return p
}

// headers are the response headers the server sends, declared once.
var headers = object{
	"RateLimit-Policy": header("The quota of the caller's partition as a structured-field list (draft-ietf-httpapi-ratelimit-headers): "+
		"\"principal\" (per user or service account, all its tokens together) or \"address\" (public endpoints, per client "+
		"address), q requests per w seconds. The bucket refills continuously, so q/w is the sustained rate.", `"principal";q=3000;w=60`),
	"RateLimit": header("What remains of that quota now: r requests (rounded down), and t seconds until it is whole again "+
		"(rounded up). A client that sees r running low can space its requests at q/w instead of being answered 429.",
		`"principal";r=2950;t=1`),
	"Retry-After": header("Seconds to wait before the next request.", "30"),
	"ETag":        header("The object's version, to send back in If-Match.", `"3"`),
	"Location":    header("The URL of the created object.", "/v1/users/usr_01j9z3k4m5n6p7q8r9s0t1v2w3"),
	"Idempotent-Replayed": header(
		"true on the answer to a retried request with an Idempotency-Key already used: the first answer, again.",
		"true",
	),
	"Cache-Control":       header("no-store: the answer carries a secret or an error, and is not to be cached.", "no-store"),
	"WWW-Authenticate":    header("The scheme to authenticate with.", `Bearer realm="portal"`),
	"Content-Disposition": header("The file name of a download.", `attachment; filename="users.csv"`),
}

func header(desc, example string) object {
	return object{"description": desc, "schema": object{"type": "string"}, "example": example}
}

func ref(name string) object { return object{"$ref": "#/components/headers/" + name} }

// statusText describes an error status in the document.
var statusText = map[int]string{
	400: "The request is not valid: the problem's errors name each field or parameter at fault.",
	401: "The bearer token is missing, unknown, expired or revoked, or its owner is disabled.",
	403: "The object is visible but the caller's roles do not allow this.",
	404: "No such object, or the caller cannot see it (the two are not told apart).",
	409: "The request conflicts with the current state (a duplicate, a rule such as the last administrator, an " +
		"Idempotency-Key used for another request); the problem's code says which.",
	410: "The link was used, revoked or has expired.",
	412: "The object changed since the version If-Match names; read it again.",
	413: "The request body is larger than 64 KiB.",
	415: "The request body is not of the media type the operation takes.",
	429: "Too many requests; wait as Retry-After says.",
	500: "The server failed; nothing was applied, and retrying is safe.",
	503: "The database does not answer.",
}

// errorStatuses are the error statuses an operation may answer: those of
// every operation of its kind, and its own.
func errorStatuses(o *api.Operation) []int {
	out := []int{http.StatusInternalServerError}
	if o.Produces != "text/html" || o.Method != http.MethodGet {
		out = append(out, http.StatusBadRequest)
	}
	if !o.Public {
		out = append(out, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusTooManyRequests)
	} else if o.Method == http.MethodPost {
		out = append(out, http.StatusTooManyRequests)
	}
	if o.Body != nil {
		out = append(out, http.StatusRequestEntityTooLarge)
		if o.Consumes == "" {
			out = append(out, http.StatusUnsupportedMediaType)
		}
	}
	if !o.Public && o.Method != http.MethodGet {
		out = append(out, http.StatusConflict)
	}
	if o.IfMatch {
		out = append(out, http.StatusPreconditionFailed)
	}
	out = append(out, o.Errors...)
	if o.Produces == "text/html" && o.Method == http.MethodGet {
		out = append(out, http.StatusGone) // a dead link's page
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// limited tells whether an operation's answers carry the rate-limit fields.
func limited(o *api.Operation, status int) bool {
	if o.Public {
		return o.Method == http.MethodPost
	}
	return status != http.StatusUnauthorized
}

var (
	versioned  = reflect.TypeFor[interface{ ObjectVersion() int64 }]()
	identified = reflect.TypeFor[interface{ ObjectID() string }]()
	shownOnce  = reflect.TypeFor[interface{ SecretShownOnce() string }]()
)

func (s *schemas) responses(o *api.Operation) object {
	out := object{}
	ok := object{"description": http.StatusText(o.Status)}
	h := object{}
	switch {
	case o.Produces == "text/csv" || o.Produces == "text/html":
		ok["content"] = object{o.Produces: object{"schema": object{"type": "string"}, "example": rawExample(o.Produces)}}
	case o.Result != nil:
		schema, ex := s.of(o.Result)
		ok["content"] = object{"application/json": object{"schema": schema, "example": ex}}
		ok["description"] = http.StatusText(o.Status) + ": " + s.docs[strings.SplitN(name(o.Result), "List", 2)[0]]
		if o.Result.Implements(versioned) {
			h["ETag"] = ref("ETag")
		}
		if o.Status == http.StatusCreated && o.Result.Implements(identified) {
			h["Location"] = ref("Location")
		}
		if o.Result.Implements(shownOnce) {
			h["Cache-Control"] = ref("Cache-Control")
		}
	case o.Path == "/v1/openapi.json":
		ok["content"] = object{"application/json": object{"schema": object{"type": "object"}, "example": object{"openapi": "3.1.0"}}}
	}
	for name := range o.Headers {
		h[name] = ref(name)
	}
	addCommon(o, o.Status, h)
	if len(h) > 0 {
		ok["headers"] = h
	}
	out[strconv.Itoa(o.Status)] = ok
	for _, status := range errorStatuses(o) {
		out[strconv.Itoa(status)] = s.errorResponse(o, status)
	}
	return out
}

// errorResponse refers to the component of an error answer, registering it
// the first time: one per status and set of headers and media type.
func (s *schemas) errorResponse(o *api.Operation, status int) object {
	r, variant := errorResponse(o, status)
	n := strings.ReplaceAll(http.StatusText(status), " ", "") + variant
	s.errorAnswers[n] = r
	return object{"$ref": "#/components/responses/" + n}
}

// addCommon adds the headers every answer of the operation with status carries.
func addCommon(o *api.Operation, status int, h object) {
	if limited(o, status) {
		h["RateLimit"], h["RateLimit-Policy"] = ref("RateLimit"), ref("RateLimit-Policy")
	}
	if o.Idempotent && status < http.StatusInternalServerError {
		h["Idempotent-Replayed"] = ref("Idempotent-Replayed")
	}
}

// errorResponse is an error answer of o, and the name of its variant: which
// of the headers of its kind it carries, and whether it is a page.
func errorResponse(o *api.Operation, status int) (object, string) {
	h := object{"Cache-Control": ref("Cache-Control")}
	addCommon(o, status, h)
	variant := ""
	if h["RateLimit"] == nil && status != http.StatusUnauthorized {
		variant += "Unlimited"
	}
	if h["Idempotent-Replayed"] != nil {
		variant += "Replayable"
	}
	if status == http.StatusTooManyRequests {
		h["Retry-After"] = ref("Retry-After")
	}
	if status == http.StatusUnauthorized {
		h["WWW-Authenticate"] = ref("WWW-Authenticate")
	}
	content := object{"application/problem+json": object{"schema": object{"$ref": "#/components/schemas/Problem"},
		"example": problemExample(status)}}
	if o.Produces == "text/html" && status != http.StatusTooManyRequests && status != http.StatusInternalServerError {
		content = object{"text/html": object{"schema": object{"type": "string"}, "example": rawExample("text/html")}}
		variant += "Page"
	}
	return object{"description": statusText[status], "headers": h, "content": content}, variant
}

func problemExample(status int) object {
	code := strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	return object{"type": "urn:portal:problem:" + code, "title": http.StatusText(status), "status": status,
		"detail": statusText[status], "code": code}
}

func rawExample(mt string) string {
	if mt == "text/csv" {
		return "id,email,first_name,last_name\nusr_01j9z3k4m5n6p7q8r9s0t1v2w3,ann@example.com,Ann,Lee\n"
	}
	return "<!doctype html><html lang=\"en\">…</html>"
}

// Check compares a generated document with the committed one, saying how to
// mend a difference.
func Check(generated, committed []byte) error {
	if bytes.Equal(generated, committed) {
		return nil
	}
	return fmt.Errorf(
		"internal/api/openapi.json is not the document the route table and internal/wire generate: run make generate and commit the result",
	)
}
