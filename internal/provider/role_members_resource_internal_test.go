package provider

import (
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestSplitMembersID(t *testing.T) {
	for _, tc := range []struct {
		id, org, role string
		ok            bool
	}{
		{"org_1/technician", "org_1", "technician", true},
		{"org_1/rol_2", "org_1", "rol_2", true},
		{"org_1", "", "", false},
		{"org_1/", "", "", false},
		{"/admin", "", "", false},
		{"org_1/admin/extra", "", "", false},
		{"", "", "", false},
	} {
		org, role, ok := splitMembersID(tc.id)
		if org != tc.org || role != tc.role || ok != tc.ok {
			t.Errorf("splitMembersID(%q) = %q, %q, %v; want %q, %q, %v", tc.id, org, role, ok, tc.org, tc.role, tc.ok)
		}
	}
}

func TestSetMembers(t *testing.T) {
	set := func(elems ...attr.Value) types.Set { return types.SetValueMust(types.StringType, elems) }
	for name, tc := range map[string]struct {
		in      types.Set
		want    []string
		unknown bool
	}{
		"sorted":          {in: set(types.StringValue("usr_b"), types.StringValue("usr_a")), want: []string{"usr_a", "usr_b"}},
		"empty":           {in: set(), want: []string{}},
		"unknown set":     {in: types.SetUnknown(types.StringType), unknown: true},
		"unknown element": {in: set(types.StringValue("usr_a"), types.StringUnknown()), unknown: true},
	} {
		got, unknown := setMembers(tc.in)
		if unknown != tc.unknown || !slices.Equal(got, tc.want) {
			t.Errorf("%s: setMembers = %v, %v; want %v, %v", name, got, unknown, tc.want, tc.unknown)
		}
	}
}
