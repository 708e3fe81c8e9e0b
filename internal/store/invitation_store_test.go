package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestInvitationOrganizationsMigrationBackfills: invitations written before
// migration 9 grant in their home, as they did, once it has run.
func TestInvitationOrganizationsMigrationBackfills(t *testing.T) {
	st, _, dsn := openBoth(t)
	now := time.Now().UTC()
	sender := "usr_sender"
	meta := func(id string) domain.Meta { return domain.Meta{ID: id, Version: 1, CreatedAt: now, UpdatedAt: now} }
	err := st.Write(t.Context(), func(tx *store.Tx) error {
		ctx := context.Background()
		if err := tx.InsertOrg(
			ctx,
			domain.Organization{Meta: meta("org_home"), Name: "Home", Kind: domain.KindPartner, Enabled: true},
		); err != nil {
			return err
		}
		return tx.InsertInvitation(
			ctx,
			domain.Invitation{
				Invitation: wire.Invitation{
					Meta:            meta("inv_old"),
					Email:           "old@example.com",
					OrganizationID:  "org_home",
					OrganizationIDs: []string{"org_home"},
					RoleIDs:         []string{"viewer"},
					Status:          domain.InvitationPending,
					ExpiresAt:       now.Add(time.Hour),
					InvitedBy:       &sender,
				},
			},
		)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Before migration 9, with the invitation still in place.
	if err := st.MigrateDownTo(t.Context(), 8); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	st2, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st2.Close() }()
	var inv domain.Invitation
	if err := st2.Read(t.Context(), func(tx *store.Tx) (err error) {
		inv, err = tx.GetInvitation(t.Context(), "inv_old")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inv.OrganizationIDs, []string{"org_home"}) {
		t.Fatalf("after the migration the invitation grants in %v, want its home", inv.OrganizationIDs)
	}
}
