package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// A request field reaches the API only when a resource's mapping (plan or
// state → wire request) sets it. These tests give every attribute of a model
// a value, map it, and require every field of the request to be sent: a
// field added to a wire request and forgotten in a mapping fails here,
// without anyone editing the test. They are the mirror of the tests that
// every answer field reaches an attribute (mapping_internal_test.go).

// modelWith returns a model whose every attribute holds a value derived from
// seed: two seeds give two models that differ in every attribute.
func modelWith[M any](t *testing.T, seed int) M {
	t.Helper()
	var m M
	v := reflect.ValueOf(&m).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name := f.Tag.Get("tfsdk")
		s := fmt.Sprintf("%s-%d", name, seed)
		var val any
		switch f.Type {
		case reflect.TypeFor[types.String]():
			val = types.StringValue(s)
		case reflect.TypeFor[emailValue]():
			val = newEmail(s + "@example.com")
		case reflect.TypeFor[types.Bool]():
			val = types.BoolValue(seed%2 == 1)
		case reflect.TypeFor[types.Int64]():
			val = types.Int64Value(int64(seed))
		case reflect.TypeFor[[]types.String]():
			val = []types.String{types.StringValue(s)}
		case reflect.TypeFor[types.Set]():
			val = types.SetValueMust(types.StringType, []attr.Value{types.StringValue(s)})
		case reflect.TypeFor[types.Map]():
			val = types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue(s)})
		case reflect.TypeFor[timetypes.RFC3339]():
			val = timetypes.NewRFC3339TimeValue(time.Date(2031, 1, seed, 0, 0, 0, 0, time.UTC))
		case reflect.TypeFor[timetypes.GoDuration]():
			val = timetypes.NewGoDurationValue(time.Duration(seed) * time.Hour)
		case reflect.TypeFor[timeouts.Value]():
			continue
		default:
			t.Fatalf("%T.%s is a %s, which modelWith does not know: teach it", m, f.Name, f.Type)
		}
		v.Field(i).Set(reflect.ValueOf(val))
	}
	return m
}

// requireSent checks that a request sends every one of its fields. A field
// that no attribute fills would be listed here with the reason; none is.
func requireSent(t *testing.T, request any) {
	t.Helper()
	b, err := json.Marshal(request)
	if err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	if err := json.Unmarshal(b, &sent); err != nil {
		t.Fatal(err)
	}
	for _, f := range wire.JSONFields(reflect.TypeOf(request)) {
		v, ok := sent[f.Name]
		if !ok || v == nil || v == "" || v == float64(0) || reflect.DeepEqual(v, []any{}) {
			t.Errorf("%T: field %q is not sent from a model whose every attribute is set: the mapping forgets it", request, f.Name)
		}
	}
}

func TestEveryRequestFieldIsMapped(t *testing.T) {
	org1, org2 := modelWith[organizationModel](t, 1), modelWith[organizationModel](t, 2)
	requireSent(t, org1.create())
	requireSent(t, org2.update(org1))

	user1, user2 := modelWith[userModel](t, 1), modelWith[userModel](t, 2)
	requireSent(t, user1.create())
	requireSent(t, user2.update(user1))

	role1, role2 := modelWith[roleModel](t, 1), modelWith[roleModel](t, 2)
	requireSent(t, role1.create())
	requireSent(t, role2.update())

	requireSent(t, modelWith[roleAssignmentModel](t, 1).create())

	inv1, inv2 := modelWith[invitationModel](t, 1), modelWith[invitationModel](t, 2)
	requireSent(t, inv1.create())
	update, changed := inv2.update(inv1)
	if !changed {
		t.Error("an invitation whose every attribute changed has no patch")
	}
	requireSent(t, update)
	requireSent(t, inv1.resend())

	sa1, sa2 := modelWith[serviceAccountModel](t, 1), modelWith[serviceAccountModel](t, 2)
	requireSent(t, sa1.create())
	requireSent(t, sa2.update(sa1))

	requireSent(t, modelWith[apiTokenModel](t, 1).create())
}

// TestUnchangedAttributesAreNotSent: an update sends only what the plan
// changes, so that an unchanged field is never rewritten (or, for a role and
// an invitation's grants, sends the whole object on purpose).
func TestUnchangedAttributesAreNotSent(t *testing.T) {
	for name, patch := range map[string]any{
		"organization":    modelWith[organizationModel](t, 1).update(modelWith[organizationModel](t, 1)),
		"user":            modelWith[userModel](t, 1).update(modelWith[userModel](t, 1)),
		"service account": modelWith[serviceAccountModel](t, 1).update(modelWith[serviceAccountModel](t, 1)),
	} {
		if b, _ := json.Marshal(patch); string(b) != "{}" {
			t.Errorf("%s: an update from a state equal to the plan sends %s", name, b)
		}
	}
	if _, changed := modelWith[invitationModel](t, 1).update(modelWith[invitationModel](t, 1)); changed {
		t.Error("invitation: an update from a state equal to the plan is a change")
	}
}
