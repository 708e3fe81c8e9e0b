package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pressly/goose/v3"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// nameKeysVersion is the migration that recomputes every stored name's
// uniqueness key when domain.NameKey changed to the PRECIS Nickname profile
// with look-alike letters folded: keys are computed in Go, not in SQL.
const nameKeysVersion = 11

// keyedNames are the tables whose names have a key, with the scope the key
// is unique in.
var keyedNames = []struct{ table, name, scope, where string }{
	{"organizations", "name", "COALESCE(parent_id, '')", ""},
	{"roles", "name", "COALESCE(organization_id, '')", ""},
	{"users", "first_name", "organization_id", " WHERE kind = 'service_account'"}, // a service account's name
}

// nameKeysMigration rekeys every name. Two names stored before that now
// render alike (siblings "Acme" and "Ａcme") cannot share a key: the later
// keeps its new key with its id appended, so both keep working and neither
// can be taken again.
func nameKeysMigration(pg bool) *goose.Migration {
	q := func(s string) string {
		if pg {
			return pgQuery(s)
		}
		return s
	}
	up := func(ctx context.Context, tx *sql.Tx) error {
		for _, k := range keyedNames {
			rows, err := tx.QueryContext(ctx, "SELECT id, "+k.name+", "+k.scope+" FROM "+k.table+k.where+" ORDER BY id")
			if err != nil {
				return err
			}
			type row struct{ id, key string }
			var rekeyed []row
			taken := map[string]bool{}
			for rows.Next() {
				var id, name, scope string
				if err := rows.Scan(&id, &name, &scope); err != nil {
					_ = rows.Close()
					return err
				}
				key := domain.NameKey(name)
				if taken[scope+"\x00"+key] {
					key += " #" + id
				}
				taken[scope+"\x00"+key] = true
				rekeyed = append(rekeyed, row{id, key})
			}
			if err := rows.Close(); err != nil {
				return err
			}
			// Keys move one at a time under a unique index: park each on its
			// id first, so that no new key meets an old one.
			for _, r := range rekeyed {
				if _, err := tx.ExecContext(ctx, q("UPDATE "+k.table+" SET name_key = ? WHERE id = ?"), "\x00"+r.id, r.id); err != nil {
					return fmt.Errorf("rekey %s %s: %w", k.table, r.id, err)
				}
			}
			for _, r := range rekeyed {
				if _, err := tx.ExecContext(ctx, q("UPDATE "+k.table+" SET name_key = ? WHERE id = ?"), r.key, r.id); err != nil {
					return fmt.Errorf("rekey %s %s: %w", k.table, r.id, err)
				}
			}
		}
		return nil
	}
	// Down keeps the keys: they stay unique, and a name stored later gets
	// the older form's key from the older code.
	down := func(context.Context, *sql.Tx) error { return nil }
	return goose.NewGoMigration(nameKeysVersion, &goose.GoFunc{RunTx: up}, &goose.GoFunc{RunTx: down})
}
