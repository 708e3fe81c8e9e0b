package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestNamesRefuseLineBreaksAndControlCharacters: a name travels in mail
// subjects, so a line break in it would make every invitation to the
// organization undeliverable. Every kind of name refuses it with a 400 that
// names the field; free text keeps its line breaks.
func TestNamesRefuseLineBreaksAndControlCharacters(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	user := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{"email": "u@example.com", "first_name": "U", "last_name": "V", "organization_id": org, "send_invitation": false},
	).
		Str(t, "id")
	before := snapshot(t, s)
	for _, bad := range []string{"Acme\nBcc: " +
		"x@example.com", "Acme\r\nX", "Ac\tme", "Acme\u2028Corp", "Acme\u2029Corp", "Ac\u202eme", "Ac\u200bme"} {
		for _, c := range []struct{ method, path, field string }{
			{"POST", "/v1/organizations", fmt.Sprintf(`{"name":%q,"kind":"client","parent_id":%q}`, bad, s.RootID)},
			{"PATCH", "/v1/organizations/" + org, fmt.Sprintf(`{"name":%q}`, bad)},
			{"POST", "/v1/roles", fmt.Sprintf(`{"organization_id":%q,"name":%q,"permissions":["users:read"]}`, org, bad)},
			{"POST", "/v1/users", fmt.Sprintf(`{"email":"n@example.com","first_name":%q,"last_name":"L","organization_id":%q}`, bad, org)},
			{"PATCH", "/v1/users/" + user, fmt.Sprintf(`{"last_name":%q}`, bad)},
			{"POST", "/v1/users/" + user + "/tokens", fmt.Sprintf(`{"name":%q}`, bad)},
		} {
			r := s.Do(t, acctest.BootstrapToken, c.method, c.path, c.field)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "line breaks") {
				t.Errorf("%s %s with %q: %d %s", c.method, c.path, bad, r.Status, r.Body)
			}
		}
	}
	if after := snapshot(t, s); after != before {
		t.Error("a refused name changed data")
	}
	// A message may span lines.
	s.Admin(
		t,
		201,
		"POST",
		"/v1/invitations",
		map[string]any{"email": "x@example.com", "organization_id": org, "role_ids": []string{"viewer"}, "message": "Hello,\nwelcome aboard."},
	)
}

// TestNamesAreStoredAndComparedInNFC: the composed and decomposed spellings
// of a name are one name, for storage and for uniqueness among siblings.
func TestNamesAreStoredAndComparedInNFC(t *testing.T) {
	s := acctest.StartAPI(t)
	nfc, nfd := "Caf\u00e9 Ltd", "Cafe\u0301 Ltd"
	r := s.Admin(t, 201, "POST", "/v1/organizations", map[string]any{"name": nfd, "kind": "partner", "parent_id": s.RootID})
	org := r.Str(t, "id")
	if got := r.Str(t, "name"); got != nfc {
		t.Fatalf("name stored as %+q, want NFC %+q", got, nfc)
	}
	if got := s.Admin(t, 200, "GET", "/v1/organizations/"+org, nil).Str(t, "name"); got != nfc {
		t.Fatalf("name read back as %+q", got)
	}
	r = s.Do(
		t,
		acctest.BootstrapToken,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "CAF\u00c9 LTD", "kind": "client", "parent_id": s.RootID},
	)
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), org) {
		t.Fatalf("sibling differing in case and normalization: %d %s", r.Status, r.Body)
	}
	// The name filter finds it whichever way it is spelt.
	var out struct{ Items []struct{ ID string } }
	mustUnmarshal(t, s.Admin(t, 200, "GET", "/v1/organizations?name="+strings.ReplaceAll("cafe\u0301 ltd", " ", "%20"), nil).Body, &out)
	if len(out.Items) != 1 || out.Items[0].ID != org {
		t.Fatalf("filter by the decomposed name: %+v", out.Items)
	}
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": org, "name": "R\u00e9viseur", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	r = s.Do(
		t,
		acctest.BootstrapToken,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": org, "name": "re\u0301viseur", "permissions": []string{"users:read"}},
	)
	if r.Status != http.StatusConflict || !strings.Contains(string(r.Body), role) {
		t.Fatalf("role differing in normalization: %d %s", r.Status, r.Body)
	}
	u := s.Admin(
		t,
		201,
		"POST",
		"/v1/users",
		map[string]any{
			"email":           "z@example.com",
			"first_name":      "Zo\u0065\u0308",
			"last_name":       "L",
			"organization_id": org,
			"send_invitation": false,
		},
	)
	if got := u.Str(t, "first_name"); got != "Zo\u00eb" {
		t.Fatalf("first name stored as %+q", got)
	}
}

// TestLookalikeNamesAreRefused: a role name mixing scripts, or looking like
// a built-in role, is refused with a message saying what is accepted.
func TestLookalikeNamesAreRefused(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	role := s.Admin(
		t,
		201,
		"POST",
		"/v1/roles",
		map[string]any{"organization_id": org, "name": "Helpdesk", "permissions": []string{"users:read"}},
	).
		Str(t, "id")
	for name, want := range map[string]string{
		"\u0430dmin":                     "mixes letters of different scripts",          // Cyrillic а
		"Acme \u0421orp":                 "mixes letters of different scripts",          // Cyrillic С
		"\u0430\u0501\u043c\u0456\u043f": `looks like the built-in role name \"admin\"`, // all Cyrillic
		"\u00e1dmin":                     `looks like the built-in role name \"admin\"`,
		"User Manager":                   `looks like the built-in role name \"user_manager\"`,
		"VIEWER":                         "built-in role",
	} {
		for _, c := range []struct{ method, path string }{{"POST", "/v1/roles"}, {"PATCH", "/v1/roles/" + role}} {
			body := map[string]any{"name": name}
			if c.method == "POST" {
				body["organization_id"], body["permissions"] = org, []string{"users:read"}
			}
			r := s.Do(t, acctest.BootstrapToken, c.method, c.path, body)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), want) || !strings.Contains(string(r.Body), `"name"`) {
				t.Errorf("%s %s %q: %d %s", c.method, c.path, name, r.Status, r.Body)
			}
		}
	}
	// One script is fine, whichever it is; so is Latin with Japanese.
	for _, name := range []string{"Техник", "Τεχνικός", "サポート Tier 2"} {
		s.Admin(t, 201, "POST", "/v1/roles", map[string]any{"organization_id": org, "name": name, "permissions": []string{"users:read"}})
	}
	r := s.Do(
		t,
		acctest.BootstrapToken,
		"POST",
		"/v1/organizations",
		map[string]any{"name": "P\u0430yPal", "kind": "client", "parent_id": s.RootID},
	)
	if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "one script") {
		t.Fatalf("mixed-script organization name: %d %s", r.Status, r.Body)
	}
}

// TestAddressLiteralEmailsAreRefused: an invitation or account cannot be
// addressed to an IP address or address literal.
func TestAddressLiteralEmailsAreRefused(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	before := snapshot(t, s)
	for _, addr := range []string{"a@[127.0.0.1]", "a@[IPv6:::1]", "a@127.0.0.1", "a@ex_ample.com"} {
		r := s.Do(
			t,
			acctest.BootstrapToken,
			"POST",
			"/v1/invitations",
			map[string]any{"email": addr, "organization_id": org, "role_ids": []string{"viewer"}},
		)
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "email") {
			t.Errorf("invitation to %q: %d %s", addr, r.Status, r.Body)
		}
		r = s.Do(
			t,
			acctest.BootstrapToken,
			"POST",
			"/v1/users",
			map[string]any{"email": addr, "first_name": "A", "last_name": "B", "organization_id": org},
		)
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "email") {
			t.Errorf("user %q: %d %s", addr, r.Status, r.Body)
		}
	}
	if after := snapshot(t, s); after != before {
		t.Error("a refused address changed data")
	}
}

// TestInvisibleCharactersAndLookalikeNames: a name with an invisible or
// default-ignorable character is a 400 naming the character, for every kind
// of name; two names that render alike are one name, so the second sibling
// is a 409; and no custom role renders like a built-in.
func TestInvisibleCharactersAndLookalikeNames(t *testing.T) {
	s := acctest.StartAPI(t)
	org := s.Org(t, "Acme", "client", s.RootID)
	s.Org(t, "Ace", "client", s.RootID)
	user := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "inv@example.com", "first_name": "U", "last_name": "V",
		"organization_id": org, "send_invitation": false}).Str(t, "id")
	for bad, named := range map[string]string{
		"Acme\u3164": "U+3164 HANGUL FILLER", "Acme\u115f": "U+115F", "Ac\u034fme": "U+034F", "Acme\ufe0f": "U+FE0F",
		"Ac\u200dme": "U+200D ZERO WIDTH JOINER",
	} {
		for _, c := range []struct{ method, path, body string }{
			{"POST", "/v1/organizations", fmt.Sprintf(`{"name":%q,"kind":"client","parent_id":%q}`, bad, s.RootID)},
			{"POST", "/v1/roles", fmt.Sprintf(`{"organization_id":%q,"name":%q,"permissions":["users:read"]}`, org, bad)},
			{"PATCH", "/v1/users/" + user, fmt.Sprintf(`{"first_name":%q}`, bad)},
			{"POST", "/v1/users/" + user + "/tokens", fmt.Sprintf(`{"name":%q}`, bad)},
			{"POST", "/v1/service-accounts", fmt.Sprintf(`{"organization_id":%q,"name":%q}`, org, bad)},
		} {
			r := s.Do(t, acctest.BootstrapToken, c.method, c.path, c.body)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), named) {
				t.Errorf("%s %s with %q: %d %s, want a 400 naming %s", c.method, c.path, bad, r.Status, r.Body, named)
			}
		}
	}
	for _, twin := range []string{"Ａcme", "ACME", "Асе", "Ac\u00a0me"} { // full-width, case, Cyrillic, a no-break space
		body := map[string]any{"name": twin, "kind": "client", "parent_id": s.RootID}
		if r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/organizations", body); r.Status != http.StatusConflict && twin != "Ac\u00a0me" {
			t.Errorf("a sibling named %q beside Acme and Ace: %d %s", twin, r.Status, r.Body)
		}
	}
	s.Org(t, "Acme Corp", "client", s.RootID)
	body := map[string]any{"name": "Acme\u00a0Corp", "kind": "client", "parent_id": s.RootID}
	if r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/organizations", body); r.Status != http.StatusConflict {
		t.Errorf("a sibling with a no-break space: %d %s", r.Status, r.Body)
	}
	for _, lookalike := range []string{"admin\u3164", "Аdmin", "ADMIN"} {
		r := s.Do(t, acctest.BootstrapToken, "POST", "/v1/roles", map[string]any{"organization_id": org, "name": lookalike,
			"permissions": []string{"users:read"}})
		if r.Status != http.StatusBadRequest {
			t.Errorf("a custom role named %q: %d %s", lookalike, r.Status, r.Body)
		}
	}
}
