package store_test

import (
	"reflect"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/domain/domaintest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestListedUserIsStoredUserWithoutSecrets: a list page reads fewer columns
// than GetUser. Every field a page shows must come back as stored, and the
// secrets and sign-in bookkeeping no page shows must not be read at all.
func TestListedUserIsStoredUserWithoutSecrets(t *testing.T) {
	st, _, _ := openBoth(t)
	notListed := map[string]bool{"PasswordHash": true, "SetupTokenHash": true, "FailedSignIns": true, "EmailVerified": true, "ServiceAccount": true}
	var stored, listed domain.User
	err := st.Write(t.Context(), func(tx *store.Tx) error {
		ctx := t.Context()
		root := domain.Organization{Meta: domain.Meta{ID: "lp-root", Version: 1}, Name: "Root", Kind: domain.KindPartner, Enabled: true}
		if err := tx.InsertOrg(ctx, root); err != nil {
			return err
		}
		var u domain.User
		domaintest.Fill(reflect.ValueOf(&u).Elem(), 1) // every field set, booleans true
		u.ID, u.OrganizationID, u.ServiceAccount = "lp-user", root.ID, false
		if err := tx.InsertUser(ctx, u); err != nil {
			return err
		}
		var err error
		if stored, err = tx.GetUser(ctx, u.ID); err != nil {
			return err
		}
		page, _, err := tx.ListUsers(ctx, domain.UserFilter{WithinSubtrees: []string{root.ID}}, domain.Page{Limit: 10})
		if err != nil || len(page) != 1 {
			t.Fatalf("list: %d users, %v", len(page), err)
		}
		listed = page[0]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, l := reflect.ValueOf(stored), reflect.ValueOf(listed)
	for _, f := range domaintest.Leaves(reflect.TypeFor[domain.User]()) {
		sf, lf := s.FieldByIndex(f.Index), l.FieldByIndex(f.Index)
		switch {
		case notListed[f.Name] && !lf.IsZero():
			t.Errorf("a list page read %s (%v); it never shows it", f.Name, show(lf))
		case notListed[f.Name] && f.Name != "ServiceAccount" && sf.IsZero():
			t.Errorf("the stored user has no %s: the test shows nothing", f.Name)
		case !notListed[f.Name] && !reflect.DeepEqual(sf.Interface(), lf.Interface()):
			t.Errorf("%s: stored %s, listed %s", f.Name, show(sf), show(lf))
		}
	}
}
