package api_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestCSVExportStreamsEveryPage exports more users than three pages of the
// store hold: every user once, in id order, as the export streams page after
// page; a refused export is still a problem document, not a CSV.
func TestCSVExportStreamsEveryPage(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Export Client", "client", s.RootID)
	now := time.Now().UTC()
	want := []string{s.AdminID}
	err := s.Service.Store.Write(context.Background(), func(tx *store.Tx) error {
		for i := range 3*domain.MaxPageSize + 17 {
			u := domain.User{Meta: domain.Meta{ID: domain.NewID("usr"), Version: 1, CreatedAt: now, UpdatedAt: now},
				Email: fmt.Sprintf("export%d@csv.example", i), FirstName: "Export", LastName: "User", OrganizationID: org, Enabled: true}
			want = append(want, u.ID)
			if err := tx.InsertUser(context.Background(), u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	r := s.Admin(t, 200, "GET", "/v1/users", nil, "Accept", "text/csv")
	if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[0])
	}
	if !slices.Equal(got, want) {
		t.Fatalf("the export holds %d users (first %v), want %d in id order", len(got), got[:min(3, len(got))], len(want))
	}

	refused := s.Admin(t, 400, "GET", "/v1/users?status=sleeping", nil, "Accept", "text/csv")
	if ct := refused.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("a refused export answered %q, want a problem document", ct)
	}
}
