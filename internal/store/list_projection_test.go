package store_test

import (
	"fmt"
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
	notListed := map[string]bool{
		"PasswordHash":   true,
		"SetupTokenHash": true,
		"FailedSignIns":  true,
		"EmailVerified":  true,
		"ServiceAccount": true,
		"TOTPSecret":     true,
		"TOTPPending":    true,
		"TOTPLastStep":   true,
		"ResetTokenHash": true,
		"ResetExpiresAt": true,
	}
	// Several rows, the middle one with no optional values: a page reads
	// every row through the same destinations, so a value of one row must
	// not show up in, or be changed by, the next.
	var stored, listed []domain.User
	err := st.Write(t.Context(), func(tx *store.Tx) error {
		ctx := t.Context()
		root := domain.Organization{Meta: domain.Meta{ID: "lp-root", Version: 1}, Name: "Root", Kind: domain.KindPartner, Enabled: true}
		if err := tx.InsertOrg(ctx, root); err != nil {
			return err
		}
		for seed := 1; seed <= 3; seed++ {
			var u domain.User
			domaintest.Fill(reflect.ValueOf(&u).Elem(), seed) // every field set; odd seeds' booleans true
			u.ID, u.OrganizationID, u.ServiceAccount = fmt.Sprintf("lp-user-%d", seed), root.ID, false
			if seed == 2 {
				u.Phone, u.LastLoginAt, u.InvitationExpiresAt, u.SetupTokenHash = nil, nil, nil, ""
			}
			if err := tx.InsertUser(ctx, u); err != nil {
				return err
			}
			got, err := tx.GetUser(ctx, u.ID)
			if err != nil {
				return err
			}
			stored = append(stored, got)
		}
		var err error
		listed, _, err = tx.ListUsers(ctx, domain.UserFilter{WithinSubtrees: []string{root.ID}}, domain.Page{Limit: 10})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(stored) {
		t.Fatalf("listed %d users, stored %d", len(listed), len(stored))
	}
	for i := range stored {
		s, l := reflect.ValueOf(stored[i]), reflect.ValueOf(listed[i])
		for _, f := range domaintest.Leaves(reflect.TypeFor[domain.User]()) {
			sf, lf := s.FieldByIndex(f.Index), l.FieldByIndex(f.Index)
			switch {
			case notListed[f.Name] && !lf.IsZero():
				t.Errorf("%s: a list page read %s (%v); it never shows it", stored[i].ID, f.Name, show(lf))
			case notListed[f.Name] && i == 0 && f.Name != "ServiceAccount" && sf.IsZero():
				t.Errorf("the stored user has no %s: the test shows nothing", f.Name)
			case !notListed[f.Name] && !reflect.DeepEqual(sf.Interface(), lf.Interface()):
				t.Errorf("%s: %s: stored %s, listed %s", stored[i].ID, f.Name, show(sf), show(lf))
			}
		}
	}
}
