package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestOrganizationDepthIsBounded: an organization can sit at most 16 levels
// below the root, whether created there or moved there with its subtree.
func TestOrganizationDepthIsBounded(t *testing.T) {
	s := acctest.StartAPI(t)
	chain := []string{s.RootID}
	for level := 1; level <= 16; level++ {
		chain = append(chain, s.Org(t, fmt.Sprintf("Level %d", level), "partner", chain[len(chain)-1]))
	}
	r := s.Admin(t, 409, "POST", "/v1/organizations", map[string]any{"name": "Too deep", "kind": "client", "parent_id": chain[16]})
	if r.Str(t, "code") != "too_deep" || r.JSON(t)["max_depth"] != float64(16) || !containsAll(string(r.Body), "16 levels") {
		t.Fatalf("refusal does not name the limit: %s", r.Body)
	}
	// A two-level subtree fits under level 14, not under level 15.
	top := s.Org(t, "Top", "partner", s.RootID)
	s.Org(t, "Leaf", "client", top)
	r = s.Admin(t, 409, "PATCH", "/v1/organizations/"+top, map[string]any{"parent_id": chain[15]})
	if r.Str(t, "code") != "too_deep" {
		t.Fatalf("move: %s", r.Body)
	}
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+top, map[string]any{"parent_id": chain[14]})
	// Moving a chain below itself is refused before its depth is considered.
	s.Admin(t, 400, "PATCH", "/v1/organizations/"+chain[1], map[string]any{"parent_id": chain[3]})
}

// TestAccessListingsArePaged: /v1/me and a user's access list the reached
// organizations a page at a time, in id order, with inherited access marked.
func TestAccessListingsArePaged(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "MSP", "partner", s.RootID)
	var clients []string
	for i := range 5 {
		clients = append(clients, s.Org(t, fmt.Sprintf("Client %d", i), "client", msp))
	}
	tech, token := s.UserWithToken(t, msp, "technician", "tech@example.com")
	type page struct {
		Access []struct {
			OrganizationID string `json:"organization_id"`
			Via            []struct{ Inherited bool }
		}
		NextPageToken string `json:"next_page_token"`
	}
	read := func(tok, path string) []string {
		var ids []string
		next := ""
		for pages := 0; ; pages++ {
			var p page
			q := path + "?limit=2"
			if next != "" {
				q += "&page_token=" + next
			}
			mustUnmarshal(t, s.Must(t, 200, tok, "GET", q, nil).Body, &p)
			if len(p.Access) > 2 || pages > 10 {
				t.Fatalf("%s: page of %d", path, len(p.Access))
			}
			for _, e := range p.Access {
				ids = append(ids, e.OrganizationID)
				// A grant above the reviewer's reach is not named (Via is empty then).
				if len(e.Via) > 0 && e.Via[0].Inherited != (e.OrganizationID != msp) {
					t.Errorf("%s: inherited flag wrong for %s", path, e.OrganizationID)
				}
			}
			if next = p.NextPageToken; next == "" {
				return ids
			}
		}
	}
	want := append([]string{msp}, clients...)
	slices.Sort(want)
	if got := read(token, "/v1/me"); !slices.Equal(got, want) {
		t.Fatalf("/v1/me pages: %v, want %v", got, want)
	}
	if got := read(acctest.BootstrapToken, "/v1/users/"+tech+"/access"); !slices.Equal(got, want) {
		t.Fatalf("access pages: %v, want %v", got, want)
	}
	// A client administrator reviewing the technician sees their own client only.
	_, clientAdmin := s.UserWithToken(t, clients[0], "admin", "ca@example.com")
	s.Must(t, 404, clientAdmin, "GET", "/v1/users/"+tech+"/access", nil)
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": tech, "organization_id": clients[0], "role_id": "viewer"})
	other, _ := s.UserWithToken(t, clients[0], "", "member@example.com")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": other, "organization_id": msp, "role_id": "viewer"})
	if got := read(clientAdmin, "/v1/users/"+other+"/access"); !slices.Equal(got, []string{clients[0]}) {
		t.Fatalf("client admin's review: %v, want only %s", got, clients[0])
	}
	s.Must(t, 400, token, "GET", "/v1/me?limit=0", nil)
	s.Must(t, 400, token, "GET", "/v1/me?page_token=bogus", nil)
}

// TestMoveCarriesAccessWithTheSubtree: moving an organization moves what
// every grant reaches, through reads, lists and role visibility.
func TestMoveCarriesAccessWithTheSubtree(t *testing.T) {
	s := acctest.StartAPI(t)
	a := s.Org(t, "Partner A", "partner", s.RootID)
	b := s.Org(t, "Partner B", "partner", s.RootID)
	mid := s.Org(t, "Reseller", "partner", a)
	client := s.Org(t, "Client", "client", mid)
	user := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "c@example.com", "first_name": "C", "last_name": "U",
		"organization_id": client, "send_invitation": false}).Str(t, "id")
	_, techA := s.UserWithToken(t, a, "technician", "a@example.com")
	_, techB := s.UserWithToken(t, b, "technician", "b@example.com")
	_, clientAdmin := s.UserWithToken(t, client, "admin", "ca@example.com")
	roleA := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": a, "name": "A helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	roleSibling := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": b, "name": "B helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")

	listed := func(token, path string) string { return string(s.Must(t, 200, token, "GET", path, nil).Body) }
	s.Must(t, 200, techA, "GET", "/v1/users/"+user, nil)
	s.Must(t, 404, techB, "GET", "/v1/users/"+user, nil)
	s.Must(t, 200, clientAdmin, "GET", "/v1/roles/"+roleA, nil) // defined above the client: usable, so visible
	s.Must(t, 404, clientAdmin, "GET", "/v1/roles/"+roleSibling, nil)
	if l := listed(clientAdmin, "/v1/roles?builtin=false"); !containsAll(l, roleA) || containsAll(l, roleSibling) {
		t.Fatalf("client admin's roles before the move: %s", l)
	}

	s.Admin(t, 200, "PATCH", "/v1/organizations/"+mid, map[string]any{"parent_id": b})

	s.Must(t, 404, techA, "GET", "/v1/users/"+user, nil)
	s.Must(t, 200, techB, "GET", "/v1/users/"+user, nil)
	if l := listed(techA, "/v1/users?limit=200"); containsAll(l, user) {
		t.Fatalf("partner A still lists the moved user: %s", l)
	}
	if l := listed(techB, "/v1/users?organization_id="+b+"&include_descendants=true"); !containsAll(l, user) {
		t.Fatalf("partner B does not list the moved user below it: %s", l)
	}
	if l := listed(techB, "/v1/organizations?limit=200"); !containsAll(l, mid, client) {
		t.Fatalf("partner B does not list the moved organizations: %s", l)
	}
	s.Must(t, 404, clientAdmin, "GET", "/v1/roles/"+roleA, nil)
	s.Must(t, 200, clientAdmin, "GET", "/v1/roles/"+roleSibling, nil)
}
