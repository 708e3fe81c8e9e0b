package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
	"modernc.org/sqlite"
)

// TestQueriesOfPeopleAreNotReplannedPerRun: a cached statement must run
// again with new values without SQLite compiling it again. SQLite re-plans
// a statement on every run when a bound value is compared with the
// condition of a partial index (users.kind has one), which once cost a
// list of users half its CPU. The authorizer is called while a statement
// is compiled, so it counts compilations; after one run of each read, a
// second run with other values must compile nothing.
func TestQueriesOfPeopleAreNotReplannedPerRun(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "replan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	now := time.Now().UTC()
	meta := func(prefix string) domain.Meta {
		return domain.Meta{ID: domain.NewID(prefix), Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	org := domain.Organization{Meta: meta("org"), Name: "Root", Kind: domain.KindPartner, Enabled: true}
	sa := domain.ServiceAccount{Meta: meta("sa"), OrganizationID: org.ID, Name: "Pipeline", Enabled: true}
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.InsertOrg(ctx, org); err != nil {
			return err
		}
		for i := range 3 {
			u := domain.User{User: wire.User{
				Meta:           meta("usr"),
				Email:          fmt.Sprintf("u%d@example.com", i),
				FirstName:      "A",
				LastName:       "B",
				OrganizationID: org.ID,
				Enabled:        true,
			}}
			if err := tx.InsertUser(ctx, u); err != nil {
				return err
			}
		}
		return tx.InsertServiceAccount(ctx, sa)
	}); err != nil {
		t.Fatal(err)
	}

	// One reader connection, so that every read below uses the one counted.
	s.reader.SetMaxOpenConns(1)
	var compiled atomic.Int64
	conn, err := s.reader.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := conn.Raw(func(dc any) error {
		return dc.(*stmtCachingConn).conn.(sqlite.AuthorizerRegisterer).RegisterAuthorizer(
			func(action sqlite.AuthorizerActionCode, _, _, _, _ string) sqlite.AuthorizerReturnCode {
				if action != sqlite.AuthTransaction { // the driver prepares BEGIN and COMMIT each time
					compiled.Add(1)
				}
				return sqlite.AuthorizerOK
			})
	}); err != nil {
		t.Fatal(err)
	}
	_ = conn.Close()

	reads := map[string]func(tx *Tx, i int) error{
		"list users": func(tx *Tx, i int) error {
			_, _, err := tx.ListUsers(ctx, domain.UserFilter{MFAEnrolled: &[]bool{false, true}[i]}, domain.Page{Limit: 2})
			return err
		},
		"list users of organizations": func(tx *Tx, i int) error {
			_, _, err := tx.ListUsers(ctx, domain.UserFilter{OrgIDs: []string{org.ID, fmt.Sprint(i)}}, domain.Page{Limit: 10})
			return err
		},
		"list users of one organization": func(tx *Tx, i int) error {
			_, _, err := tx.ListUsers(ctx, domain.UserFilter{OrgIDs: []string{[]string{org.ID, "org-other"}[i]}}, domain.Page{Limit: 10})
			return err
		},
		"user by e-mail": func(tx *Tx, i int) error {
			_, err := tx.GetUserByEmail(ctx, fmt.Sprintf("u%d@example.com", i))
			return err
		},
		"service account by name": func(tx *Tx, i int) error {
			_, err := tx.FindServiceAccountByName(ctx, org.ID, []string{"Pipeline", "pipeline"}[i])
			return err
		},
		"service account": func(tx *Tx, i int) error {
			_, err := tx.GetServiceAccount(ctx, []string{sa.ID, "sa_other"}[i])
			return ignoreNotFound(err)
		},
		"list service accounts": func(tx *Tx, i int) error {
			_, _, err := tx.ListServiceAccounts(ctx, domain.ServiceAccountFilter{}, domain.Page{Limit: 2, After: []string{"a", "b"}[i]})
			return err
		},
		"role holders": func(tx *Tx, i int) error {
			_, err := tx.RoleHolders(ctx, org.ID, []string{"admin", "viewer"}[i])
			return err
		},
	}
	for name, read := range reads {
		run := func(i int) {
			t.Helper()
			if err := s.Read(ctx, func(tx *Tx) error { return read(tx, i) }); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		run(0)
		before := compiled.Load()
		run(1)
		if n := compiled.Load() - before; n != 0 {
			t.Errorf("%s: SQLite compiled its statements again (%d authorizer calls) for new values: "+
				"write a constant compared with a partial index's condition into the SQL instead of binding it", name, n)
		}
	}
}

func ignoreNotFound(err error) error {
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
