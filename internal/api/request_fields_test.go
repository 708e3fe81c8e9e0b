package api_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestEveryRequestFieldTakesEffect creates an object with every field of
// its create body set and checks the answer shows each; then patches each
// field of its update body alone and checks the answer shows the new value
// and a new version. The fields come from the request types by reflection,
// so a field decoded but never applied (a PATCH answering 200 and saving
// nothing) fails the test without anyone adding it here. Free text and
// booleans get sample values of their own; a field the API constrains
// (an address, an id, a list) takes its values from the table below, and
// one missing there fails the test, saying so.
func TestEveryRequestFieldTakesEffect(t *testing.T) {
	s := acctest.StartAPI(t)
	partners := [2]string{s.Org(t, "Fields One", "partner", s.RootID), s.Org(t, "Fields Two", "partner", s.RootID)}
	grantee := s.Admin(t, 201, "POST", "/v1/users", map[string]any{"email": "fields.grantee@example.com", "first_name": "F",
		"last_name": "G", "organization_id": partners[0], "send_invitation": false}).JSON(t)["id"]
	soon, later := time.Now().Add(48*time.Hour).UTC().Truncate(time.Second), time.Now().Add(96*time.Hour).UTC().Truncate(time.Second)
	for _, c := range []struct {
		path           string
		create, update any
		// values holds, for the fields that need one, the value created
		// with and the value patched to.
		values map[string][2]any
		// notShown are create fields the object does not show, with the reason.
		notShown map[string]string
	}{{
		path: "/v1/organizations", create: wire.OrganizationCreate{}, update: wire.OrganizationUpdate{},
		values: map[string][2]any{
			"kind": {"client"}, "parent_id": {partners[0], partners[1]}, "max_grant_duration": {"720h0m0s", "168h0m0s"},
		},
	}, {
		path: "/v1/users", create: wire.UserCreate{}, update: wire.UserUpdate{},
		values: map[string][2]any{
			"email": {"fields@example.com", "fields.moved@example.com"}, "phone": {"+14155550123", "+14155550124"},
			"organization_id": {partners[0], partners[1]}, "send_invitation": {false},
			"initial_password": {"a first chosen password", "a second chosen password"},
		},
		notShown: map[string]string{"send_invitation": "an instruction: mail a set-up link or not",
			"initial_password": "write-only: TestInitialPassword signs in with it"},
	}, {
		path: "/v1/roles", create: wire.RoleCreate{}, update: wire.RoleUpdate{},
		values: map[string][2]any{
			"organization_id": {partners[0]}, "permissions": {[]string{"users:read"}, []string{"roles:read", "users:read"}},
		},
	}, {
		path: "/v1/service-accounts", create: wire.ServiceAccountCreate{}, update: wire.ServiceAccountUpdate{},
		values: map[string][2]any{
			"organization_id": {partners[0]},
		},
	}, {
		path: "/v1/invitations", create: wire.InvitationCreate{}, update: wire.InvitationUpdate{},
		values: map[string][2]any{
			"email": {"fields.invitee@example.com"}, "organization_id": {partners[0]}, "role_ids": {[]string{"viewer"}, []string{"technician"}},
			"organization_ids":   {[]string{partners[0]}, []string{partners[1]}},
			"expires_in_seconds": {3600},
			"access_expires_at":  {soon, later},
		},
		notShown: map[string]string{"expires_in_seconds": "becomes expires_at"},
	}, {
		path: "/v1/role-assignments", create: wire.RoleAssignmentCreate{}, update: wire.RoleAssignmentUpdate{},
		values: map[string][2]any{
			"user_id": {grantee}, "organization_id": {partners[0]}, "role_id": {"viewer"}, "expires_at": {soon, later},
		},
	}} {
		t.Run(c.path, func(t *testing.T) {
			body := map[string]any{}
			for _, f := range wire.JSONFields(reflect.TypeOf(c.create)) {
				body[f.Name] = sample(t, c.create, f.Field, f.Name, c.values)[0]
			}
			r := s.Admin(t, 201, "POST", c.path, body).JSON(t)
			for f, v := range body {
				if _, skip := c.notShown[f]; !skip && !sameJSON(t, r[f], v) {
					t.Errorf("created with %s = %v: the object shows %v", f, v, r[f])
				}
			}
			id, version := r["id"].(string), r["version"]
			for _, sf := range wire.JSONFields(reflect.TypeOf(c.update)) {
				f, v := sf.Name, sample(t, c.update, sf.Field, sf.Name, c.values)[1]
				if v == nil {
					t.Fatalf("%T has no value to patch %s to: add one to this test", c.update, f)
				}
				r := s.Admin(t, 200, "PATCH", c.path+"/"+id, map[string]any{f: v}).JSON(t)
				if _, skip := c.notShown[f]; !skip && !sameJSON(t, r[f], v) {
					t.Errorf("PATCH %s = %v: the object shows %v", f, v, r[f])
				}
				if sameJSON(t, r["version"], version) {
					t.Errorf("PATCH %s = %v kept version %v: nothing was saved", f, v, version)
				}
				version = r["version"]
			}
		})
	}
}

// sample is the value to create a field with and the value to patch it to:
// the table's, or for free text and booleans two of their own.
func sample(t *testing.T, body any, f reflect.StructField, name string, values map[string][2]any) [2]any {
	t.Helper()
	if v, ok := values[name]; ok {
		return v
	}
	typ := f.Type
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ.Kind() == reflect.Struct { // wire.Optional
		if v, ok := typ.FieldByName("Value"); ok {
			typ = v.Type
		}
	}
	switch typ.Kind() {
	case reflect.String:
		return [2]any{"Sample " + name, "Sample " + name + " changed"}
	case reflect.Bool:
		return [2]any{true, false}
	}
	t.Fatalf("%T.%s (a %s) has no sample value: add one to this test", body, name, f.Type)
	return [2]any{}
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
