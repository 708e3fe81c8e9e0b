package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// Regression tests for attacks tried against the API as a hostile tenant
// would, each through HTTP. The security model they enforce is
// templates/guides/security-model.md.tmpl.

// mspTree is root → partner → client, with a partner admin and a client admin.
type mspTree struct {
	s                         *acctest.Server
	partner, client           string
	partnerAdmin, clientAdm   string // user ids
	partnerToken, clientToken string
}

func newMSPTree(t *testing.T) *mspTree {
	t.Helper()
	s := acctest.StartAPI(t)
	m := &mspTree{s: s}
	m.partner = s.Org(t, "MSP", "partner", s.RootID)
	m.client = s.Org(t, "Client", "client", m.partner)
	m.partnerAdmin, m.partnerToken = s.UserWithToken(t, m.partner, "admin", "padmin@msp.example")
	m.clientAdm, m.clientToken = s.UserWithToken(t, m.client, "admin", "cadmin@client.example")
	return m
}

// accessOrgs lists the organizations a token's /v1/me grants reach.
func meReaches(t *testing.T, s *acctest.Server, token, org string) bool {
	t.Helper()
	return strings.Contains(string(s.Must(t, 200, token, "GET", "/v1/me", nil).Body), org)
}

// Attack 1: a client administrator creates (or renames an account to) an
// address someone above will be invited with, mints a token for it, and
// waits for the invitation to be accepted onto the squatted account.
func TestAttackEmailSquatting(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	const victim = "tech@msp.example"

	// Squat before the invitation: an account the client admin made and holds a token for.
	squat := s.Must(t, 201, m.clientToken, "POST", "/v1/users", map[string]any{"email": victim, "first_name": "S", "last_name": "Q",
		"organization_id": m.client, "send_invitation": false}).Str(t, "id")
	squatToken := s.Must(t, 201, m.clientToken, "POST", "/v1/users/"+squat+"/tokens", map[string]any{"name": "mine"}).Str(t, "token")
	inv := s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": victim, "organization_id": m.partner, "role_ids": []string{"technician"}},
	).
		JSON(t)
	if inv["status"] != "pending" || inv["user_id"] != nil {
		t.Fatalf("an invitation to an unverified account was accepted at once: %v", inv)
	}
	if meReaches(t, s, squatToken, m.partner) {
		t.Fatal("the squatter's token reaches the partner")
	}
	// The real person accepts with the link from their mailbox: that finishes the account's set-up.
	link := s.LinkToken(t, victim)
	acc := s.Must(t, 200, "", "POST", "/v1/invitations/accept", map[string]any{"token": link, "password": "the real owner's passphrase"}).
		JSON(t)
	if acc["user_id"] != squat || acc["account_created"] != false {
		t.Fatalf("accept: %v", acc)
	}
	// The mailbox's owner took the account over: the squatter's token is gone.
	s.Must(t, 401, squatToken, "GET", "/v1/me", nil)
	// And the client admin can no longer act on the account, which now holds more than they do.
	s.Must(t, 403, m.clientToken, "POST", "/v1/users/"+squat+"/tokens", map[string]any{"name": "again"})

	// Rename variant: the client admin renames their own account to the next
	// invited address. The invitation stays pending, and its link, in the real
	// mailbox, either takes the account over (never set up: every token the
	// squatter held dies) or needs the account's password (set up).
	const next = "lead@msp.example"
	s.Must(t, 200, m.clientToken, "PATCH", "/v1/users/"+m.clientAdm, map[string]any{"email": next})
	inv = s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": next, "organization_id": m.partner, "role_ids": []string{"admin"}},
	).
		JSON(t)
	if inv["status"] != "pending" {
		t.Fatalf("an invitation to a renamed account was accepted at once: %v", inv)
	}
	if meReaches(t, s, m.clientToken, m.partner) {
		t.Fatal("the renamed account reaches the partner")
	}
	s.Must(
		t,
		200,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": s.LinkToken(t, next), "password": "the real owner's passphrase"},
	)
	s.Must(t, 401, m.clientToken, "GET", "/v1/me", nil)

	// The same with an account whose set-up was finished: the link alone is not enough.
	other, otherToken := s.UserWithToken(t, m.client, "admin", "other@client.example")
	s.Admin(t, 200, "POST", "/v1/users/"+other+"/resend-invitation", nil)
	s.FinishSetup(t, "other@client.example")
	const third = "third@msp.example"
	s.Must(t, 200, otherToken, "PATCH", "/v1/users/"+other, map[string]any{"email": third})
	s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": third, "organization_id": m.partner, "role_ids": []string{"admin"}},
	)
	r := s.Do(t, "", "POST", "/v1/invitations/accept", map[string]any{"token": s.LinkToken(t, third), "password": "someone else's passphrase"})
	if r.Status != http.StatusForbidden || r.Str(t, "code") != "account_password_mismatch" {
		t.Fatalf("accept onto someone else's account: %d %s", r.Status, r.Body)
	}
	if meReaches(t, s, otherToken, m.partner) {
		t.Fatal("the renamed account reaches the partner")
	}
}

// Attack 1, late variant: the squat happens after the invitation was sent;
// the real invitee's accept must not drop their password and leave the
// account in the squatter's hands.
func TestAttackSquatAfterInvitation(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	const victim = "late@msp.example"
	s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": victim, "organization_id": m.partner, "role_ids": []string{"technician"}},
	)
	link := s.LinkToken(t, victim)
	squat := s.Must(t, 201, m.clientToken, "POST", "/v1/users", map[string]any{"email": victim, "first_name": "S", "last_name": "Q",
		"organization_id": m.client, "send_invitation": false}).Str(t, "id")
	squatToken := s.Must(t, 201, m.clientToken, "POST", "/v1/users/"+squat+"/tokens", map[string]any{"name": "mine"}).Str(t, "token")

	acc := s.Must(
		t,
		200,
		"",
		"POST",
		"/v1/invitations/accept",
		map[string]any{"token": link, "first_name": "Real", "last_name": "Person", "password": "the real owner's passphrase"},
	).
		JSON(t)
	u := s.Admin(t, 200, "GET", "/v1/users/"+acc["user_id"].(string), nil).JSON(t)
	if u["status"] != "active" {
		t.Fatalf("the invitee's password was thrown away: %v", u)
	}
	s.Must(t, 401, squatToken, "GET", "/v1/me", nil)
}

// Attack 8: inviting an existing e-mail of another tenant must neither reveal
// the account nor grant it anything without its owner.
func TestAttackInviteOtherTenantsAccount(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	other := s.Org(t, "Other MSP", "partner", s.RootID)
	stranger, _ := s.UserWithToken(t, other, "admin", "boss@other.example")
	s.Admin(t, 200, "PATCH", "/v1/users/"+stranger, map[string]any{"initial_password": "set by an administrator"})
	s.Session(t, "boss@other.example", "set by an administrator", "")

	known := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "boss@other.example", "organization_id": m.client, "role_ids": []string{"viewer"}},
	)
	unknown := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "nobody@other.example", "organization_id": m.client, "role_ids": []string{"viewer"}},
	)
	k, u := known.JSON(t), unknown.JSON(t)
	if k["status"] != "pending" || k["user_id"] != nil || strings.Contains(string(known.Body), stranger) {
		t.Fatalf("invitation to another tenant's account: %s", known.Body)
	}
	if len(k) != len(u) || k["status"] != u["status"] {
		t.Fatalf("answers differ for an existing and a new address:\n%s\n%s", known.Body, unknown.Body)
	}
	access := s.Admin(t, 200, "GET", "/v1/users/"+stranger+"/access", nil)
	if strings.Contains(string(access.Body), m.client) {
		t.Fatalf("the stranger was granted access without consent: %s", access.Body)
	}

	// users:invite without roles:assign cannot grant a role through an invitation.
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{
			"organization_id": m.client,
			"name":            "Inviter",
			"permissions":     []string{"users:invite", "users:read", "organizations:read"},
		},
	).
		Str(t, "id")
	inviter, inviterToken := s.UserWithToken(t, m.client, "", "inviter@client.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": inviter, "organization_id": m.client, "role_id": role})
	r := s.Do(
		t,
		inviterToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "x@client.example", "organization_id": m.client, "role_ids": []string{"viewer"}},
	)
	if r.Status != http.StatusForbidden || !strings.Contains(r.Str(t, "detail"), "roles:assign") {
		t.Fatalf("invite without roles:assign: %d %s", r.Status, r.Body)
	}
}

// An invitation the sender could have granted directly, to a verified
// account they manage, takes effect at once.
func TestInvitationToManagedVerifiedAccountIsImmediate(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	id := s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/users",
		map[string]any{"email": "eve@client.example", "first_name": "E", "last_name": "V", "organization_id": m.client},
	).
		Str(t, "id")
	s.FinishSetup(t, "eve@client.example")
	inv := s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "EVE@client.example", "organization_id": m.partner, "role_ids": []string{"viewer"}},
	).
		JSON(t)
	if inv["status"] != "accepted" || inv["user_id"] != id {
		t.Fatalf("invitation: %v", inv)
	}
}

// Accepting as an existing account takes that account's password; the
// pages say which case the link is in.
func TestAcceptAsExistingAccount(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	other := s.Org(t, "Other", "partner", s.RootID)
	s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "kim@other.example", "first_name": "K", "last_name": "M", "organization_id": other},
	)
	s.FinishSetup(t, "kim@other.example") // password "correct horse battery staple"
	s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "kim@other.example", "organization_id": m.partner, "role_ids": []string{"viewer"}},
	)
	link := s.LinkToken(t, "kim@other.example")

	resp, err := http.Get(s.URL + "/invitations/accept?token=" + link)
	if err != nil {
		t.Fatal(err)
	}
	page := readAll(t, resp)
	if !containsAll(page, "already have a portal account", "kim@other.example", "current-password") || strings.Contains(page, "first_name") {
		t.Fatalf("accept page for an existing account: %s", page)
	}
	status, body := postForm(t, s, "/invitations/accept", map[string][]string{"token": {link}, "password": {"not the right password"}})
	if status != http.StatusForbidden || !strings.Contains(body, "password of that account") {
		t.Fatalf("wrong password: %d %s", status, body)
	}
	status, body = postForm(t, s, "/invitations/accept", map[string][]string{"token": {link}, "password": {"correct horse battery staple"}})
	if status != http.StatusOK || !strings.Contains(body, "Invitation accepted") || strings.Contains(body, "Your account is ready") {
		t.Fatalf("accept: %d %s", status, body)
	}
	// A used link shows why it is dead, without a form.
	resp, err = http.Get(s.URL + "/invitations/accept?token=" + link)
	if err != nil {
		t.Fatal(err)
	}
	page = readAll(t, resp)
	if resp.StatusCode != http.StatusGone || strings.Contains(page, "<form") || !strings.Contains(page, "already used") {
		t.Fatalf("dead link page: %d %s", resp.StatusCode, page)
	}
	resp, err = http.Get(s.URL + "/account/setup?token=pst_forged")
	if err != nil {
		t.Fatal(err)
	}
	if page = readAll(t, resp); resp.StatusCode != http.StatusGone || strings.Contains(page, "<form") {
		t.Fatalf("dead set-up link page: %d %s", resp.StatusCode, page)
	}
}

// Attack 2: disabling or force-deleting an organization must cover everyone
// living in it, and never cut off the last root administrator.
func TestAttackDisableOrganizationOfStrongerUser(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	// A root administrator whose home is the partner's client.
	rootAdm, rootAdmToken := s.UserWithToken(t, m.client, "", "rootadmin@client.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": rootAdm, "organization_id": s.RootID, "role_id": "admin"})

	r := s.Do(t, m.partnerToken, "PATCH", "/v1/organizations/"+m.client, map[string]any{"enabled": false})
	if r.Status != http.StatusForbidden {
		t.Fatalf("partner admin disabled the home of a root admin: %d %s", r.Status, r.Body)
	}
	r = s.Do(t, m.partnerToken, "DELETE", "/v1/organizations/"+m.client+"?force=true", nil)
	if r.Status != http.StatusForbidden {
		t.Fatalf("partner admin force-deleted the home of a root admin: %d %s", r.Status, r.Body)
	}
	s.Must(t, 200, rootAdmToken, "GET", "/v1/me", nil)

	// The last enabled root administrator's home cannot be cut off either.
	s.Admin(t, 204, "DELETE", "/v1/users/"+rootAdm, nil)
	home := s.Org(t, "Admins", "client", s.RootID)
	last, lastToken := s.UserWithToken(t, home, "", "last@portal.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": last, "organization_id": s.RootID, "role_id": "admin"})
	s.Must(t, 200, lastToken, "PATCH", "/v1/users/"+s.AdminID, map[string]any{"enabled": false})
	r = s.Do(t, lastToken, "PATCH", "/v1/organizations/"+home, map[string]any{"enabled": false})
	if r.Status != http.StatusConflict {
		t.Fatalf("disabling the last root admin's home: %d %s", r.Status, r.Body)
	}
	s.Must(t, 200, lastToken, "GET", "/v1/me", nil)
}

// Attack 3: dev routes answer only a root administrator.
func TestAttackDevRoutesNeedRootAdmin(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	_, viewer := s.UserWithToken(t, m.client, "viewer", "viewer@client.example")
	for _, tok := range []string{viewer, m.clientToken, m.partnerToken} {
		for _, p := range []struct{ method, path string }{
			{"GET", "/v1/dev/outbox"},
			{"POST", "/v1/dev/clock"},
		} {
			var body any
			if p.method == "POST" {
				body = map[string]any{"advance_seconds": 3600}
			}
			if r := s.Do(t, tok, p.method, p.path, body); r.Status != http.StatusForbidden {
				t.Errorf("%s %s by a non-root caller: %d %s", p.method, p.path, r.Status, r.Body)
			}
		}
	}
	s.Admin(t, 200, "GET", "/v1/dev/outbox", nil)
}

// Attack 4: moving a client to another partner must not leave grants of the
// old partner's custom roles inside it.
func TestAttackMoveKeepsForeignRole(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	other := s.Org(t, "New Owner", "partner", s.RootID)
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.partner, "name": "Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": m.clientAdm, "organization_id": m.client, "role_id": role})
	r := s.Admin(t, 409, "PATCH", "/v1/organizations/"+m.client, map[string]any{"parent_id": other})
	if r.Str(t, "code") != "roles_outside_new_tree" {
		t.Fatalf("move: %s", r.Body)
	}
	var out struct{ Items []map[string]any }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/role-assignments?role_id="+role, nil).Body, &out)
	s.Admin(t, 204, "DELETE", "/v1/role-assignments/"+out.Items[0]["id"].(string), nil)
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+m.client, map[string]any{"parent_id": other})
}

// Attack 7: filters and access reviews are oracles unless limited to the
// caller's reach.
func TestAttackFiltersRevealNothing(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	// The client admin also holds admin on the partner? No: a client user who is a partner technician.
	techInClient, _ := s.UserWithToken(t, m.client, "viewer", "tech@client.example")
	s.Admin(
		t,
		201,
		"POST",
		"/v1/role-assignments",
		map[string]any{"user_id": techInClient, "organization_id": m.partner, "role_id": "technician"},
	)
	secret := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.partner, "name": "Secret", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": techInClient, "organization_id": m.partner, "role_id": secret})

	for _, q := range []string{"role_id=technician", "role_id=" + secret, "role_id=rol_doesnotexist"} {
		for _, accept := range []string{"application/json", "text/csv"} {
			r := s.Must(t, 200, m.clientToken, "GET", "/v1/users?"+q, nil, "Accept", accept)
			if strings.Contains(string(r.Body), techInClient) || strings.Contains(string(r.Body), "tech@client.example") {
				t.Errorf("GET /v1/users?%s (%s) names a holder of a role outside the caller's reach: %s", q, accept, r.Body)
			}
		}
	}
	review := s.Must(t, 200, m.clientToken, "GET", "/v1/users/"+techInClient+"/access", nil)
	if strings.Contains(string(review.Body), m.partner) || strings.Contains(string(review.Body), secret) {
		t.Errorf("the access review names the parent's assignments: %s", review.Body)
	}
}

// Attack 11: a holder of roles:write cannot remove permissions it does not
// hold from a role others hold.
func TestAttackRoleNarrowingNeedsThePermission(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.client, "name": "Auditor", "permissions": []string{"audit:read", "users:read"}},
	).
		Str(t, "id")
	writerRole := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.client, "name": "Role editor", "permissions": []string{"roles:read", "roles:write", "users:read"}},
	).
		Str(t, "id")
	editor, editorToken := s.UserWithToken(t, m.client, "", "editor@client.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": editor, "organization_id": m.client, "role_id": writerRole})
	r := s.Do(t, editorToken, "PATCH", "/v1/roles/"+role, map[string]any{"permissions": []string{"users:read"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Str(t, "detail"), "audit:read") {
		t.Fatalf("removing a permission the caller lacks: %d %s", r.Status, r.Body)
	}
}

// Tokens minted for someone else stay within what the issuer holds now.
func TestTokenCappedByIssuer(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	user, _ := s.UserWithToken(t, m.client, "viewer", "worker@client.example")
	minted := s.Must(t, 201, m.clientToken, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "delegated"}).Str(t, "token")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": user, "organization_id": m.partner, "role_id": "admin"})
	s.Must(t, 404, minted, "GET", "/v1/organizations/"+m.partner, nil)
	s.Must(t, 200, minted, "GET", "/v1/organizations/"+m.client, nil)
	// Nor can it mint a fresh token for its owner, now stronger than its issuer.
	s.Must(t, 403, minted, "POST", "/v1/users/"+user+"/tokens", map[string]any{"name": "laundered"})
	// Before the promotion it could, and that token is limited the same way.
	other, _ := s.UserWithToken(t, m.client, "viewer", "other@client.example")
	first := s.Must(t, 201, m.clientToken, "POST", "/v1/users/"+other+"/tokens", map[string]any{"name": "delegated"}).Str(t, "token")
	again := s.Must(t, 201, first, "POST", "/v1/users/"+other+"/tokens", map[string]any{"name": "laundered"}).Str(t, "token")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": other, "organization_id": m.partner, "role_id": "viewer"})
	s.Must(t, 404, again, "GET", "/v1/organizations/"+m.partner, nil)
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer func() { _ = resp.Body.Close() }()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// Attack 7, ids in fields: an invitation's sender and an audit event's actor
// are named only to callers who can see them.
func TestAttackIdsOfUsersAboveStayUnnamed(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	inv := s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "new@client.example", "organization_id": m.client, "role_ids": []string{"viewer"}},
	).
		Str(t, "id")
	for _, r := range []acctest.Response{
		s.Must(t, 200, m.clientToken, "GET", "/v1/invitations/"+inv, nil),
		s.Must(t, 200, m.clientToken, "GET", "/v1/invitations?limit=200", nil),
		s.Must(t, 200, m.clientToken, "GET", "/v1/audit-events?limit=200", nil),
	} {
		for _, above := range []string{m.partnerAdmin, s.AdminID} {
			if strings.Contains(string(r.Body), above) {
				t.Errorf("a client admin is told the id of a user above: %s", r.Body)
			}
		}
	}
	if got := s.Must(t, 200, m.partnerToken, "GET", "/v1/invitations/"+inv, nil).Str(t, "invited_by"); got != m.partnerAdmin {
		t.Errorf("the sender sees invited_by %q", got)
	}
}

// A token minted for an account that later gains more than the token's
// issuer held must not manage that account: no address change, set-up
// link, MFA reset or token management through it.
func TestAttackLimitedTokenCannotManageItsPromotedOwner(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	bob := s.Must(
		t,
		201,
		m.clientToken,
		"POST",
		"/v1/users",
		map[string]any{"email": "bob@client.example", "first_name": "B", "last_name": "O", "organization_id": m.client},
	).
		Str(t, "id")
	tok := s.Must(t, 201, m.clientToken, "POST", "/v1/users/"+bob+"/tokens", map[string]any{"name": "keep"}).Str(t, "token")
	s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/role-assignments",
		map[string]any{"user_id": bob, "organization_id": m.partner, "role_id": "admin"},
	)
	for _, p := range []struct{ method, path string }{
		{"PATCH", ""}, {"POST", "/resend-invitation"}, {"POST", "/reset-mfa"}, {"POST", "/unlock"}, {"POST", "/tokens"}, {"GET", "/tokens"},
	} {
		var body any
		switch {
		case p.method == "PATCH":
			body = map[string]any{"email": "x@attacker.example"}
		case p.path == "/tokens" && p.method == "POST":
			body = map[string]any{"name": "more"}
		}
		if r := s.Do(t, tok, p.method, "/v1/users/"+bob+p.path, body); r.Status != http.StatusForbidden && r.Status != http.StatusNotFound {
			t.Errorf("%s /v1/users/bob%s through a token minted by the client admin: %d %s", p.method, p.path, r.Status, r.Body)
		}
	}
}

// A grant on a disabled organization still counts when covering its holder:
// it wakes up when the organization is enabled again.
func TestAttackDormantGrantStillNeedsCovering(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	other := s.Org(t, "Suspended MSP", "partner", s.RootID)
	u, _ := s.UserWithToken(t, m.client, "", "sleeper@client.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": u, "organization_id": other, "role_id": "admin"})
	s.Admin(t, 200, "PATCH", "/v1/organizations/"+other, map[string]any{"enabled": false})
	for _, r := range []acctest.Response{
		s.Do(t, m.clientToken, "PATCH", "/v1/users/"+u, map[string]any{"email": "attacker@evil.example"}),
		s.Do(t, m.clientToken, "DELETE", "/v1/users/"+u, nil),
	} {
		if r.Status != http.StatusForbidden {
			t.Errorf("acting on the admin of a disabled partner: %d %s", r.Status, r.Body)
		}
	}
}

// Moving an organization must not hand the mover what they hold on the new parent.
func TestAttackMoveIsNoWayUp(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	p1 := s.Org(t, "P1", "partner", s.RootID)
	client := s.Org(t, "S", "client", p1)
	mover := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{
			"organization_id": p1,
			"name":            "Mover",
			"permissions":     []string{"organizations:read", "organizations:write", "users:read", "users:write"},
		},
	).
		Str(t, "id")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": m.partnerAdmin, "organization_id": p1, "role_id": mover})
	r := s.Do(t, m.partnerToken, "PATCH", "/v1/organizations/"+client, map[string]any{"parent_id": m.partner})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Str(t, "detail"), "roles:assign") {
		t.Fatalf("moving a client under a partner where the mover holds more: %d %s", r.Status, r.Body)
	}
}

// users:invite alone cannot change, renew or remove what an invitation grants.
func TestAttackInvitationManagementNeedsRolesAssign(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{
			"organization_id": m.client,
			"name":            "Inviter only",
			"permissions":     []string{"users:invite", "users:read", "organizations:read", "roles:read"},
		},
	).
		Str(t, "id")
	inviter, tok := s.UserWithToken(t, m.client, "", "inviter@client.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": inviter, "organization_id": m.client, "role_id": role})
	inv := s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "guest@client.example", "organization_id": m.client, "role_ids": []string{"admin"}},
	).
		Str(t, "id")
	for _, p := range []struct {
		method, path string
		body         any
	}{{"PATCH", "", map[string]any{"role_ids": []string{"viewer"}}}, {"POST", "/resend", nil}, {"POST", "/revoke", nil}, {"DELETE", "", nil}} {
		if r := s.Do(t, tok, p.method, "/v1/invitations/"+inv+p.path, p.body); r.Status != http.StatusForbidden {
			t.Errorf("%s invitation%s with users:invite only: %d %s", p.method, p.path, r.Status, r.Body)
		}
	}
}

// The audit trail's actor filter is no oracle for users the caller cannot see.
func TestAttackAuditActorFilter(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	s.Must(
		t,
		201,
		m.partnerToken,
		"POST",
		"/v1/users",
		map[string]any{"email": "made@client.example", "first_name": "M", "last_name": "A", "organization_id": m.client},
	)
	seen := s.Must(t, 200, m.clientToken, "GET", "/v1/audit-events?actor_user_id="+m.partnerAdmin, nil)
	fake := s.Must(t, 200, m.clientToken, "GET", "/v1/audit-events?actor_user_id=usr_doesnotexist", nil)
	if string(seen.Body) != string(fake.Body) {
		t.Fatalf("filtering by a hidden actor differs from a made-up one:\n%s\n%s", seen.Body, fake.Body)
	}
}

// Seeing a user is not seeing their credentials; a refused delete counts
// only what the caller may read.
func TestAttackTokensAndCountsNeedTheirPermission(t *testing.T) {
	m := newMSPTree(t)
	s := m.s
	_, viewer := s.UserWithToken(t, m.client, "viewer", "viewer@client.example")
	if r := s.Do(t, viewer, "GET", "/v1/users/"+m.clientAdm+"/tokens", nil); r.Status != http.StatusForbidden {
		t.Errorf("a viewer lists an admin's tokens: %d %s", r.Status, r.Body)
	}
	orgWriter := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": m.partner, "name": "Org writer", "permissions": []string{"organizations:read", "organizations:write"}},
	).
		Str(t, "id")
	w, wTok := s.UserWithToken(t, m.partner, "", "orgs@msp.example")
	s.Admin(t, 201, "POST", "/v1/role-assignments", map[string]any{"user_id": w, "organization_id": m.partner, "role_id": orgWriter})
	r := s.Do(t, wTok, "DELETE", "/v1/organizations/"+m.client, nil)
	if r.Status != http.StatusConflict || strings.Contains(r.Str(t, "detail"), "user(s)") ||
		!strings.Contains(r.Str(t, "detail"), "content you cannot see") {
		t.Errorf("refused delete by a caller who cannot read users: %d %s", r.Status, r.Body)
	}
}
