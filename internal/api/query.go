package api

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// query reads list parameters strictly: an unknown or malformed parameter is
// a 400 naming it, so a typo never silently widens a list. A query string
// that does not parse at all (a bad escape, a semicolon, more parameters
// than a list has) is a 400 as well, never a list without its filters.
type query struct {
	r    *http.Request
	vals url.Values
	fe   domain.Fields
}

// maxQueryParams bounds a list's query string: no list takes more than a
// handful of parameters, and each must be given once.
const maxQueryParams = 32

func parseQuery(r *http.Request, allowed ...string) *query {
	q := &query{r: r, vals: url.Values{}}
	allowed = append(allowed, "limit", "page_token")
	raw := r.URL.RawQuery
	if n := strings.Count(raw, "&") + 1; raw != "" && n > maxQueryParams {
		q.fe.Add("query", "has %d parameters; a list takes at most %d, each given once (accepted: %s)", n, maxQueryParams, strings.Join(allowed, ", "))
		return q
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		q.fe.Add("query", "could not be parsed (%s); send name=value pairs separated by &, with special characters percent-encoded", err)
		return q
	}
	q.vals = vals
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		if !slices.Contains(allowed, name) {
			q.fe.Add(name, "is not a parameter of this list; accepted: %s", strings.Join(allowed, ", "))
		} else if len(vals[name]) > 1 {
			q.fe.Add(name, "must be given once")
		}
	}
	return q
}

func (q *query) str(name string) string { return q.vals.Get(name) }

func (q *query) boolean(name string) *bool {
	s := q.str(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		q.fe.Add(name, "must be true or false, not %q", s)
		return nil
	}
	return &b
}

func (q *query) enum(name string, values []string) string {
	s := q.str(name)
	if s != "" && !slices.Contains(values, s) {
		q.fe.Add(name, "must be one of %s, not %q", strings.Join(values, ", "), s)
		return ""
	}
	return s
}

func (q *query) page() domain.Page {
	p := domain.Page{Limit: domain.DefaultPageSize}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > domain.MaxPageSize {
			q.fe.Add("limit", "must be a whole number from 1 to %d, not %q", domain.MaxPageSize, s)
		} else {
			p.Limit = n
		}
	}
	after, err := domain.DecodePageToken(q.str("page_token"))
	if err != nil {
		q.fe.Add("page_token", "%s", err.Error())
	}
	p.After = after
	return p
}

func (q *query) err() error {
	if len(q.fe) == 0 {
		return nil
	}
	return domain.Invalid(fmt.Sprintf("the query of %s has invalid parameters", q.r.URL.Path), q.fe...)
}

// listResult is the shape of every list.
type listResult[T any] struct {
	Items         []T    `json:"items"`
	NextPageToken string `json:"next_page_token"`
}

func newList[T any](items []T, next string) listResult[T] {
	if items == nil {
		items = []T{}
	}
	return listResult[T]{Items: items, NextPageToken: next}
}
