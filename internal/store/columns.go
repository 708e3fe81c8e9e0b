package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// A table maps one domain type to the columns that store it, once: the
// SELECT list, the scan, the INSERT and the UPDATE are all derived from the
// same list, so a field is stored everywhere or nowhere, and the tests
// (columns_test.go) fail on a field of the type that no column holds and
// that is not listed in notStored. The SQL is built when the package loads:
// the SQLite connections cache prepared statements by their text.
type table[T any] struct {
	cols []column[T]
	// complete sets, after a scan, the fields derived from stored ones.
	complete func(*T)
	// notStored names each field of T that no column holds, with the reason.
	notStored map[string]string

	// selectList is the column list a scan reads, in order.
	selectList string
	// listSelect is the column list listedRows reads: selectList without
	// the columns a list never shows (see column.hidden).
	listSelect string
	// insert and update are the statements; update's WHERE is the table's
	// own, whose arguments follow the values.
	insert, update string
	// name, sets and where make the UPDATEs of updateFrom, which are kept
	// by the set of columns they set.
	name, where string
	sets        []string
	mu          sync.Mutex
	updates     map[uint64]string
}

// column is one column of a table.
type column[T any] struct {
	name string
	// scan returns where the column is read into: a pointer to the domain
	// field, or a codec holding one. Nil for a column derived from other
	// fields (email_key), which is written but never read.
	scan func(*T) any
	// value returns what is written.
	value func(*T) any
	// insertOnly columns keep the value the row was made with.
	insertOnly bool
	// set, when not empty, replaces "name = ?" in the UPDATE.
	set string
	// hidden columns are left out of list pages: secrets and bookkeeping
	// that no page shows. A list reads each of its columns a hundred times,
	// and a secret not read is one that cannot leak.
	hidden bool
}

// newTable derives the statements of a table named name whose UPDATE
// matches rows with where.
func newTable[T any](name, where string, cols []column[T], complete func(*T), notStored map[string]string) *table[T] {
	var read, listed, all, marks, sets []string
	for _, c := range cols {
		if c.scan != nil {
			read = append(read, c.name)
			if !c.hidden {
				listed = append(listed, c.name)
			}
		}
		all = append(all, c.name)
		marks = append(marks, "?")
		if !c.insertOnly {
			set := c.set
			if set == "" {
				set = c.name + " = ?"
			}
			sets = append(sets, set)
		}
	}
	if len(cols) > 64 {
		panic("store: table " + name + " has more columns than updateFrom can tell apart")
	}
	return &table[T]{
		cols: cols, complete: complete, notStored: notStored, name: name, where: where, sets: sets,
		selectList: strings.Join(read, ", "),
		listSelect: strings.Join(listed, ", "),
		insert:     fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", name, strings.Join(all, ", "), strings.Join(marks, ", ")),
		update:     updateSQL(name, sets, where),
	}
}

// scanRow reads one row of selectList.
func (tb *table[T]) scanRow(s scanner) (T, error) {
	var v T
	err := tb.scanInto(s, &v, tb.destinations(&v, false))
	return v, err
}

// rows returns a scan of the rows of selectList, for a query of many: it
// reads every row into the same value and destinations and returns a copy,
// so a page costs two allocations rather than two per row (every pointer
// field a scan sets is a new value, so no copy shares one with the next).
func (tb *table[T]) rows() func(scanner) (T, error) { return tb.scanner(false) }

// listedRows is rows of listSelect; unlisted fields stay zero.
func (tb *table[T]) listedRows() func(scanner) (T, error) { return tb.scanner(true) }

func (tb *table[T]) scanner(listed bool) func(scanner) (T, error) {
	v := new(T)
	dest := tb.destinations(v, listed)
	return func(s scanner) (T, error) {
		var zero T
		*v = zero
		if err := tb.scanInto(s, v, dest); err != nil {
			return zero, err
		}
		return *v, nil
	}
}

// destinations are where a scan of v reads each column of selectList
// (listed: of listSelect).
func (tb *table[T]) destinations(v *T, listed bool) []any {
	dest := make([]any, 0, len(tb.cols))
	for _, c := range tb.cols {
		if c.scan != nil && (!listed || !c.hidden) {
			dest = append(dest, c.scan(v))
		}
	}
	return dest
}

// scanInto reads a row into v through dest, v's destinations.
func (tb *table[T]) scanInto(s scanner, v *T, dest []any) error {
	if err := s.Scan(dest...); err != nil {
		return err
	}
	if tb.complete != nil {
		tb.complete(v)
	}
	return nil
}

// insertArgs are the arguments of insert.
func (tb *table[T]) insertArgs(v *T) []any {
	args := make([]any, len(tb.cols))
	for i, c := range tb.cols {
		args[i] = c.value(v)
	}
	return args
}

// updateArgs are the arguments of update: the values set, then where's.
func (tb *table[T]) updateArgs(v *T, where ...any) []any {
	args := make([]any, 0, len(tb.cols)+len(where))
	for _, c := range tb.cols {
		if !c.insertOnly {
			args = append(args, c.value(v))
		}
	}
	return append(args, where...)
}

// updateFrom is the UPDATE that turns before, the row as its writer read
// it, into after: it sets only the columns whose values differ, and a
// column the writer left as it read it keeps its stored value. The table's
// WHERE, whose arguments are where, matches the row only at before's
// version, so nothing else changed the row in between. SQLite rewrites the
// entry of every index on a column an UPDATE sets, changed or not, and each
// rewritten index page is one more page to log and commit: a change of
// name would otherwise rewrite every index of the table.
func (tb *table[T]) updateFrom(before, after *T, where ...any) (string, []any) {
	var set uint64
	args := make([]any, 0, len(tb.cols)+len(where))
	i := 0
	for _, c := range tb.cols {
		if c.insertOnly {
			continue
		}
		if v := c.value(after); !sameValue(v, c.value(before)) {
			set |= 1 << i
			args = append(args, v)
		}
		i++
	}
	if set == 0 { // nothing changed: a write still takes a version
		return tb.update, tb.updateArgs(after, where...)
	}
	return tb.updateOf(set), append(args, where...)
}

// updateOf is the UPDATE of the columns in set, made once.
func (tb *table[T]) updateOf(set uint64) string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if q, ok := tb.updates[set]; ok {
		return q
	}
	var sets []string
	for i, s := range tb.sets {
		if set&(1<<i) != 0 {
			sets = append(sets, s)
		}
	}
	if tb.updates == nil {
		tb.updates = map[uint64]string{}
	}
	tb.updates[set] = updateSQL(tb.name, sets, tb.where)
	return tb.updates[set]
}

func updateSQL(name string, sets []string, where string) string {
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s", name, strings.Join(sets, ", "), where)
}

// sameValue reports whether two values a column writes are the same.
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case string:
		b, ok := b.(string)
		return ok && a == b
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	case *string:
		b, ok := b.(*string)
		return ok && (a == nil) == (b == nil) && (a == nil || *a == *b)
	}
	return reflect.DeepEqual(a, b)
}

// field is a column holding a field as the driver reads and writes it.
func field[T, V any](name string, f func(*T) *V) column[T] {
	return column[T]{name: name, scan: func(v *T) any { return f(v) }, value: func(v *T) any { return *f(v) }}
}

// codec stores a field in another form; every codec is a struct whose only
// field points at the domain field (the tests rely on it).
type codec interface {
	sql.Scanner
	stored() any
}

// coded is a column holding a field through a codec.
func coded[T any, C codec](name string, f func(*T) C) column[T] {
	return column[T]{name: name, scan: func(v *T) any { return f(v) }, value: func(v *T) any { return f(v).stored() }}
}

// derived is a column computed from other fields, for lookups and
// constraints (a normalized key); it is never read back.
func derived[T any](name string, f func(*T) any) column[T] {
	return column[T]{name: name, value: f}
}

// fixed is a column every row of this kind is made with, never read back.
func fixed[T any](name string, value any) column[T] {
	return derived(name, func(*T) any { return value }).onInsert()
}

// unlisted leaves c out of list pages (see column.hidden).
func (c column[T]) unlisted() column[T] {
	c.hidden = true
	return c
}

// onInsert makes c keep the value its row was made with.
func (c column[T]) onInsert() column[T] {
	c.insertOnly = true
	return c
}

// metaColumns are the columns of domain.Meta, which every object carries.
func metaColumns[T any](meta func(*T) *domain.Meta) []column[T] {
	return []column[T]{
		field("id", func(v *T) *string { return &meta(v).ID }).onInsert(),
		field("version", func(v *T) *int64 { return &meta(v).Version }),
		coded("created_at", func(v *T) timeText { return timeText{&meta(v).CreatedAt} }).onInsert(),
		coded("updated_at", func(v *T) timeText { return timeText{&meta(v).UpdatedAt} }),
	}
}

// timeText stores a time as fixed-width text (see timeFormat).
type timeText struct{ p *time.Time }

func (c timeText) stored() any { return fmtTime(*c.p) }

func (c timeText) Scan(src any) error {
	if s, ok := src.(string); ok { // what both drivers give for TEXT
		*c.p = parseTime(s)
		return nil
	}
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	if !s.Valid {
		return fmt.Errorf("store: NULL in a time column that requires a value")
	}
	*c.p = parseTime(s.String)
	return nil
}

// optionalTimeText stores an optional time as text, or NULL.
type optionalTimeText struct{ p **time.Time }

func (c optionalTimeText) stored() any { return fmtTimePtr(*c.p) }

func (c optionalTimeText) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*c.p = parseTimePtr(s)
	return nil
}

// emptyAsNull stores an empty string as NULL, for unique columns that
// most rows leave empty (a secret's hash once used).
type emptyAsNull struct{ p *string }

func (c emptyAsNull) stored() any { return emptyNil(*c.p) }

func (c emptyAsNull) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*c.p = s.String
	return nil
}

// jsonStrings stores a list of strings as a JSON array.
type jsonStrings struct{ p *[]string }

func (c jsonStrings) stored() any { return jsonList(*c.p) }

func (c jsonStrings) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	out := []string{}
	if err := json.Unmarshal([]byte(s.String), &out); err != nil {
		return fmt.Errorf("store: bad JSON list: %w", err)
	}
	*c.p = out
	return nil
}

// principalKind stores User.ServiceAccount as the row's kind.
type principalKind struct{ p *bool }

func (c principalKind) stored() any {
	if *c.p {
		return kindServiceAccount
	}
	return kindPerson
}

func (c principalKind) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*c.p = s.String == kindServiceAccount
	return nil
}
