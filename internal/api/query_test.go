package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestQueryStringsThatDoNotParseAreRefused: a query string Go cannot parse,
// or one with more parameters than any list takes, is a 400 problem; never
// a list without its filters.
func TestQueryStringsThatDoNotParseAreRefused(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Org(t, "Other", "client", s.RootID)
	many := strings.Repeat("x=1&", 10001) + "parent_id=" + org
	for name, q := range map[string]string{
		"10,001 parameters":   many,
		"33 parameters":       strings.Repeat("limit=1&", 33) + "parent_id=" + org,
		"bad escape":          "parent_id=" + org + "&name=%zz",
		"semicolon":           "parent_id=" + org + ";kind=client",
		"repeated filter":     "parent_id=" + org + "&parent_id=" + s.RootID,
		"repeated, one empty": "kind=client&kind=",
	} {
		r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/organizations?"+q, nil)
		if r.Status != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %.300s", name, r.Status, r.Body)
		}
	}
	r := s.Do(t, acctest.BootstrapToken, "GET", "/v1/users?"+many, nil, "Accept", "text/csv")
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "parameters") {
		t.Errorf("CSV export with too many parameters: %d %.300s", r.Status, r.Body)
	}
}
