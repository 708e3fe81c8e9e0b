package domain

import (
	"slices"
	"testing"
)

// root ─ msp ─┬─ c1
//
//	└─ c2
//
// root ─ other ─ c3.
func testTree(disabled ...string) *Tree {
	n := func(id, parent string, k OrgKind) OrgNode {
		return OrgNode{ID: id, ParentID: parent, Kind: k, Enabled: !slices.Contains(disabled, id)}
	}
	return NewTree([]OrgNode{
		n("root", "", KindPartner), n("msp", "root", KindPartner), n("c1", "msp", KindClient),
		n("c2", "msp", KindClient), n("other", "root", KindPartner), n("c3", "other", KindClient),
	})
}

func grant(org, role string) Grant {
	r, _ := BuiltinRole(role)
	return Grant{AssignmentID: "a-" + org + "-" + role, OrganizationID: org, RoleID: role, Permissions: r.Permissions}
}

func TestAccessInheritsDownward(t *testing.T) {
	acc := NewAccess(testTree(), []Grant{grant("msp", RoleTechnician)})
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
	if got := acc.Reach("organizations:read"); !slices.Equal(got, []string{"c1", "c2", "msp"}) {
		t.Errorf("Reach = %v", got)
	}
}

func TestAccessClientNeverReachesParentOrSibling(t *testing.T) {
	acc := NewAccess(testTree(), []Grant{grant("c1", RoleAdmin)})
	if got := acc.Reach("organizations:read"); !slices.Equal(got, []string{"c1"}) {
		t.Errorf("client admin reaches %v", got)
	}
}

func TestAccessDisabledOrganizationCutsOffGrantsOnAndBelowIt(t *testing.T) {
	tree := testTree("msp")
	below := NewAccess(tree, []Grant{grant("c1", RoleAdmin)})
	if below.Can("c1", "users:read") {
		t.Error("grant below a disabled organization still works")
	}
	on := NewAccess(tree, []Grant{grant("msp", RoleAdmin)})
	if on.Can("c1", "users:read") {
		t.Error("grant on a disabled organization still works")
	}
	above := NewAccess(tree, []Grant{grant("root", RoleAdmin)})
	if !above.Can("msp", "organizations:write") {
		t.Error("an administrator above cannot manage the disabled organization")
	}
}

func TestAccessCovers(t *testing.T) {
	mgr := NewAccess(testTree(), []Grant{grant("msp", RoleUserManager)})
	if !mgr.Covers([]Grant{grant("c1", RoleViewer)}) {
		t.Error("user manager does not cover a viewer below")
	}
	if mgr.Covers([]Grant{grant("c1", RoleAdmin)}) {
		t.Error("user manager covers an admin")
	}
	if mgr.Covers([]Grant{grant("other", RoleViewer)}) {
		t.Error("covers a grant outside its reach")
	}
}

func TestAccessEntriesMarkInheritance(t *testing.T) {
	acc := NewAccess(testTree(), []Grant{grant("msp", RoleTechnician), grant("c1", RoleUserManager)})
	entries := acc.Entries()
	byOrg := map[string]AccessEntry{}
	for _, e := range entries {
		byOrg[e.OrganizationID] = e
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
	if _, ok := byOrg["root"]; ok {
		t.Error("access entry for an unreached organization")
	}
}

func TestTreeSubtreeAndAncestors(t *testing.T) {
	tree := testTree()
	if got := tree.Ancestors("c1"); !slices.Equal(got, []string{"msp", "root"}) {
		t.Errorf("Ancestors = %v", got)
	}
	if got := tree.Subtree("msp"); !slices.Equal(got, []string{"msp", "c1", "c2"}) {
		t.Errorf("Subtree = %v", got)
	}
	if tree.Subtree("missing") != nil {
		t.Error("subtree of a missing organization")
	}
}
