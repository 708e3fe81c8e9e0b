package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

type outboxMessage struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

// outboxTo lists the messages sent to addr, newest first.
func outboxTo(t *testing.T, s *acctest.Server, addr string) []outboxMessage {
	t.Helper()
	var out struct{ Items []outboxMessage }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/dev/outbox?to="+addr, nil).Body, &out)
	return out.Items
}

// grantsOf lists "organization/role" for every assignment invitation id owns.
func grantsOf(t *testing.T, s *acctest.Server, id string) []string {
	t.Helper()
	var out struct {
		Items []struct {
			OrganizationID string `json:"organization_id"`
			RoleID         string `json:"role_id"`
		}
	}
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/role-assignments?limit=200&invitation_id="+id, nil).Body, &out)
	got := []string{}
	for _, a := range out.Items {
		got = append(got, a.OrganizationID+"/"+a.RoleID)
	}
	slices.Sort(got)
	return got
}

func pairs(orgs []string, roles ...string) []string {
	out := []string{}
	for _, o := range orgs {
		for _, r := range roles {
			out = append(out, o+"/"+r)
		}
	}
	slices.Sort(out)
	return out
}

// TestInvitationToSeveralOrganizations: an MSP invites a technician, homed
// at the MSP, to three of its clients. One e-mail names all three; accepting
// it grants the roles in each and nowhere else; changing organization_ids
// moves the grants and tells the person of the new organization; deleting
// the invitation removes them all.
func TestInvitationToSeveralOrganizations(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Harbor MSP", "partner", s.RootID)
	a := s.Org(t, "Alder Community", "client", msp)
	b := s.Org(t, "Birch Community", "client", msp)
	c := s.Org(t, "Cedar Community", "client", msp)
	d := s.Org(t, "Dogwood Community", "client", msp)
	orgs := []string{a, b, c}
	slices.Sort(orgs)

	inv := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "tech@harbor.example", "organization_id": msp,
		"organization_ids": []string{c, a, b, a}, "role_ids": []string{"technician"}}).JSON(t)
	id := inv["id"].(string)
	if inv["organization_id"] != msp || !slices.Equal(toStrings(inv["organization_ids"]), orgs) {
		t.Fatalf("invitation answers home %v and organizations %v, want %s and %v", inv["organization_id"], inv["organization_ids"], msp, orgs)
	}
	mail := outboxTo(t, s, "tech@harbor.example")
	if len(mail) != 1 {
		t.Fatalf("%d e-mails for one invitation, want 1: %+v", len(mail), mail)
	}
	if !containsAll(mail[0].Body, "Alder Community, Birch Community and Cedar Community") {
		t.Errorf("the invitation e-mail does not name the three organizations:\n%s", mail[0].Body)
	}

	r := s.Must(t, 200, "", "POST", "/v1/invitations/accept", map[string]any{"token": s.LinkToken(t, "tech@harbor.example"),
		"first_name": "Terry", "last_name": "Tech", "password": "correct horse battery"}).JSON(t)
	if r["organization_id"] != msp || !slices.Equal(toStrings(r["organization_ids"]), orgs) {
		t.Errorf("accept answers %v", r)
	}
	user := s.Admin(t, 200, "GET", "/v1/users/"+r["user_id"].(string), nil).JSON(t)
	if user["organization_id"] != msp {
		t.Errorf("the account is homed in %v, want the invitation's home %s", user["organization_id"], msp)
	}
	if got, want := grantsOf(t, s, id), pairs(orgs, "technician"); !slices.Equal(got, want) {
		t.Fatalf("accepted invitation grants %v, want %v", got, want)
	}

	// Changing the organizations moves the grants, and only the new one is announced.
	s.Admin(
		t,
		200,
		"PATCH",
		"/v1/invitations/"+id,
		map[string]any{"organization_ids": []string{a, d}, "role_ids": []string{"technician", "viewer"}},
	)
	if got, want := grantsOf(t, s, id), pairs([]string{a, d}, "technician", "viewer"); !slices.Equal(got, want) {
		t.Fatalf("after the change the invitation grants %v, want %v", got, want)
	}
	mail = outboxTo(t, s, "tech@harbor.example")
	if len(mail) != 2 || !strings.Contains(mail[0].Subject, "Dogwood Community") || strings.Contains(mail[0].Body, "Alder") ||
		!containsAll(mail[0].Body, "technician and viewer", "Terry") || strings.Contains(mail[0].Body, "token=") {
		t.Errorf("the access e-mail after the change: %+v", mail)
	}
	// null grants in the home alone again.
	got := s.Admin(t, 200, "PATCH", "/v1/invitations/"+id, map[string]any{"organization_ids": nil}).JSON(t)
	if !slices.Equal(toStrings(got["organization_ids"]), []string{msp}) {
		t.Errorf("organization_ids null answers %v, want [%s]", got["organization_ids"], msp)
	}
	if g, want := grantsOf(t, s, id), pairs([]string{msp}, "technician", "viewer"); !slices.Equal(g, want) {
		t.Errorf("grants %v, want %v", g, want)
	}
	s.Admin(t, 204, "DELETE", "/v1/invitations/"+id, nil)
	if g := grantsOf(t, s, id); len(g) != 0 {
		t.Errorf("deleting the invitation left %v", g)
	}
}

// TestInvitationToSeveralOrganizationsForExistingAccount: an invitation of
// an existing, verified account is accepted at once in every organization,
// and its owner gets one e-mail naming them and the roles.
func TestInvitationToSeveralOrganizationsForExistingAccount(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Harbor MSP", "partner", s.RootID)
	a := s.Org(t, "Alder Community", "client", msp)
	b := s.Org(t, "Birch Community", "client", msp)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "pat@harbor.example", "first_name": "Pat", "last_name": "Lee", "organization_id": msp},
	)
	s.FinishSetup(t, "pat@harbor.example")
	before := len(outboxTo(t, s, "pat@harbor.example"))
	inv := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "pat@harbor.example", "organization_id": msp,
		"organization_ids": []string{a, b}, "role_ids": []string{"viewer", "technician"}, "message": "Welcome to the night shift"}).JSON(t)
	if inv["status"] != "accepted" {
		t.Fatalf("status %v, want accepted at once", inv["status"])
	}
	if got, want := grantsOf(t, s, inv["id"].(string)), pairs([]string{a, b}, "technician", "viewer"); !slices.Equal(got, want) {
		t.Errorf("grants %v, want %v", got, want)
	}
	mail := outboxTo(t, s, "pat@harbor.example")
	if len(mail) != before+1 {
		t.Fatalf("%d new e-mails, want 1", len(mail)-before)
	}
	m := mail[0]
	if m.Subject != "You now have access to Alder Community and Birch Community" ||
		!containsAll(
			m.Body,
			"Hello Pat",
			"Alder Community and Birch Community",
			"technician and viewer",
			"Welcome to the night shift",
			"pat@harbor.example",
		) ||
		strings.Contains(m.Body, "token=") {
		t.Errorf("access e-mail:\n%s\n%s", m.Subject, m.Body)
	}
}

// TestInvitationOrganizationsAuthorization: a sender needs users:invite and
// roles:assign in every organization an invitation grants in, and one out of
// reach is a 404 naming nothing; an invitation reaching beyond a caller is
// invisible to them wherever it is homed (read, list, filter, duplicate
// check, audit trail).
func TestInvitationOrganizationsAuthorization(t *testing.T) {
	s := acctest.StartAPI(t)
	one := buildTenant(t, s, "Partner One")
	two := buildTenant(t, s, "Partner Two")
	clientAdmin := one.tokens["client A admin"]
	invite := func(token string, orgs ...string) acctest.Response {
		return s.Do(t, token, "POST", "/v1/invitations", map[string]any{"email": "reach@example.com", "organization_id": one.clientA,
			"organization_ids": orgs, "role_ids": []string{"viewer"}})
	}
	// An organization out of reach answers as one that does not exist.
	fake := invite(clientAdmin, one.clientA, "org_doesnotexist")
	for _, other := range []string{one.clientB, two.clientA, one.partner} {
		r := invite(clientAdmin, one.clientA, other)
		if r.Status != http.StatusNotFound || fake.Status != http.StatusNotFound ||
			strings.ReplaceAll(r.Str(t, "detail"), other, "org_doesnotexist") != fake.Str(t, "detail") {
			t.Errorf("client admin inviting to %s: %d %s\nbut for a made-up id %d %s", other, r.Status, r.Body, fake.Status, fake.Body)
		}
	}
	// A viewer sees the organization but may not invite into it.
	if r := invite(one.tokens["client A viewer"], one.clientA); r.Status != http.StatusForbidden ||
		!strings.Contains(r.Str(t, "detail"), "users:invite") {
		t.Errorf("viewer: %d %s", r.Status, r.Body)
	}
	for _, bad := range []map[string]any{
		{"organization_ids": []string{}},
		{"organization_ids": []string{""}},
		{"organization_ids": "org_x"},
	} {
		body := map[string]any{"email": "bad@example.com", "organization_id": one.clientA, "role_ids": []string{"viewer"}}
		for k, v := range bad {
			body[k] = v
		}
		if r := s.Do(t, clientAdmin, "POST", "/v1/invitations", body); r.Status != http.StatusBadRequest ||
			!strings.Contains(string(r.Body), "organization_ids") {
			t.Errorf("%v: %d %s, want a 400 naming organization_ids", bad, r.Status, r.Body)
		}
	}

	// The partner admin invites someone homed in client A to both clients.
	multi := s.Must(t, 201, one.tokens["partner admin"], "POST", "/v1/invitations", map[string]any{"email": "both@example.com",
		"organization_id": one.clientA, "organization_ids": []string{one.clientA, one.clientB}, "role_ids": []string{"viewer"}}).Str(t, "id")
	for _, p := range invitationProbes(multi) {
		var body any
		if p.body != "" {
			body = p.body
		}
		if r := s.Do(t, clientAdmin, p.method, p.path, body); r.Status != http.StatusNotFound {
			t.Errorf("client A admin: %s %s = %d, want 404", p.method, p.path, r.Status)
		}
	}
	for _, path := range []string{"/v1/invitations?limit=200", "/v1/invitations?email=both@example.com",
		"/v1/invitations?organization_id=" + one.clientA, "/v1/audit-events?limit=200"} {
		if r := s.Must(t, 200, clientAdmin, "GET", path, nil); strings.Contains(string(r.Body), multi) ||
			strings.Contains(string(r.Body), one.clientB) {
			t.Errorf("client A admin: %s shows the invitation reaching client B: %s", path, r.Body)
		}
	}
	dup := s.Do(
		t,
		clientAdmin,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "both@example.com", "organization_id": one.clientA, "role_ids": []string{"viewer"}},
	)
	// The answer does not depend on what the caller cannot see: the
	// invitation is made, as for an address nobody invited.
	if dup.Status != http.StatusCreated || strings.Contains(string(dup.Body), multi) {
		t.Errorf("duplicate of an invisible invitation: %d %s, want a 201 that does not name it", dup.Status, dup.Body)
	}
	// The partner admin, who reaches both, sees and manages it.
	s.Must(t, 200, one.tokens["partner admin"], "GET", "/v1/invitations/"+multi, nil)
	if r := s.Must(t, 200, one.tokens["partner admin"], "GET", "/v1/invitations?organization_id="+one.clientB, nil); !strings.Contains(
		string(r.Body),
		multi,
	) {
		t.Errorf("filtering by an organization the invitation grants in does not find it: %s", r.Body)
	}
}

func toStrings(v any) []string {
	out := []string{}
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// TestDeletingAnOrganizationAnInvitationGrantsIn: a pending invitation that
// grants in an organization keeps it from being deleted without force; a
// forced delete takes the organization out of invitations homed elsewhere,
// and removes those that granted nowhere else.
func TestDeletingAnOrganizationAnInvitationGrantsIn(t *testing.T) {
	s := acctest.StartAPI(t)
	msp := s.Org(t, "Harbor MSP", "partner", s.RootID)
	a := s.Org(t, "Alder Community", "client", msp)
	b := s.Org(t, "Birch Community", "client", msp)
	both := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "both@harbor.example", "organization_id": msp,
		"organization_ids": []string{a, b}, "role_ids": []string{"viewer"}}).JSON(t)
	onlyB := s.Admin(t, 201, "POST", "/v1/invitations", map[string]any{"email": "onlyb@harbor.example", "organization_id": msp,
		"organization_ids": []string{b}, "role_ids": []string{"viewer"}}).Str(t, "id")
	if r := s.Admin(t, 409, "DELETE", "/v1/organizations/"+b, nil); !strings.Contains(r.Str(t, "detail"), "2 pending invitation(s)") {
		t.Errorf("delete without force: %s", r.Body)
	}
	s.Admin(t, 204, "DELETE", "/v1/organizations/"+b+"?force=true", nil)
	got := s.Admin(t, 200, "GET", "/v1/invitations/"+both["id"].(string), nil).JSON(t)
	if !slices.Equal(toStrings(got["organization_ids"]), []string{a}) || got["version"].(float64) <= both["version"].(float64) {
		t.Errorf("after the forced delete the invitation reads %v", got)
	}
	s.Admin(t, 404, "GET", "/v1/invitations/"+onlyB, nil)
}
