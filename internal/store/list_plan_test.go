package store

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// TestPagesOfPeopleNeedNoSort: a page of 100 must be read in id order from
// an index and stop after its 101st row. A plan that sorts reads every
// matching user first: the whole portal for a root administrator, a whole
// client for its administrator.
func TestPagesOfPeopleNeedNoSort(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	root := domain.Organization{Meta: domain.Meta{ID: "org-root", Version: 1}, Name: "Root", Kind: domain.KindPartner, Enabled: true}
	client := domain.Organization{
		Meta:     domain.Meta{ID: "org-client", Version: 1},
		Name:     "Client",
		Kind:     domain.KindClient,
		ParentID: &root.ID,
		Enabled:  true,
	}
	if err := s.Write(ctx, func(tx *Tx) error {
		if err := tx.InsertOrg(ctx, root); err != nil {
			return err
		}
		return tx.InsertOrg(ctx, client)
	}); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]domain.UserFilter{
		"root administrator":                   {WithinSubtrees: []string{root.ID}},
		"client administrator":                 {WithinSubtrees: []string{client.ID}},
		"root administrator, one organization": {WithinSubtrees: []string{root.ID}, OrgIDs: []string{client.ID}},
		"client administrator, active users":   {WithinSubtrees: []string{client.ID}, Status: string(domain.UserActive)},
	} {
		for _, after := range []string{"", "usr_0"} {
			err := s.Read(ctx, func(tx *Tx) error {
				w, err := tx.usersWhere(ctx, f)
				if err != nil {
					return err
				}
				q, args := listQuery("users", userTable.listSelect, w, domain.Page{Limit: 100, After: after})
				rows, err := tx.query(ctx, "EXPLAIN QUERY PLAN "+q, args...)
				if err != nil {
					return err
				}
				defer func() { _ = rows.Close() }()
				var plan []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						return err
					}
					plan = append(plan, detail)
				}
				if p := strings.Join(plan, "; "); strings.Contains(p, "TEMP B-TREE") {
					t.Errorf("%s (after %q): the page is sorted: %s\n%s", name, after, p, q)
				}
				return rows.Err()
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
