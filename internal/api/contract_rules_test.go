package api_test

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// The server refuses exactly what the document refuses. These tests walk the
// route table, so that an operation added later is covered without editing
// them: a body that is not one JSON object, a body of another media type, a
// null where the document allows none, a required field left out, and a
// method the path does not take.

// concrete fills a route's path parameters; decoding comes before any
// lookup, so that any id serves.
func concrete(path string) string {
	return strings.NewReplacer("{id}", "x1", "{token_id}", "x2").Replace(path)
}

func jsonOperations() []api.Operation {
	var out []api.Operation
	for _, o := range api.Operations(true) {
		if o.Body != nil && o.Consumes == "" {
			out = append(out, o)
		}
	}
	return out
}

func TestEveryBodyMustBeOneJSONObjectOfItsMediaType(t *testing.T) {
	s := acctest.StartAPI(t)
	for _, o := range jsonOperations() {
		path := concrete(o.Path)
		for _, body := range []string{`null`, `[]`, `"x"`, `3`} {
			r := s.Do(t, acctest.BootstrapToken, o.Method, path, body)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "must be a JSON object") {
				t.Errorf("%s %s with body %s: %d %s, want 400 naming a JSON object", o.Method, o.Path, body, r.Status, r.Body)
			}
		}
		for _, mt := range []string{"text/plain", "application/json-patch+json", "application/x-www-form-urlencoded"} {
			r := s.Do(t, acctest.BootstrapToken, o.Method, path, []byte(`{}`), "Content-Type", mt)
			if r.Status != http.StatusUnsupportedMediaType || !strings.Contains(string(r.Body), "application/json") {
				t.Errorf("%s %s as %s: %d %s, want 415 naming application/json", o.Method, o.Path, mt, r.Status, r.Body)
			}
		}
		r := s.Do(t, acctest.BootstrapToken, o.Method, path, []byte(`{}`), "Content-Type", "application/json; charset=utf-8")
		if r.Status == http.StatusUnsupportedMediaType {
			t.Errorf("%s %s as application/json with a charset: 415", o.Method, o.Path)
		}
	}
}

func TestNullIsRefusedExactlyWhereTheDocumentSays(t *testing.T) {
	s := acctest.StartAPI(t)
	for _, o := range jsonOperations() {
		for _, f := range wire.JSONFields(o.Body) {
			r := s.Do(t, acctest.BootstrapToken, o.Method, concrete(o.Path), map[string]any{f.Name: nil})
			refused := r.Status == http.StatusBadRequest && mentions(t, r, f.Name, "must not be null")
			if refused == f.Nullable() {
				t.Errorf("%s %s with %s null (nullable %v): %d %s", o.Method, o.Path, f.Name, f.Nullable(), r.Status, r.Body)
			}
		}
	}
}

func TestRequiredFieldsAreRequired(t *testing.T) {
	s := acctest.StartAPI(t)
	for _, o := range jsonOperations() {
		r := s.Do(t, acctest.BootstrapToken, o.Method, concrete(o.Path), map[string]any{})
		for _, f := range wire.JSONFields(o.Body) {
			if !f.Omittable && !mentions(t, r, f.Name, "is required") {
				t.Errorf("%s %s without %s: %d %s, want 400 saying it is required", o.Method, o.Path, f.Name, r.Status, r.Body)
			}
		}
	}
	// The dev routes validate like the rest.
	r := s.Admin(t, http.StatusBadRequest, "POST", "/v1/dev/clock", map[string]any{})
	if !mentions(t, r, "advance_seconds", "is required") {
		t.Errorf("the dev clock without a step: %s", r.Body)
	}
	s.Admin(t, http.StatusBadRequest, "POST", "/v1/dev/clock", map[string]any{"advance_seconds": -1})
}

// mentions tells whether a problem names field with a message containing text.
func mentions(t *testing.T, r acctest.Response, field, text string) bool {
	t.Helper()
	errs, _ := r.JSON(t)["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		if m["field"] == field && strings.Contains(m["message"].(string), text) {
			return true
		}
	}
	return false
}

func TestAnotherMethodIsA405WithAllow(t *testing.T) {
	s := acctest.StartAPI(t)
	methods := map[string][]string{}
	for _, o := range api.Operations(true) {
		methods[o.Path] = append(methods[o.Path], o.Method)
	}
	for path, declared := range methods {
		for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
			if slices.Contains(declared, m) {
				continue
			}
			r := s.Do(t, acctest.BootstrapToken, m, concrete(path), nil)
			allow := strings.Split(r.Header.Get("Allow"), ", ")
			want := append(slices.Clone(declared), "HEAD")
			if !slices.Contains(declared, "GET") {
				want = declared
			}
			slices.Sort(allow)
			slices.Sort(want)
			if r.Status != http.StatusMethodNotAllowed || !reflect.DeepEqual(allow, want) {
				t.Errorf("%s %s: %d, Allow %q, want 405 with %v", m, path, r.Status, r.Header.Get("Allow"), want)
			}
		}
	}
}

// TestNullClearsWhereItMay: the nullable fields take null, and it clears them.
func TestNullClearsWhereItMay(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Nulls", "client", s.RootID)
	u := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "nulls@example.com", "first_name": "N", "last_name": "L",
		"organization_id": org, "phone": "+14155550123", "send_invitation": false}).JSON(t)
	if r := s.Admin(t, 200, "PATCH", "/v1/users/"+u["id"].(string), map[string]any{"phone": nil}).JSON(t); r["phone"] != nil {
		t.Errorf("phone not cleared: %v", r)
	}
	role := s.Admin(t, 201, "POST", "/v1/roles", map[string]any{"organization_id": org, "name": "Nulls", "description": "d",
		"permissions": []string{"users:read"}}).JSON(t)
	if r := s.Admin(t, 200, "PATCH", "/v1/roles/"+role["id"].(string), map[string]any{"description": nil}).JSON(t); r["description"] != "" {
		t.Errorf("description not cleared: %v", r)
	}
}
