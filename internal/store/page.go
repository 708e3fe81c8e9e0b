package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Page bounds.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Page asks for one page of a list ordered by id.
type Page struct {
	Limit int
	After string // the last id of the previous page
}

// ErrBadPageToken is returned for a page token this server did not issue.
var ErrBadPageToken = errors.New("page_token is not a token this server issued; pass the next_page_token of the previous page unchanged")

// EncodePageToken makes an opaque cursor from the last id of a page.
func EncodePageToken(lastID string) string {
	b, _ := json.Marshal(map[string]string{"a": lastID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodePageToken reverses EncodePageToken.
func DecodePageToken(tok string) (string, error) {
	if tok == "" {
		return "", nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return "", ErrBadPageToken
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil || m["a"] == "" {
		return "", ErrBadPageToken
	}
	return m["a"], nil
}

// where collects conditions and their arguments for a list query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in restricts column to a set of values, passed as one JSON argument so the
// query text does not grow with the set.
func (w *where) in(column string, values []string) {
	w.add(column+" IN (SELECT value FROM json_each(?))", jsonList(values))
}

// list runs "SELECT cols FROM table WHERE ... AND id > after ORDER BY id LIMIT n+1"
// and reports the token of the next page, if there is one.
func list[T interface{ PageKey() string }](t *Tx, ctx context.Context, table, cols string, w where, p Page, scan func(scanner) (T, error)) ([]T, string, error) {
	if p.Limit <= 0 || p.Limit > MaxPageSize {
		return nil, "", fmt.Errorf("page size %d out of range", p.Limit)
	}
	if p.After != "" {
		w.add("id > ?", p.After)
	}
	q := "SELECT " + cols + " FROM " + table
	if len(w.conds) > 0 {
		q += " WHERE " + strings.Join(w.conds, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY id LIMIT %d", p.Limit+1)
	items, err := all(t, ctx, q, w.args, scan)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > p.Limit {
		items = items[:p.Limit]
		next = EncodePageToken(items[len(items)-1].PageKey())
	}
	return items, next, nil
}

type scanner interface{ Scan(dest ...any) error }

func all[T any](t *Tx, ctx context.Context, q string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func one[T any](t *Tx, ctx context.Context, q string, args []any, scan func(scanner) (T, error)) (T, error) {
	v, err := scan(t.queryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, ErrNotFound
	}
	return v, err
}

func jsonList(values []string) string {
	if values == nil {
		values = []string{}
	}
	b, _ := json.Marshal(values)
	return string(b)
}
