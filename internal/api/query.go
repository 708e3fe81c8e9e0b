package api

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// query reads list parameters strictly: an unknown or malformed parameter is
// a 400 naming it, so a typo never silently widens a list.
type query struct {
	r  *http.Request
	fe domain.Fields
}

func parseQuery(r *http.Request, allowed ...string) *query {
	q := &query{r: r}
	allowed = append(allowed, "limit", "page_token")
	for name, vals := range r.URL.Query() {
		if !slices.Contains(allowed, name) {
			q.fe.Add(name, "is not a parameter of this list; accepted: %s", strings.Join(allowed, ", "))
		} else if len(vals) > 1 {
			q.fe.Add(name, "must be given once")
		}
	}
	return q
}

func (q *query) str(name string) string { return q.r.URL.Query().Get(name) }

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

func (q *query) page() store.Page {
	p := store.Page{Limit: store.DefaultPageSize}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > store.MaxPageSize {
			q.fe.Add("limit", "must be a whole number from 1 to %d, not %q", store.MaxPageSize, s)
		} else {
			p.Limit = n
		}
	}
	after, err := store.DecodePageToken(q.str("page_token"))
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
