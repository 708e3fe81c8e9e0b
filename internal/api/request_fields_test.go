package api_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/api"
	"github.com/mspportal/terraform-provider-portal/internal/service"
)

// TestEveryRequestFieldTakesEffect creates an object with every field of
// its create body set and checks the answer shows each; then patches each
// field of its update body alone and checks the answer shows the new value
// and a new version. The fields come from the request types by reflection:
// a field added to a request type without a sample value here fails the
// test, and one decoded but never applied (a PATCH answering 200 and saving
// nothing) fails it too.
func TestEveryRequestFieldTakesEffect(t *testing.T) {
	s := acctest.StartAPI(t)
	partners := [2]string{s.Org(t, "Fields One", "partner", s.RootID), s.Org(t, "Fields Two", "partner", s.RootID)}
	for _, c := range []struct {
		path           string
		create, update any
		// values holds, for each field, the value created with and the value patched to.
		values map[string][2]any
		// notShown are create fields the object does not show, with the reason.
		notShown map[string]string
	}{{
		path: "/v1/organizations", create: service.OrgCreate{}, update: service.OrgUpdate{},
		values: map[string][2]any{
			"name": {"Fields Client", "Fields Client Renamed"}, "kind": {"client"}, "parent_id": {partners[0], partners[1]},
			"external_id": {"crm-1", "crm-2"}, "enabled": {true, false},
		},
	}, {
		path: "/v1/users", create: service.UserCreate{}, update: service.UserUpdate{},
		values: map[string][2]any{
			"email": {"fields@example.com", "fields.moved@example.com"}, "first_name": {"Ada", "Grace"}, "last_name": {"Lovelace", "Hopper"},
			"phone": {"+14155550123", "+14155550124"}, "organization_id": {partners[0], partners[1]}, "enabled": {true, false},
			"send_invitation": {false},
		},
		notShown: map[string]string{"send_invitation": "an instruction: mail a set-up link or not"},
	}, {
		path: "/v1/roles", create: service.RoleCreate{}, update: service.RoleUpdate{},
		values: map[string][2]any{
			"organization_id": {partners[0]}, "name": {"Fields Role", "Fields Role Renamed"}, "description": {"Reads.", "Reads more."},
			"permissions": {[]string{"users:read"}, []string{"roles:read", "users:read"}},
		},
	}, {
		path: "/v1/service-accounts", create: service.ServiceAccountCreate{}, update: service.ServiceAccountUpdate{},
		values: map[string][2]any{
			"organization_id": {partners[0]}, "name": {"fields-bot", "fields-bot-renamed"}, "description": {"Syncs.", "Syncs more."},
			"enabled": {true, false},
		},
	}, {
		path: "/v1/invitations", create: service.InvitationCreate{}, update: service.InvitationUpdate{},
		values: map[string][2]any{
			"email": {"fields.invitee@example.com"}, "organization_id": {partners[0]}, "role_ids": {[]string{"viewer"}, []string{"technician"}},
			"message": {"Welcome.", "Welcome aboard."}, "expires_in_seconds": {3600},
		},
		notShown: map[string]string{"expires_in_seconds": "becomes expires_at"},
	}} {
		t.Run(c.path, func(t *testing.T) {
			body := map[string]any{}
			for _, f := range api.JSONFields(c.create) {
				v, ok := c.values[f]
				if !ok {
					t.Fatalf("%T.%s has no sample value: add one to this test", c.create, f)
				}
				body[f] = v[0]
			}
			r := s.Admin(t, 201, "POST", c.path, body).JSON(t)
			for f, v := range body {
				if _, skip := c.notShown[f]; !skip && !sameJSON(t, r[f], v) {
					t.Errorf("created with %s = %v: the object shows %v", f, v, r[f])
				}
			}
			id, version := r["id"].(string), r["version"]
			for _, f := range api.JSONFields(c.update) {
				v, ok := c.values[f]
				if !ok || v[1] == nil {
					t.Fatalf("%T.%s has no value to patch to: add one to this test", c.update, f)
				}
				r := s.Admin(t, 200, "PATCH", c.path+"/"+id, map[string]any{f: v[1]}).JSON(t)
				if !sameJSON(t, r[f], v[1]) {
					t.Errorf("PATCH %s = %v: the object shows %v", f, v[1], r[f])
				}
				if sameJSON(t, r["version"], version) {
					t.Errorf("PATCH %s = %v kept version %v: nothing was saved", f, v[1], version)
				}
				version = r["version"]
			}
		})
	}
}

// sameJSON compares a decoded JSON value with a Go value as JSON sees it.
func sameJSON(t *testing.T, decoded, v any) bool {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(decoded, want)
}
