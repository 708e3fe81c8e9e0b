package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

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
// query text does not grow with the set. One value is compared directly:
// an index on (column, id) then returns a page in order without a sort.
func (w *where) in(column string, values []string) {
	if len(values) == 1 {
		w.add(column+" = ?", values[0])
		return
	}
	w.add(column+" IN (SELECT value FROM json_each(?))", jsonList(values))
}

// broadReach is the number of organizations from which a subtree scope is
// checked row by row instead of listed up front.
const broadReach = 512

// scope restricts column, an organization id, to what a caller may see:
// within lists organizations one by one, subtrees names organizations whose
// whole subtree is in scope (a caller's grants: a handful). Both nil is an
// empty scope, never an unrestricted one. A narrow subtree scope lists its
// organizations from the closure table; a broad one (a partner or root
// administrator) is checked per row through the row's ancestors, so the
// cost of a page does not grow with the caller's reach.
func (t *Tx) scope(ctx context.Context, w *where, column string, within, subtrees []string) error {
	if within == nil && subtrees == nil {
		w.add("1 = 0")
		return nil
	}
	if within != nil {
		w.in(column, within)
	}
	if subtrees == nil {
		return nil
	}
	cond, args, err := t.inSubtrees(ctx, column, subtrees)
	if err != nil {
		return err
	}
	w.add(cond, args...)
	return nil
}

// inSubtrees is the condition that column is in the subtree of one of roots.
// One query sizes the reach first: the whole tree (a root administrator)
// needs no condition at all, a narrow reach is listed from the closure
// table, and a broad one is probed per row.
func (t *Tx) inSubtrees(ctx context.Context, column string, roots []string) (string, []any, error) {
	list := jsonList(roots)
	// The reach is counted only when it is not the whole tree: a root
	// administrator's every list would otherwise count broadReach rows.
	var n int
	err := t.queryRow(ctx, fmt.Sprintf(`SELECT CASE
		WHEN EXISTS (SELECT 1 FROM organizations WHERE parent_id IS NULL AND id IN (SELECT value FROM json_each(?1))) THEN -1
		ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM organization_closure WHERE ancestor_id IN (SELECT value FROM json_each(?1)) LIMIT %d) AS reach)
		END`, broadReach), list).Scan(&n)
	if err != nil {
		return "", nil, err
	}
	switch {
	case n < 0: // the whole tree
		return "1 = 1", nil, nil
	case n == 1 && len(roots) == 1:
		// A leaf (every client): its subtree is itself.
		return column + " = ?", []any{roots[0]}, nil
	case n < broadReach:
		if t.pg { // an array, so that the planner expects a few organizations and looks them up by index
			return column + " = ANY (ARRAY(SELECT descendant_id FROM organization_closure WHERE ancestor_id IN (SELECT value FROM " +
					"json_each(?))))", []any{
					list,
				}, nil
		}
		return column + " IN (SELECT descendant_id FROM organization_closure WHERE ancestor_id IN (SELECT value FROM json_each(?)))", []any{
			list,
		}, nil
	}
	// A scalar subquery, not EXISTS: PostgreSQL would turn EXISTS into a
	// join over the whole reach; this stays a probe of each row's lineage,
	// and a page stops after its last row.
	return "(SELECT 1 FROM organization_closure sc WHERE sc.descendant_id = " + column +
		" AND sc.ancestor_id IN (SELECT value FROM json_each(?)) LIMIT 1) IS NOT NULL", []any{list}, nil
}

// list runs "SELECT cols FROM table WHERE ... AND id > after ORDER BY id LIMIT n+1"
// and reports the token of the next page, if there is one.
func list[T interface{ ObjectID() string }](t *Tx, ctx context.Context, table, cols string, w where, p domain.Page,
	scan func(scanner) (T, error)) ([]T, string, error) {
	return listBy(t, ctx, table, cols, w, p, scan, T.ObjectID)
}

// listBy is list for a type whose id is read by key.
func listBy[T any](t *Tx, ctx context.Context, table, cols string, w where, p domain.Page,
	scan func(scanner) (T, error), key func(T) string) ([]T, string, error) {
	if p.Limit <= 0 || p.Limit > domain.MaxPageSize {
		return nil, "", fmt.Errorf("page size %d out of range", p.Limit)
	}
	q, args := listQuery(table, cols, w, p)
	items, err := some(t, ctx, q, args, p.Limit+1, scan)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > p.Limit {
		items = items[:p.Limit]
		next = domain.EncodePageToken(key(items[len(items)-1]))
	}
	return items, next, nil
}

// listQuery is the statement of a page, and its arguments.
func listQuery(table, cols string, w where, p domain.Page) (string, []any) {
	if p.After != "" {
		w.add("id > ?", p.After)
	}
	q := "SELECT " + cols + " FROM " + table
	if len(w.conds) > 0 {
		q += " WHERE " + strings.Join(w.conds, " AND ")
	}
	return q + fmt.Sprintf(" ORDER BY id LIMIT %d", p.Limit+1), w.args
}

type scanner interface{ Scan(dest ...any) error }

// scanPair reads a row of two text columns.
func scanPair(s scanner) ([2]string, error) {
	var p [2]string
	err := s.Scan(&p[0], &p[1])
	return p, err
}

// withExtra scans a row that has, after the columns a scan function reads,
// the extra columns into extra.
type withExtra struct {
	s     scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra...)...) }

func all[T any](t *Tx, ctx context.Context, q string, args []any, scan func(scanner) (T, error)) ([]T, error) {
	return some(t, ctx, q, args, 0, scan)
}

// some is all for a query that returns at most size rows (a page).
func some[T any](t *Tx, ctx context.Context, q string, args []any, size int, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out []T
	if size > 0 {
		out = make([]T, 0, size)
	}
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
