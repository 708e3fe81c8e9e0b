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
	"github.com/mspportal/terraform-provider-portal/internal/wire"
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
			u := domain.User{
				User: wire.User{
					Meta:           domain.Meta{ID: domain.NewID("usr"), Version: 1, CreatedAt: now, UpdatedAt: now},
					Email:          fmt.Sprintf("export%d@csv.example", i),
					FirstName:      "Export",
					LastName:       "User",
					OrganizationID: org,
					Enabled:        true,
				},
			}
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

// TestCSVExportNamesOrganizationsAndRoles: the export names each user's home
// organization and the roles they hold, as "role (organization)"; a client
// administrator sees only the grants in their own organization.
func TestCSVExportNamesOrganizationsAndRoles(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Harbor MSP", "partner", s.RootID)
	alder := s.Org(t, "Alder Community", "client", msp)
	birch := s.Org(t, "Birch Community", "client", msp)
	helpdesk := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": msp, "name": "Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	user, _ := s.UserWithToken(t, alder, "technician", "terry@harbor.example")
	for org, role := range map[string]string{birch: "viewer", alder: helpdesk} {
		s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": user, "organization_id": org, "role_id": role})
	}
	_, clientAdmin := s.UserWithToken(t, alder, "admin", "alder.admin@harbor.example")

	export := func(token string) map[string]map[string]string {
		t.Helper()
		r := s.Must(t, 200, token, "GET", "/v1/users?organization_id="+alder, nil, "Accept", "text/csv")
		rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		header := rows[0]
		if n := len(header); n < 2 || header[n-2] != "organization_name" || header[n-1] != "roles" {
			t.Fatalf("header %v does not end with organization_name, roles", header)
		}
		out := map[string]map[string]string{}
		for _, row := range rows[1:] {
			m := map[string]string{}
			for i, h := range header {
				m[h] = row[i]
			}
			out[m["id"]] = m
		}
		return out
	}
	root := export(acctest.BootstrapToken)[user]
	if root["organization_name"] != "Alder Community" ||
		root["roles"] != "Helpdesk (Alder Community); technician (Alder Community); viewer (Birch Community)" {
		t.Errorf("root administrator's row: organization_name %q, roles %q", root["organization_name"], root["roles"])
	}
	client := export(clientAdmin)
	if got := client[user]["roles"]; got != "Helpdesk (Alder Community); technician (Alder Community)" {
		t.Errorf("client administrator's roles cell %q: must hold the grants in Alder only", got)
	}
	r := s.Must(t, 200, clientAdmin, "GET", "/v1/users", nil, "Accept", "text/csv")
	if strings.Contains(string(r.Body), "Birch") || strings.Contains(string(r.Body), birch) || strings.Contains(string(r.Body), "Harbor MSP") {
		t.Errorf("the client administrator's export names an organization outside their reach:\n%s", r.Body)
	}
}
