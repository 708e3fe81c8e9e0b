package acctest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/mspportal/terraform-provider-portal/internal/api"
)

// The contract is one document, internal/api/openapi.json. Every answer a
// test server gives is checked against it, so a field the server sends and
// the document lacks (or the other way round) fails the test that saw it.

var contract struct {
	once sync.Once
	v    validator.Validator
	err  error
}

func contractValidator() (validator.Validator, error) {
	contract.once.Do(func() {
		doc, err := libopenapi.NewDocument(api.OpenAPIDocument())
		if err != nil {
			contract.err = fmt.Errorf("read the OpenAPI document: %w", err)
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			contract.err = fmt.Errorf("build a validator from the OpenAPI document: %v", errs)
			return
		}
		contract.v = v
	})
	return contract.v, contract.err
}

// checkContract wraps h so that every answer is validated against the
// document; what does not match is reported on t when it ends.
func checkContract(t testing.TB, h http.Handler) http.Handler {
	v, err := contractValidator()
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Errorf("answer outside the contract (internal/api/openapi.json): %s", p)
		}
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if !strings.HasPrefix(r.URL.Path, "/v1/") || rec.status() == http.StatusMethodNotAllowed {
			// The HTML pages are not checked here, and a method a path does
			// not take has no operation to check against (the document's
			// description says what it answers).
			return
		}
		if r.URL.Path == "/v1/users" && strings.Contains(r.Header.Get("Accept"), "text/csv") {
			// The list asked for as CSV answers the export (exportUsers).
			r = r.Clone(r.Context())
			r.URL.Path = "/v1/exports/users"
		}
		resp := &http.Response{
			StatusCode: rec.status(),
			Header:     w.Header().Clone(),
			Body:       io.NopCloser(bytes.NewReader(rec.body.Bytes())),
			Request:    r,
		}
		if ok, errs := v.ValidateHttpResponse(r, resp); !ok {
			var msgs []string
			for _, e := range errs {
				msg := e.Message
				if e.Reason != "" {
					msg += ": " + e.Reason
				}
				for _, se := range e.SchemaValidationErrors {
					msg += fmt.Sprintf(" [%s: %s]", se.FieldPath, se.Reason)
				}
				msgs = append(msgs, msg)
			}
			mu.Lock()
			problems = append(problems, fmt.Sprintf("%s %s → %d: %s", r.Method, r.URL.Path, rec.status(), strings.Join(msgs, "; ")))
			mu.Unlock()
		}
	})
}

// recorder keeps a copy of what a handler wrote.
type recorder struct {
	http.ResponseWriter
	code int
	body bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}
