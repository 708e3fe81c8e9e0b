package domain

import (
	"errors"
	"slices"
	"testing"
)

// testLineages serves lineages of this tree, counting lookups:
//
//	root ─┬─ msp ─┬─ c1
//	      │       └─ c2
//	      └─ other ─ c3
type testLineages struct {
	disabled []string
	calls    int
	fail     error
}

var testParents = map[string]string{"root": "", "msp": "root", "c1": "msp", "c2": "msp", "other": "root", "c3": "other"}

func (l *testLineages) lookup(ids []string) (map[string]Lineage, error) {
	l.calls++
	if l.fail != nil {
		return nil, l.fail
	}
	out := map[string]Lineage{}
	for _, id := range ids {
		if _, ok := testParents[id]; !ok {
			continue
		}
		for n := id; n != ""; n = testParents[n] {
			out[id] = append(out[id], LineageNode{ID: n, Enabled: !slices.Contains(l.disabled, n)})
		}
	}
	return out, nil
}

func grant(org, role string) Grant {
	r, _ := BuiltinRole(role)
	return Grant{AssignmentID: "a-" + org + "-" + role, OrganizationID: org, RoleID: role, Permissions: r.Permissions}
}

func newAccess(t *testing.T, l *testLineages, grants ...Grant) *Access {
	t.Helper()
	acc, err := NewAccess(grants, l.lookup)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestAccessInheritsDownward(t *testing.T) {
	acc := newAccess(t, &testLineages{}, grant("msp", RoleTechnician))
	for _, org := range []string{"msp", "c1", "c2"} {
		if !acc.Can(org, "users:read") {
			t.Errorf("technician on msp cannot read users of %s", org)
		}
	}
	for _, org := range []string{"root", "other", "c3", "missing"} {
		if acc.Can(org, "users:read") {
			t.Errorf("technician on msp reaches %s", org)
		}
	}
	if acc.Can("c1", "users:write") {
		t.Error("technician gained users:write")
	}
	if got := acc.Roots("organizations:read"); !slices.Equal(got, []string{"msp"}) {
		t.Errorf("Roots = %v", got)
	}
	if got := acc.Roots("users:write"); got == nil || len(got) != 0 {
		t.Errorf("Roots of a permission not held = %#v, want an empty, non-nil list", got)
	}
}

func TestAccessClientNeverReachesParentOrSibling(t *testing.T) {
	acc := newAccess(t, &testLineages{}, grant("c1", RoleAdmin))
	for _, org := range []string{"root", "msp", "c2", "other", "c3"} {
		if len(acc.Permissions(org)) != 0 || acc.Can(org, "organizations:read") {
			t.Errorf("client admin reaches %s", org)
		}
	}
	if !acc.CanAtOrAbove("msp", "roles:read") || acc.CanAtOrAbove("c2", "roles:read") || acc.CanAtOrAbove("other", "roles:read") {
		t.Error("CanAtOrAbove: roles are visible on the grant's lineage only")
	}
}

func TestAccessGrantInForceOnlyWhenPathEnabled(t *testing.T) {
	l := &testLineages{disabled: []string{"msp"}}
	below := newAccess(t, l, grant("c1", RoleAdmin))
	if below.Can("c1", "users:read") || len(below.Grants()) != 0 {
		t.Error("grant below a disabled organization still works")
	}
	on := newAccess(t, l, grant("msp", RoleAdmin))
	if on.Can("c1", "users:read") || on.Can("msp", "users:read") {
		t.Error("grant on a disabled organization still works")
	}
	above := newAccess(t, l, grant("root", RoleAdmin))
	if !above.Can("msp", "organizations:write") || !above.Can("c1", "users:write") {
		t.Error("an administrator above cannot manage the disabled organization")
	}
	mixed := newAccess(t, l, grant("c1", RoleAdmin), grant("other", RoleViewer))
	if got := mixed.GrantOrgs(); !slices.Equal(got, []string{"other"}) {
		t.Errorf("grants in force on %v, want only other's", got)
	}
}

func TestAccessPermissionsUnionDownward(t *testing.T) {
	acc := newAccess(t, &testLineages{}, grant("msp", RoleViewer), grant("c1", RoleUserManager))
	if !acc.HoldsAll("c1", []string{"users:write", "organizations:read"}) {
		t.Error("c1 lacks the union of the grant on it and the one above it")
	}
	if acc.Permissions("c2")["users:write"] || !acc.Permissions("c2")["organizations:read"] {
		t.Errorf("c2 permissions = %v", acc.Permissions("c2"))
	}
	if len(acc.Permissions("missing")) != 0 {
		t.Error("permissions at a missing organization")
	}
}

func TestAccessCovers(t *testing.T) {
	mgr := newAccess(t, &testLineages{}, grant("msp", RoleUserManager))
	if !mgr.Covers([]Grant{grant("c1", RoleViewer)}) {
		t.Error("user manager does not cover a viewer below")
	}
	if mgr.Covers([]Grant{grant("c1", RoleAdmin)}) {
		t.Error("user manager covers an admin")
	}
	if mgr.Covers([]Grant{grant("other", RoleViewer)}) {
		t.Error("covers a grant outside its reach")
	}
	if mgr.Covers([]Grant{grant("c1", RoleViewer), grant("root", RoleViewer)}) {
		t.Error("covers a grant above its own")
	}
	if !mgr.Covers(nil) {
		t.Error("does not cover a user without grants")
	}
}

func TestAccessLooksUpEachLineageOnce(t *testing.T) {
	l := &testLineages{}
	acc := newAccess(t, l, grant("msp", RoleAdmin), grant("other", RoleViewer))
	if l.calls != 1 {
		t.Fatalf("%d lookups for the grants, want 1", l.calls)
	}
	for range 3 {
		acc.Can("c1", "users:read")
		acc.Permissions("c1")
	}
	acc.Covers([]Grant{grant("c2", RoleViewer), grant("c3", RoleViewer)})
	if l.calls != 3 {
		t.Errorf("%d lookups, want 3 (grants, c1, then c2 and c3 together)", l.calls)
	}
}

func TestAccessLookupFailureSaysNo(t *testing.T) {
	l := &testLineages{}
	acc := newAccess(t, l, grant("root", RoleAdmin))
	l.fail = errors.New("database gone")
	if acc.Can("c1", "users:read") || acc.Covers([]Grant{grant("c2", RoleViewer)}) {
		t.Error("a failed lookup granted access")
	}
	if acc.Err() == nil {
		t.Error("the failure is not reported")
	}
	if _, err := NewAccess([]Grant{grant("root", RoleAdmin)}, l.lookup); err == nil {
		t.Error("NewAccess hides a failed lookup")
	}
}

func TestAccessEntriesMarkInheritance(t *testing.T) {
	acc := newAccess(t, &testLineages{}, grant("msp", RoleTechnician), grant("c1", RoleUserManager))
	entries, err := acc.Entries([]string{"c1", "c2", "msp", "root", "c3"})
	if err != nil {
		t.Fatal(err)
	}
	byOrg := map[string]AccessEntry{}
	var order []string
	for _, e := range entries {
		byOrg[e.OrganizationID] = e
		order = append(order, e.OrganizationID)
	}
	if !slices.Equal(order, []string{"c1", "c2", "msp"}) {
		t.Fatalf("entries for %v, want the reached organizations in the order asked", order)
	}
	c1 := byOrg["c1"]
	if len(c1.Via) != 2 {
		t.Fatalf("c1 via = %+v", c1.Via)
	}
	for _, v := range c1.Via {
		if v.Inherited != (v.OrganizationID == "msp") {
			t.Errorf("via %+v: wrong inherited flag", v)
		}
	}
	if !slices.Contains(c1.Permissions, "users:write") || slices.Contains(byOrg["c2"].Permissions, "users:write") {
		t.Errorf("permissions wrong: c1=%v c2=%v", c1.Permissions, byOrg["c2"].Permissions)
	}
	if !slices.IsSorted(c1.Permissions) {
		t.Errorf("permissions not sorted: %v", c1.Permissions)
	}
}
