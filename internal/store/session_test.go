package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestATransactionWhoseRequestEnds: a write whose request ends before it
// commits leaves nothing behind, and the statements of a transaction whose
// request has ended fail at once; the connections are clean afterwards.
func TestATransactionWhoseRequestEnds(t *testing.T) {
	st, _, _ := openBoth(t)
	now := time.Now().UTC()
	org := domain.Organization{
		Meta:    domain.Meta{ID: "org_ended", Version: 1, CreatedAt: now, UpdatedAt: now},
		Name:    "Ended",
		Kind:    domain.KindPartner,
		Enabled: true,
	}

	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.InsertOrg(t.Context(), org) }); err != nil {
		t.Fatal(err)
	}
	// A new user changes no access, so nothing after its INSERT runs a
	// statement that would notice the request's end by itself.
	user := domain.User{
		User: wire.User{
			Meta:           domain.Meta{ID: "usr_ended", Version: 1, CreatedAt: now, UpdatedAt: now},
			Email:          "ended@example.com",
			FirstName:      "E",
			LastName:       "U",
			OrganizationID: org.ID,
			Enabled:        true,
		},
	}
	ctx, cancel := context.WithCancel(t.Context())
	err := st.Write(ctx, func(tx *store.Tx) error {
		if err := tx.InsertUser(ctx, user); err != nil {
			return err
		}
		cancel() // the client hangs up after the write's last statement
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("write whose request ended: %v, want context.Canceled", err)
	}
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		_, err := tx.GetUser(t.Context(), user.ID)
		return err
	}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after the ended write, reading its user: %v, want not found", err)
	}

	ctx, cancel = context.WithCancel(t.Context())
	err = st.Read(ctx, func(tx *store.Tx) error {
		cancel()
		_, err := tx.GetOrg(ctx, org.ID)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a statement after the request ended: %v, want context.Canceled", err)
	}

	// Every pool is usable: nothing stayed in a transaction.
	if err := st.Write(t.Context(), func(tx *store.Tx) error { return tx.InsertUser(t.Context(), user) }); err != nil {
		t.Fatalf("a write afterwards: %v", err)
	}
	if err := st.Read(t.Context(), func(tx *store.Tx) error {
		_, err := tx.GetUser(t.Context(), user.ID)
		return err
	}); err != nil {
		t.Fatalf("a read afterwards: %v", err)
	}
}
