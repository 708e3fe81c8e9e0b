package store

import (
	"reflect"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/domain/domaintest"
)

// TestEveryFieldHasAColumn fails when a field of a stored domain type is
// held by no column of its table and not listed in the table's notStored:
// a field added to the type must be given a column (and a migration) or a
// reason, never be dropped on the way to the database.
func TestEveryFieldHasAColumn(t *testing.T) {
	checkColumns(t, userTable)
	checkColumns(t, orgTable)
	checkColumns(t, roleTable)
	checkColumns(t, assignmentTable)
	checkColumns(t, invitationTable)
	checkColumns(t, serviceAccountTable)
}

func checkColumns[T any](t *testing.T, tb *table[T]) {
	t.Helper()
	var v T
	typ := reflect.TypeFor[T]()
	type target struct {
		addr uintptr
		typ  reflect.Type
	}
	leaves := map[target]string{}
	for _, f := range domaintest.Leaves(typ) {
		leaves[target{reflect.ValueOf(&v).Elem().FieldByIndex(f.Index).Addr().Pointer(), f.Type}] = f.Name
	}
	columns := map[string][]string{}
	for _, c := range tb.cols {
		if c.scan == nil {
			continue
		}
		dest := reflect.ValueOf(c.scan(&v))
		if _, ok := dest.Interface().(codec); ok {
			if dest.Kind() != reflect.Struct || dest.NumField() != 1 {
				t.Fatalf("%s: column %s: a codec must be a struct of one pointer to the field, not %s", typ, c.name, dest.Type())
			}
			dest = dest.Field(0)
		}
		if dest.Kind() != reflect.Pointer {
			t.Fatalf("%s: column %s reads into a %s, not a field", typ, c.name, dest.Type())
		}
		name, ok := leaves[target{dest.Pointer(), dest.Type().Elem()}]
		if !ok {
			t.Errorf("%s: column %s reads into something that is not a field of the type", typ, c.name)
			continue
		}
		columns[name] = append(columns[name], c.name)
	}
	for _, name := range leaves {
		cols, reason := columns[name], tb.notStored[name]
		switch {
		case len(cols) == 0 && reason == "":
			t.Errorf("%s.%s is stored in no column: add a column to its table (and a migration), or list it in notStored with the reason", typ, name)
		case len(cols) > 0 && reason != "":
			t.Errorf("%s.%s is in column %v and also listed as not stored", typ, name, cols)
		case len(cols) > 1:
			t.Errorf("%s.%s is read from several columns: %v", typ, name, cols)
		}
	}
	for name := range tb.notStored {
		if _, ok := typ.FieldByName(name); !ok {
			t.Errorf("%s: notStored names %s, which is no field of the type", typ, name)
		}
	}
}

// TestTableStatements pins the shape of the derived SQL for one table.
func TestTableStatements(t *testing.T) {
	type row struct {
		domain.Meta
		Name   string
		Secret string
	}
	tb := newTable("things", "id = ? AND version = ?",
		append(metaColumns(func(r *row) *domain.Meta { return &r.Meta }),
			field("name", func(r *row) *string { return &r.Name }),
			field("secret", func(r *row) *string { return &r.Secret }).unlisted(),
			derived("name_key", func(r *row) any { return domain.NameKey(r.Name) })),
		nil, nil)
	for _, c := range []struct{ got, want string }{
		{tb.selectList, "id, version, created_at, updated_at, name, secret"},
		{tb.listSelect, "id, version, created_at, updated_at, name"},
		{tb.insert, "INSERT INTO things (id, version, created_at, updated_at, name, secret, name_key) VALUES (?, ?, ?, ?, ?, ?, ?)"},
		{tb.update, "UPDATE things SET version = ?, updated_at = ?, name = ?, secret = ?, name_key = ? WHERE id = ? AND version = ?"},
	} {
		if c.got != c.want {
			t.Errorf("got  %s\nwant %s", c.got, c.want)
		}
	}
	r := row{Meta: domain.Meta{ID: "t1", Version: 2}, Name: "Ab", Secret: "s"}
	if got := tb.updateArgs(&r, "t1", int64(1)); len(got) != 7 || got[2] != "Ab" || got[3] != "s" || got[4] != domain.NameKey("Ab") ||
		got[5] != "t1" {
		t.Errorf("update arguments %v", got)
	}

	// An update sets only what changed, so that the indexes of the columns
	// left alone are not rewritten.
	was := r
	r.Version, r.Name = 3, "Cd"
	q, args := tb.updateFrom(&was, &r, "t1", int64(2))
	if want := "UPDATE things SET version = ?, name = ?, name_key = ? WHERE id = ? AND version = ?"; q != want {
		t.Errorf("got  %s\nwant %s", q, want)
	}
	if len(args) != 5 || args[0] != int64(3) || args[1] != "Cd" || args[2] != domain.NameKey("Cd") || args[3] != "t1" || args[4] != int64(2) {
		t.Errorf("updateFrom arguments %v", args)
	}
	if q2, _ := tb.updateFrom(&was, &r, "t1", int64(2)); q2 != q {
		t.Errorf("the same change made another statement: %s", q2)
	}
	// Nothing changed at all: every column is written, as before.
	if q, _ := tb.updateFrom(&r, &r, "t1", int64(3)); q != tb.update {
		t.Errorf("an update of nothing: got %s", q)
	}
}
