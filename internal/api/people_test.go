package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

type person struct {
	Kind, ID, Email, Status string
	OrganizationID          string  `json:"organization_id"`
	FirstName               *string `json:"first_name"`
	ExpiresAt               *string `json:"expires_at"`
}

// people pages through path with a small page size.
func people(t *testing.T, s *acctest.Server, token, path string) []person {
	t.Helper()
	var all []person
	next := ""
	for range 100 {
		var out struct {
			Items []person
			Next  string `json:"next_page_token"`
		}
		mustUnmarshal(t, s.Must(t, 200, token, "GET", path+"&limit=3&page_token="+next, nil).Body, &out)
		all = append(all, out.Items...)
		if next = out.Next; next == "" {
			return all
		}
	}
	t.Fatalf("%s: more than 100 pages", path)
	return nil
}

// TestPeopleListsUsersAndInvitations: users and unanswered invitations come
// in one list, in id order over pages, each item once; accepted and revoked
// invitations are left out; kind narrows it to one or the other.
func TestPeopleListsUsersAndInvitations(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "People Client", "client", s.RootID)
	var users, invs []string
	for i := range 4 {
		users = append(users, s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": fmt.Sprintf("user%d@people.example", i),
			"first_name": "User", "last_name": fmt.Sprint(i), "organization_id": org, "send_invitation": false}).Str(t, "id"))
		invs = append(invs, s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": fmt.Sprintf("invitee%d@people.example", i),
			"organization_id": org, "role_ids": []string{"viewer"}}).Str(t, "id"))
	}
	s.Admin(t, 200, "POST", "/v1/invitations/"+invs[3]+"/revoke", nil)
	invs = invs[:3]

	got := people(t, s, acctest.BootstrapToken, "/v1/people?organization_id="+org)
	var ids []string
	for _, p := range got {
		ids = append(ids, p.ID)
		switch p.Kind {
		case "user":
			if p.FirstName == nil || *p.FirstName != "User" || p.OrganizationID != org || p.Status != "invited" {
				t.Errorf("user item %+v", p)
			}
		case "invitation":
			if p.FirstName != nil || p.ExpiresAt == nil || p.Status != "pending" || !strings.HasPrefix(p.Email, "invitee") {
				t.Errorf("invitation item %+v", p)
			}
		default:
			t.Errorf("kind %q", p.Kind)
		}
	}
	want := append(slices.Clone(users), invs...)
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("people %v, want %v in id order", ids, want)
	}
	onlyInvs := people(t, s, acctest.BootstrapToken, "/v1/people?kind=invitation&organization_id="+org)
	if len(onlyInvs) != len(invs) || slices.ContainsFunc(onlyInvs, func(p person) bool { return p.Kind != "invitation" }) {
		t.Errorf("kind=invitation: %+v", onlyInvs)
	}
	if one := people(t, s, acctest.BootstrapToken, "/v1/people?email=USER2@people.example"); len(one) != 1 || one[0].ID != users[2] {
		t.Errorf("email filter: %+v", one)
	}
	if r := s.Admin(t, http.StatusBadRequest, "GET", "/v1/people?kind=robot", nil); !containsAll(string(r.Body), "kind", "user, invitation") {
		t.Errorf("bad kind: %s", r.Body)
	}
}
