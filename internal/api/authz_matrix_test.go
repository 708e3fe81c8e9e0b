package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// tenant is one partner tree with its objects and callers.
type tenant struct {
	partner, clientA, clientB string
	users                     map[string]string // org id -> a user homed there
	role, assignment, invite  string
	// multiInvite is homed in client A and grants in both clients: out of
	// reach for client A's callers though homed in their organization.
	multiInvite string
	tokens      map[string]string // caller name -> token
	// serviceAccounts: org id -> a service account homed there (partner and
	// client A); saToken is the id of the client A one's token.
	serviceAccounts map[string]string
	saToken         string
}

func buildTenant(t *testing.T, s *acctest.Server, name string) *tenant {
	tn := &tenant{users: map[string]string{}, tokens: map[string]string{}, serviceAccounts: map[string]string{}}
	tn.partner = s.Org(t, name, "partner", s.RootID)
	tn.clientA = s.Org(t, name+" Client A", "client", tn.partner)
	tn.clientB = s.Org(t, name+" Client B", "client", tn.partner)
	mail := func(who string) string {
		return strings.ToLower(strings.ReplaceAll(name+"."+who, " ", "")) + "@example.com"
	}
	var id string
	id, tn.tokens["partner admin"] = s.UserWithToken(t, tn.partner, "admin", mail("padmin"))
	tn.users[tn.partner] = id
	_, tn.tokens["partner technician"] = s.UserWithToken(t, tn.partner, "technician", mail("ptech"))
	id, tn.tokens["client A admin"] = s.UserWithToken(t, tn.clientA, "admin", mail("caadmin"))
	tn.users[tn.clientA] = id
	_, tn.tokens["client A viewer"] = s.UserWithToken(t, tn.clientA, "viewer", mail("caviewer"))
	// Sign-in sessions act as their users: they enter every probe as tokens do.
	_, tn.tokens["partner admin session"] = s.UserWithSession(t, tn.partner, "admin", mail("psession"))
	_, tn.tokens["client A admin session"] = s.UserWithSession(t, tn.clientA, "admin", mail("casession"))
	id, tn.tokens["client B user manager"] = s.UserWithToken(t, tn.clientB, "user_manager", mail("cbmgr"))
	tn.users[tn.clientB] = id
	for org, sa := range map[string]string{tn.partner: name + " Robot", tn.clientA: name + " Client A Robot"} {
		tn.serviceAccounts[org] = s.Admin(t, 201, "POST", "/v1/service-accounts", map[string]any{"organization_id": org, "name": sa}).Str(t, "id")
	}
	sa := tn.serviceAccounts[tn.clientA]
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": sa, "organization_id": tn.clientA, "role_id": "admin"})
	k := s.Admin(t, 201, "POST", "/v1/service-accounts/"+sa+"/tokens", map[string]any{"name": "ci"}).JSON(t)
	tn.saToken, tn.tokens["client A service account"] = k["id"].(string), k["token"].(string)
	tn.role = s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": tn.partner, "name": "Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	tn.assignment = s.Admin(
		t,
		201,
		"POST",
		"/v1/role-assignments",
		map[string]any{"user_id": tn.users[tn.clientB], "organization_id": tn.clientB, "role_id": "viewer"},
	).
		Str(t, "id")
	tn.invite = s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": mail("invitee"), "organization_id": tn.clientB, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	tn.multiInvite = s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": mail("multi"), "organization_id": tn.clientA,
		"organization_ids": []string{tn.clientA, tn.clientB}, "role_ids": []string{"viewer"}}).Str(t, "id")
	return tn
}

// probes are every route that names an object in org, for a user and a
// service account (with a token tokenID) homed in org.
func probes(org, user, role, assignment, invite, sa, tokenID string) []struct{ method, path, body string } {
	type p = struct{ method, path, body string }
	out := []p{
		{"GET", "/v1/organizations/" + org, ""},
		{"PATCH", "/v1/organizations/" + org, `{"name":"hijacked"}`},
		{"PATCH", "/v1/organizations/" + org, `{"max_grant_duration":null}`},
		{"DELETE", "/v1/organizations/" + org + "?force=true", ""},
		{"POST", "/v1/organizations", fmt.Sprintf(`{"name":"x","kind":"client","parent_id":%q}`, org)},
		{"POST", "/v1/users", fmt.Sprintf(`{"email":"intruder@example.com","first_name":"I","last_name":"N","organization_id":%q}`, org)},
		{"POST", "/v1/invitations", fmt.Sprintf(`{"email":"intruder@example.com","organization_id":%q,"role_ids":["viewer"]}`, org)},
		{"POST", "/v1/role-assignments", fmt.Sprintf(`{"user_id":%q,"organization_id":%q,"role_id":"viewer"}`, user, org)},
		{"POST", "/v1/roles", fmt.Sprintf(`{"organization_id":%q,"name":"x","permissions":["users:read"]}`, org)},
		{"POST", "/v1/service-accounts", fmt.Sprintf(`{"organization_id":%q,"name":"intruder"}`, org)},
	}
	if sa != "" {
		if tokenID == "" {
			tokenID = "tok_x"
		}
		for _, q := range []p{{"GET", "", ""}, {"PATCH", "", `{"enabled":false}`}, {"DELETE", "", ""},
			{"GET", "/tokens", ""}, {
				"POST",
				"/tokens",
				`{"name":"stolen"}`,
			}, {"GET", "/tokens/" + tokenID, ""}, {"DELETE", "/tokens/" + tokenID, ""}} {
			out = append(out, p{q.method, "/v1/service-accounts/" + sa + q.path, q.body})
		}
		out = append(out, p{"POST", "/v1/role-assignments", fmt.Sprintf(`{"user_id":%q,"organization_id":%q,"role_id":"viewer"}`, sa, org)})
	}
	if user != "" {
		for _, q := range []p{{"GET", "", ""}, {"PATCH", "", `{"enabled":false}`}, {"DELETE", "", ""},
			{"POST", "/unlock", ""}, {"POST", "/reset-password", ""}, {"POST", "/reset-mfa", ""}, {"POST", "/resend-invitation", ""},
			{"GET", "/access", ""}, {"GET", "/tokens", ""}, {"POST", "/tokens", `{"name":"stolen"}`}, {"DELETE", "/tokens/tok_x", ""}} {
			out = append(out, p{q.method, "/v1/users/" + user + q.path, q.body})
		}
	}
	if role != "" {
		out = append(
			out,
			p{"GET", "/v1/roles/" + role, ""},
			p{"PATCH", "/v1/roles/" + role, `{"name":"y"}`},
			p{"DELETE", "/v1/roles/" + role, ""},
		)
	}
	if assignment != "" {
		out = append(out, p{"GET", "/v1/role-assignments/" + assignment, ""}, p{"DELETE", "/v1/role-assignments/" + assignment, ""},
			p{"PATCH", "/v1/role-assignments/" + assignment, `{"expires_at":null}`},
			p{"PATCH", "/v1/role-assignments/" + assignment, `{"expires_at":"2099-01-01T00:00:00Z"}`})
	}
	if invite != "" {
		out = append(out, invitationProbes(invite)...)
	}
	return out
}

// invitationProbes are every route that names invitation id.
func invitationProbes(id string) []struct{ method, path, body string } {
	return []struct{ method, path, body string }{
		{"GET", "/v1/invitations/" + id, ""}, {"PATCH", "/v1/invitations/" + id, `{"message":"x"}`},
		{"PATCH", "/v1/invitations/" + id, `{"organization_ids":null}`},
		{"PATCH", "/v1/invitations/" + id, `{"access_expires_at":"2099-01-01T00:00:00Z"}`},
		{"DELETE", "/v1/invitations/" + id, ""}, {"POST", "/v1/invitations/" + id + "/resend", ""},
		{"POST", "/v1/invitations/" + id + "/revoke", ""},
	}
}

// TestAuthorizationMatrix: every caller of one partner tree gets 404 on every
// route naming an object of the other tree; client callers get 404 on their
// parent and siblings; lists never show what the caller cannot reach; and
// nothing any refused request tried was written.
func TestAuthorizationMatrix(t *testing.T) {
	s := acctest.StartAPI(t)
	one := buildTenant(t, s, "Partner One")
	two := buildTenant(t, s, "Partner Two")
	before := snapshot(t, s)

	check := func(caller, token string, targets []struct{ method, path, body string }) {
		for _, p := range targets {
			var body any
			if p.body != "" {
				body = p.body
			}
			r := s.Do(t, token, p.method, p.path, body)
			if r.Status != http.StatusNotFound {
				t.Errorf("%s: %s %s = %d, want 404: %s", caller, p.method, p.path, r.Status, r.Body)
			}
		}
	}
	for _, pair := range [][2]*tenant{{one, two}, {two, one}} {
		me, other := pair[0], pair[1]
		for caller, token := range me.tokens {
			check(caller, token, probes(other.partner, other.users[other.partner], other.role, "", "", other.serviceAccounts[other.partner], ""))
			check(caller, token, probes(other.clientA, other.users[other.clientA], "", "", "", other.serviceAccounts[other.clientA], other.saToken))
			check(caller, token, probes(other.clientB, other.users[other.clientB], "", other.assignment, other.invite, "", ""))
			check(caller, token, probes(s.RootID, s.AdminID, "", "", "", "", ""))
		}
		// Client callers never reach their parent or their sibling.
		for _, caller := range []string{"client A admin", "client A viewer", "client A service account", "client A admin session"} {
			check(caller, me.tokens[caller], probes(me.partner, me.users[me.partner], "", "", "", me.serviceAccounts[me.partner], ""))
			check(caller, me.tokens[caller], probes(me.clientB, me.users[me.clientB], "", me.assignment, me.invite, "", ""))
		}
		check(
			"client B user manager",
			me.tokens["client B user manager"],
			probes(me.clientA, me.users[me.clientA], "", "", "", me.serviceAccounts[me.clientA], me.saToken),
		)
		// An invitation reaching both clients is out of reach of either
		// client's callers, wherever it is homed, and of the other tenant.
		// Nor can they send one reaching further than they do, homed where they may invite.
		grantOutside := func(orgs ...string) []struct{ method, path, body string } {
			b, _ := json.Marshal(
				map[string]any{
					"email":            "intruder@example.com",
					"organization_id":  me.clientA,
					"organization_ids": orgs,
					"role_ids":         []string{"viewer"},
				},
			)
			return []struct{ method, path, body string }{{"POST", "/v1/invitations", string(b)}}
		}
		for caller, token := range me.tokens {
			if strings.HasPrefix(caller, "client") {
				check(caller, token, invitationProbes(me.multiInvite))
				check(caller, token, grantOutside(me.clientA, me.clientB))
				check(caller, token, grantOutside(me.clientA, me.partner))
			}
			check(caller, token, invitationProbes(other.multiInvite))
			check(caller, token, grantOutside(me.clientA, other.clientA))
			check(caller, token, grantOutside(other.partner))
		}
	}

	// Lists show only what each caller reaches.
	reach := map[string][]string{
		"partner admin": {one.partner, one.clientA, one.clientB}, "partner technician": {one.partner, one.clientA, one.clientB},
		"client A admin": {one.clientA}, "client A viewer": {one.clientA}, "client B user manager": {one.clientB},
		"client A service account": {one.clientA}, "partner admin session": {one.partner, one.clientA, one.clientB},
		"client A admin session": {one.clientA},
	}
	for caller, orgs := range reach {
		token := one.tokens[caller]
		for _, list := range []struct{ path, orgField string }{
			{"/v1/organizations?limit=200", "id"}, {"/v1/users?limit=200", "organization_id"},
			{"/v1/role-assignments?limit=200", "organization_id"}, {"/v1/invitations?limit=200", "organization_id"},
			{"/v1/service-accounts?limit=200", "organization_id"}, {"/v1/people?limit=200", "organization_id"},
		} {
			r := s.Must(t, 200, token, "GET", list.path, nil)
			var out struct{ Items []map[string]any }
			_ = json.Unmarshal(r.Body, &out)
			for _, it := range out.Items {
				if org, _ := it[list.orgField].(string); !slices.Contains(orgs, org) {
					t.Errorf("%s: %s lists an object of organization %s outside its reach", caller, list.path, org)
				}
				for _, org := range toStrings(it["organization_ids"]) {
					if !slices.Contains(orgs, org) {
						t.Errorf("%s: %s lists an invitation granting in organization %s outside its reach", caller, list.path, org)
					}
				}
			}
		}
	}

	// Within its own tree a technician sees but cannot change: 403, naming the permission.
	r := s.Do(t, one.tokens["partner technician"], "PATCH", "/v1/organizations/"+one.clientA, `{"name":"renamed"}`)
	if r.Status != http.StatusForbidden || !strings.Contains(r.Str(t, "detail"), "organizations:write") {
		t.Errorf("technician rename: %d %s", r.Status, r.Body)
	}
	s.Must(t, 200, one.tokens["partner technician"], "GET", "/v1/users/"+one.users[one.clientA], nil)

	if after := snapshot(t, s); after != before {
		t.Errorf("refused requests changed data:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshot is every object's id and version, as the root administrator sees them.
func snapshot(t *testing.T, s *acctest.Server) string {
	var b strings.Builder
	for _, path := range []string{
		"/v1/organizations",
		"/v1/users",
		"/v1/roles",
		"/v1/role-assignments",
		"/v1/invitations",
		"/v1/service-accounts",
	} {
		token := ""
		for {
			r := s.Admin(t, 200, "GET", path+"?limit=200&page_token="+token, nil)
			var out struct {
				Items []struct {
					ID      string `json:"id"`
					Version int64  `json:"version"`
				} `json:"items"`
				Next string `json:"next_page_token"`
			}
			_ = json.Unmarshal(r.Body, &out)
			for _, it := range out.Items {
				fmt.Fprintf(&b, "%s@%d ", it.ID, it.Version)
			}
			if out.Next == "" {
				break
			}
			token = out.Next
		}
	}
	return b.String()
}

// TestFilterMatrix: every list filter, the CSV export and the audit trail,
// given another tenant's ids, answer exactly as for ids that do not exist:
// a filter is never an oracle for what lies outside the caller's reach.
func TestFilterMatrix(t *testing.T) {
	s := acctest.StartAPI(t)
	one := buildTenant(t, s, "Partner One")
	two := buildTenant(t, s, "Partner Two")
	otherUser := two.users[two.clientB]
	otherEmail := s.Admin(t, 200, "GET", "/v1/users/"+otherUser, nil).Str(t, "email")
	otherSA := two.serviceAccounts[two.clientA]
	queries := []struct{ path, real, fake string }{
		{"/v1/organizations?parent_id=", two.partner, "org_doesnotexist"},
		{"/v1/organizations?name=", "Partner Two Client A", "No Such Client"},
		{"/v1/users?organization_id=", two.clientB, "org_doesnotexist"},
		{"/v1/users?include_descendants=true&organization_id=", two.partner, "org_doesnotexist"},
		{"/v1/users?role_id=", two.role, "rol_doesnotexist"},
		{"/v1/users?email=", otherEmail, "nobody@example.com"},
		{"/v1/users?q=", otherEmail, "nobody@example.com"},
		{"/v1/role-assignments?user_id=", otherUser, "usr_doesnotexist"},
		{"/v1/role-assignments?organization_id=", two.clientB, "org_doesnotexist"},
		{"/v1/role-assignments?role_id=", two.role, "rol_doesnotexist"},
		{"/v1/invitations?organization_id=", two.clientB, "org_doesnotexist"},
		{"/v1/invitations?email=", "partnertwo.invitee@example.com", "nobody@example.com"},
		{"/v1/people?organization_id=", two.clientB, "org_doesnotexist"},
		{"/v1/people?email=", "partnertwo.invitee@example.com", "nobody@example.com"},
		{"/v1/people?email=", otherEmail, "nobody@example.com"},
		{"/v1/roles?organization_id=", two.partner, "org_doesnotexist"},
		{"/v1/audit-events?organization_id=", two.clientB, "org_doesnotexist"},
		{"/v1/service-accounts?organization_id=", two.clientA, "org_doesnotexist"},
		{"/v1/service-accounts?organization_id=", two.partner, "org_doesnotexist"},
		{"/v1/service-accounts?name=", "Partner Two Client A Robot", "No Such Robot"},
		{"/v1/role-assignments?user_id=", otherSA, "sva_doesnotexist"},
		{"/v1/audit-events?actor_user_id=", otherSA, "sva_doesnotexist"},
	}
	for caller, token := range one.tokens {
		for _, q := range queries {
			for _, accept := range []string{"application/json", "text/csv"} {
				if accept == "text/csv" && !strings.HasPrefix(q.path, "/v1/users?") {
					continue
				}
				seen := s.Do(t, token, "GET", q.path+q.real, nil, "Accept", accept)
				fake := s.Do(t, token, "GET", q.path+q.fake, nil, "Accept", accept)
				if seen.Status != fake.Status || strings.Count(string(seen.Body), "\n") != strings.Count(string(fake.Body), "\n") ||
					strings.Count(string(seen.Body), `"id"`) != strings.Count(string(fake.Body), `"id"`) {
					t.Errorf(
						"%s: %s%s (%s) answers %d %s\nbut for a made-up id %d %s",
						caller,
						q.path,
						q.real,
						accept,
						seen.Status,
						seen.Body,
						fake.Status,
						fake.Body,
					)
				}
				for _, leak := range []string{
					two.partner,
					two.clientA,
					two.clientB,
					otherUser,
					two.role,
					two.assignment,
					two.invite,
					otherSA,
					two.serviceAccounts[two.partner],
					two.saToken,
				} {
					if strings.Contains(string(seen.Body), leak) && !strings.Contains(q.real, leak) {
						t.Errorf("%s: %s%s names %s from another tenant: %s", caller, q.path, q.real, leak, seen.Body)
					}
				}
			}
		}
		// The access review of the caller's own user names nothing of the other tenant,
		// and of another tenant's user is a 404 like any unknown user.
		r := s.Must(t, 200, token, "GET", "/v1/me", nil)
		for _, leak := range []string{two.partner, two.clientA, two.clientB, otherUser} {
			if strings.Contains(string(r.Body), leak) {
				t.Errorf("%s: /v1/me names %s", caller, leak)
			}
		}
		seen := s.Do(t, token, "GET", "/v1/users/"+otherUser+"/access", nil)
		fake := s.Do(t, token, "GET", "/v1/users/usr_doesnotexist/access", nil)
		if seen.Status != http.StatusNotFound || fake.Status != http.StatusNotFound {
			t.Errorf("%s: access review of another tenant's user: %d / %d", caller, seen.Status, fake.Status)
		}
	}
}
