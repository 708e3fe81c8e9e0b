package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// recorder answers every request with body and keeps what it was sent.
type recorder struct {
	mu     sync.Mutex
	body   string
	method string
	path   string
	query  url.Values
	accept string
	sent   string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.method, r.path, r.query, r.accept, r.sent = req.Method, req.URL.Path, req.URL.Query(), req.Header.Get("Accept"), string(b)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(r.body))
}

// TestPatchBodies pins what each update puts on the wire: only the fields
// set, null where a field is cleared.
func TestPatchBodies(t *testing.T) {
	rec := &recorder{body: `{"id":"x","version":2}`}
	c := testClient(t, rec, 0)
	ctx := context.Background()
	for _, tc := range []struct {
		name, path, want string
		call             func() error
	}{
		{"user, phone cleared", "/v1/users/u1", `{"first_name":"Ann","phone":null}`, func() error {
			_, err := c.UpdateUser(ctx, "u1", wire.UserUpdate{FirstName: wire.Value("Ann"), Phone: wire.Null[string]()})
			return err
		}},
		{"user, nothing", "/v1/users/u1", `{}`, func() error {
			_, err := c.UpdateUser(ctx, "u1", wire.UserUpdate{})
			return err
		}},
		{"organization, external_id cleared", "/v1/organizations/o1", `{"external_id":null,"enabled":false}`, func() error {
			_, err := c.UpdateOrganization(ctx, "o1", wire.OrganizationUpdate{ExternalID: wire.Null[string](), Enabled: wire.Value(false)})
			return err
		}},
		{"role", "/v1/roles/r1", `{"name":"ops","description":"","permissions":["users:read"]}`, func() error {
			_, err := c.UpdateRole(
				ctx,
				"r1",
				wire.RoleUpdate{Name: wire.Value("ops"), Description: wire.NullableValue(""), Permissions: wire.Value([]string{"users:read"})},
			)
			return err
		}},
		{"invitation", "/v1/invitations/i1", `{"role_ids":["viewer"]}`, func() error {
			_, err := c.UpdateInvitation(ctx, "i1", wire.InvitationUpdate{RoleIDs: wire.Value([]string{"viewer"})})
			return err
		}},
		{"service account", "/v1/service-accounts/s1", `{"description":"CI","enabled":true}`, func() error {
			_, err := c.UpdateServiceAccount(ctx, "s1", wire.ServiceAccountUpdate{Description: wire.NullableValue("CI"), Enabled: wire.Value(true)})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			if rec.method != http.MethodPatch || rec.path != tc.path || rec.sent != tc.want {
				t.Fatalf("sent %s %s %s, want PATCH %s %s", rec.method, rec.path, rec.sent, tc.path, tc.want)
			}
		})
	}
}

// TestListFilters pins the query parameters of each list's filter.
func TestListFilters(t *testing.T) {
	rec := &recorder{body: `{"items":[],"next_page_token":""}`}
	c := testClient(t, rec, 0)
	ctx := context.Background()
	yes, no := true, false
	for _, tc := range []struct {
		name, path, want string
		call             func() error
	}{
		{"users", "/v1/users", "email=a%40example.com&include_descendants=true&limit=200&mfa_enrolled=false&" +
			"organization_id=o&q=ann&role_id=viewer&status=active",
			func() error {
				_, err := c.ListUsers(
					ctx,
					wire.UserQuery{
						OrganizationID:     "o",
						IncludeDescendants: true,
						Status:             "active",
						RoleID:             "viewer",
						MFAEnrolled:        &no,
						Q:                  "ann",
						Email:              "a@example.com",
					},
				)
				return err
			}},
		{"organizations", "/v1/organizations", "external_id=crm-1&kind=client&limit=200&name=Acme&parent_id=p", func() error {
			_, err := c.ListOrganizations(ctx, wire.OrganizationQuery{ParentID: "p", Kind: "client", Name: "Acme", ExternalID: "crm-1"})
			return err
		}},
		{"roles", "/v1/roles", "builtin=true&limit=200&name=ops&organization_id=o", func() error {
			_, err := c.ListRoles(ctx, wire.RoleQuery{OrganizationID: "o", Name: "ops", Builtin: &yes})
			return err
		}},
		{"role assignments", "/v1/role-assignments", "invitation_id=i&limit=200&organization_id=o&role_id=r&user_id=u", func() error {
			_, err := c.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{UserID: "u", OrganizationID: "o", RoleID: "r", InvitationID: "i"})
			return err
		}},
		{"invitations", "/v1/invitations", "email=a%40example.com&limit=200&organization_id=o&status=pending", func() error {
			_, err := c.ListInvitations(ctx, wire.InvitationQuery{OrganizationID: "o", Status: "pending", Email: "a@example.com"})
			return err
		}},
		{"service accounts", "/v1/service-accounts", "limit=200&name=ci&organization_id=o", func() error {
			_, err := c.ListServiceAccounts(ctx, wire.ServiceAccountQuery{OrganizationID: "o", Name: "ci"})
			return err
		}},
		{"audit events", "/v1/audit-events", "action=user.update&actor_user_id=a&limit=200&object_id=x&organization_id=o", func() error {
			_, err := c.ListAuditEvents(ctx, wire.AuditEventQuery{OrganizationID: "o", ObjectID: "x", Action: "user.update", ActorUserID: "a"})
			return err
		}},
		{"empty filter", "/v1/roles", "limit=200", func() error {
			_, err := c.ListRoles(ctx, wire.RoleQuery{})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); err != nil {
				t.Fatal(err)
			}
			if rec.path != tc.path || rec.query.Encode() != tc.want {
				t.Fatalf("sent %s?%s, want %s?%s", rec.path, rec.query.Encode(), tc.path, tc.want)
			}
		})
	}
}

// TestExportUsersCSVTakesTheListFilters: the export sends the list's query,
// asking for CSV, and returns the body as it came.
func TestExportUsersCSVTakesTheListFilters(t *testing.T) {
	rec := &recorder{body: "id,email\n"}
	out, err := testClient(t, rec, 0).ExportUsersCSV(context.Background(), wire.UserQuery{OrganizationID: "o", Status: "locked"})
	if err != nil || string(out) != "id,email\n" {
		t.Fatalf("%q %v", out, err)
	}
	if rec.path != "/v1/exports/users" || rec.accept != "text/csv" || rec.query.Encode() != "organization_id=o&status=locked" {
		t.Fatalf("sent %s?%s Accept %s", rec.path, rec.query.Encode(), rec.accept)
	}
}

// TestStrictDecodingRefusesUnknownFields: tests against the bundled API
// refuse a field the client's types lack; production clients accept it, so
// that an API gaining a field does not break a released provider.
func TestStrictDecodingRefusesUnknownFields(t *testing.T) {
	rec := &recorder{body: `{"id":"org_1","version":1,"name":"A","colour":"blue"}`}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	for _, strict := range []bool{false, true} {
		c, err := New(Config{Endpoint: srv.URL, Token: "t", StrictDecoding: strict})
		if err != nil {
			t.Fatal(err)
		}
		org, err := c.GetOrganization(context.Background(), "org_1")
		switch {
		case strict && (err == nil || !strings.Contains(err.Error(), `unknown field "colour"`) ||
			!strings.Contains(err.Error(), "GET /v1/organizations/org_1")):
			t.Errorf("strict: %v", err)
		case !strict && (err != nil || org.ID != "org_1" || org.Name != "A"):
			t.Errorf("tolerant: %+v %v", org, err)
		}
	}
}

// TestStrictDecodingKeepsTheRestOfUnmarshalsRules: a known shape decodes, and
// what follows the value is refused as json.Unmarshal refuses it.
func TestStrictDecodingKeepsTheRestOfUnmarshalsRules(t *testing.T) {
	for body, ok := range map[string]bool{
		`{"id":"org_1","version":1}`:        true,
		" {\"id\":\"org_1\"} \n":            true,
		`{"id":"org_1"} {"id":"org_2"}`:     false,
		`{"id":"org_1"} x`:                  false,
		`{"id":"org_1","version":"one"}`:    false,
		`{"items":[],"next_page_token":""}`: false,
	} {
		rec := &recorder{body: body}
		srv := httptest.NewServer(rec)
		c, err := New(Config{Endpoint: srv.URL, Token: "t", StrictDecoding: true})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetOrganization(context.Background(), "org_1")
		srv.Close()
		if (err == nil) != ok {
			t.Errorf("%s: err %v, want ok=%v", body, err, ok)
		}
	}
}
