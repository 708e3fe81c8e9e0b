package api

import (
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// maxQueryParams bounds a query string: no operation takes more than a
// handful of parameters, and each must be given once.
const maxQueryParams = 32

// decodeQuery reads the query string into dst, a query type of package wire,
// strictly: an unknown, repeated or malformed parameter is a 400 naming it,
// so that a typo never silently widens a list; a query string that does not
// parse at all (a bad escape, a semicolon, more parameters than any
// operation takes) is a 400 as well. A parameter left out takes its
// documented default; a number outside its documented range is refused.
func decodeQuery(r *http.Request, dst any) error {
	v := reflect.ValueOf(dst).Elem()
	params := wire.QueryFields(v.Type())
	names := make([]string, len(params))
	for i, p := range params {
		names[i] = p.Name
	}
	accepted := "none"
	if len(names) > 0 {
		accepted = strings.Join(names, ", ")
	}
	var fe domain.Fields
	raw := r.URL.RawQuery
	if n := strings.Count(raw, "&") + 1; raw != "" && n > maxQueryParams {
		fe.Add("query", "has %d parameters; an operation takes at most %d, each given once (accepted: %s)", n, maxQueryParams, accepted)
		return queryError(r, fe)
	}
	vals, err := url.ParseQuery(raw)
	if err != nil {
		fe.Add("query", "could not be parsed (%s); send name=value pairs separated by &, with special characters percent-encoded", err)
		return queryError(r, fe)
	}
	for _, name := range slices.Sorted(maps.Keys(vals)) {
		if !slices.Contains(names, name) {
			fe.Add(name, "is not a parameter of this operation; accepted: %s", accepted)
		} else if len(vals[name]) > 1 {
			fe.Add(name, "must be given once")
		}
	}
	for _, p := range params {
		setParam(&fe, v.FieldByIndex(p.Index), p, vals.Get(p.Name))
	}
	return queryError(r, fe)
}

func queryError(r *http.Request, fe domain.Fields) error {
	if len(fe) == 0 {
		return nil
	}
	return domain.Invalid(fmt.Sprintf("the query of %s has invalid parameters", r.URL.Path), fe...)
}

// setParam sets one parameter from its text (empty: left out).
func setParam(fe *domain.Fields, dst reflect.Value, p wire.QueryField, s string) {
	keywords := wire.SchemaKeywords(p.Field)
	if s == "" {
		s = keywords["default"]
		if s == "" {
			return
		}
	}
	t := dst.Type()
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	val := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			fe.Add(p.Name, "must be true or false, not %q", s)
			return
		}
		val.SetBool(b)
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		lo, hi := keywordInt(keywords, "minimum", 0), keywordInt(keywords, "maximum", 1<<62)
		if err != nil || n < lo || n > hi {
			fe.Add(p.Name, "must be a whole number from %d to %d, not %q", lo, hi, s)
			return
		}
		val.SetInt(n)
	case reflect.String:
		if e, ok := val.Interface().(interface{ Values() []string }); ok && !slices.Contains(e.Values(), s) {
			fe.Add(p.Name, "must be one of %s, not %q", strings.Join(e.Values(), ", "), s)
			return
		}
		val.SetString(s)
	default:
		panic(fmt.Sprintf("api: query parameter %s is a %s, which decodeQuery does not know", p.Name, t))
	}
	if dst.Kind() == reflect.Pointer {
		ptr := reflect.New(t)
		ptr.Elem().Set(val)
		dst.Set(ptr)
		return
	}
	dst.Set(val)
}

func keywordInt(k map[string]string, name string, def int64) int64 {
	if n, err := strconv.ParseInt(k[name], 10, 64); err == nil {
		return n
	}
	return def
}

// pageOf is the domain's page of a list's page parameters; a page token this
// server did not issue is a 400 naming it.
func pageOf(q wire.PageQuery) (domain.Page, error) {
	after, err := domain.DecodePageToken(q.PageToken)
	if err != nil {
		return domain.Page{}, domain.Invalid("the page_token is not valid", domain.FieldError{Field: "page_token", Message: err.Error()})
	}
	return domain.Page{Limit: q.Limit, After: after}, nil
}

// accessPage is pageOf for the access listings.
func accessPage(q wire.AccessPageQuery) (domain.Page, error) {
	return pageOf(wire.PageQuery(q))
}

// list is the answer of a list: never a null list.
func list[T any](items []T, next string) wire.List[T] {
	if items == nil {
		items = []T{}
	}
	return wire.List[T]{Items: items, NextPageToken: next}
}
