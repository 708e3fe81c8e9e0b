package domain

import (
	"slices"
	"sort"
)

// OrgNode is the part of an organization that access rules need.
type OrgNode struct {
	ID       string
	ParentID string // empty for the root
	Kind     OrgKind
	Enabled  bool
}

// Tree is the organization hierarchy, loaded whole: the portal's trees are
// small enough, and one consistent snapshot per request keeps rules simple.
type Tree struct {
	nodes    map[string]OrgNode
	children map[string][]string
}

// NewTree indexes nodes by id and by parent.
func NewTree(nodes []OrgNode) *Tree {
	t := &Tree{nodes: make(map[string]OrgNode, len(nodes)), children: map[string][]string{}}
	for _, n := range nodes {
		t.nodes[n.ID] = n
		if n.ParentID != "" {
			t.children[n.ParentID] = append(t.children[n.ParentID], n.ID)
		}
	}
	for _, c := range t.children {
		sort.Strings(c)
	}
	return t
}

// Get returns the node with id.
func (t *Tree) Get(id string) (OrgNode, bool) {
	n, ok := t.nodes[id]
	return n, ok
}

// Ancestors lists the parents of id, nearest first.
func (t *Tree) Ancestors(id string) []string {
	var out []string
	for n, ok := t.nodes[id]; ok && n.ParentID != ""; n, ok = t.nodes[n.ParentID] {
		out = append(out, n.ParentID)
		if len(out) > len(t.nodes) { // a cycle would be a storage bug; never loop forever
			break
		}
	}
	return out
}

// IsAncestorOrSelf reports whether anc is id or above it.
func (t *Tree) IsAncestorOrSelf(anc, id string) bool {
	return anc == id || slices.Contains(t.Ancestors(id), anc)
}

// Subtree lists id and every organization below it.
func (t *Tree) Subtree(id string) []string {
	if _, ok := t.nodes[id]; !ok {
		return nil
	}
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, t.children[out[i]]...)
	}
	return out
}

// PathEnabled reports whether id and every organization above it are enabled:
// disabling an organization cuts off access through it and below it.
func (t *Tree) PathEnabled(id string) bool {
	n, ok := t.nodes[id]
	if !ok || !n.Enabled {
		return false
	}
	for _, a := range t.Ancestors(id) {
		if !t.nodes[a].Enabled {
			return false
		}
	}
	return true
}

// Grant is one role assignment with its role's permissions.
type Grant struct {
	AssignmentID   string   `json:"assignment_id"`
	OrganizationID string   `json:"organization_id"`
	RoleID         string   `json:"role_id"`
	Permissions    []string `json:"permissions"`
}

// CapGrants limits grants to what limit also gives: for every pair of a grant
// and a limiting grant on the same line of ancestry, the permissions both
// hold, on the lower of the two organizations. Permissions then hold at an
// organization exactly when both sets hold them there, which is how a token
// minted by someone else stays within what its issuer held.
func CapGrants(grants, limit []Grant, isAncestorOrSelf func(anc, id string) bool) []Grant {
	var out []Grant
	for _, g := range grants {
		for _, l := range limit {
			org := ""
			switch {
			case isAncestorOrSelf(l.OrganizationID, g.OrganizationID):
				org = g.OrganizationID
			case isAncestorOrSelf(g.OrganizationID, l.OrganizationID):
				org = l.OrganizationID
			default:
				continue
			}
			var perms []string
			for _, p := range g.Permissions {
				if slices.Contains(l.Permissions, p) {
					perms = append(perms, p)
				}
			}
			if len(perms) > 0 {
				out = append(out, Grant{AssignmentID: g.AssignmentID, OrganizationID: org, RoleID: g.RoleID, Permissions: perms})
			}
		}
	}
	return out
}

// Access is what one user may do, derived from their grants over the tree.
type Access struct {
	tree   *Tree
	grants []Grant // only grants whose organization path is enabled
}

// NewAccess keeps the grants that are in force: those on an organization
// whose path from the root is enabled.
func NewAccess(tree *Tree, grants []Grant) *Access {
	a := &Access{tree: tree}
	for _, g := range grants {
		if tree.PathEnabled(g.OrganizationID) {
			a.grants = append(a.grants, g)
		}
	}
	return a
}

// Tree returns the snapshot the access was computed on.
func (a *Access) Tree() *Tree { return a.tree }

// Grants returns the grants in force.
func (a *Access) Grants() []Grant { return a.grants }

// Permissions returns the permissions held at org: the union of every grant
// on org or above it.
func (a *Access) Permissions(org string) map[string]bool {
	out := map[string]bool{}
	if _, ok := a.tree.Get(org); !ok {
		return out
	}
	for _, g := range a.grants {
		if a.tree.IsAncestorOrSelf(g.OrganizationID, org) {
			for _, p := range g.Permissions {
				out[p] = true
			}
		}
	}
	return out
}

// Can reports whether perm is held at org.
func (a *Access) Can(org, perm string) bool {
	if _, ok := a.tree.Get(org); !ok {
		return false
	}
	for _, g := range a.grants {
		if slices.Contains(g.Permissions, perm) && a.tree.IsAncestorOrSelf(g.OrganizationID, org) {
			return true
		}
	}
	return false
}

// HoldsAll reports whether every permission in perms is held at org.
func (a *Access) HoldsAll(org string, perms []string) bool {
	held := a.Permissions(org)
	for _, p := range perms {
		if !held[p] {
			return false
		}
	}
	return true
}

// Reach lists, sorted, every organization where perm is held.
func (a *Access) Reach(perm string) []string {
	seen := map[string]bool{}
	var out []string
	for _, g := range a.grants {
		if !slices.Contains(g.Permissions, perm) || seen[g.OrganizationID] {
			continue
		}
		for _, id := range a.tree.Subtree(g.OrganizationID) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Covers reports whether a holds, at each organization where other has a
// grant, every permission that grant gives: acting on a user with more power
// than one's own would be a way to gain it.
func (a *Access) Covers(other []Grant) bool {
	for _, g := range other {
		if !a.HoldsAll(g.OrganizationID, g.Permissions) {
			return false
		}
	}
	return true
}

// AccessSource is one assignment through which an organization is reached.
type AccessSource struct {
	AssignmentID   string `json:"assignment_id"`
	RoleID         string `json:"role_id"`
	OrganizationID string `json:"organization_id"`
	Inherited      bool   `json:"inherited"`
}

// AccessEntry is the effective access at one organization.
type AccessEntry struct {
	OrganizationID string         `json:"organization_id"`
	Permissions    []string       `json:"permissions"`
	Via            []AccessSource `json:"via"`
}

// Entries lists every reached organization with its permissions and the
// assignments they come from, for access reviews.
func (a *Access) Entries() []AccessEntry {
	byOrg := map[string]*AccessEntry{}
	perms := map[string]map[string]bool{}
	var order []string
	for _, g := range a.grants {
		for _, id := range a.tree.Subtree(g.OrganizationID) {
			e, ok := byOrg[id]
			if !ok {
				e = &AccessEntry{OrganizationID: id}
				byOrg[id] = e
				perms[id] = map[string]bool{}
				order = append(order, id)
			}
			e.Via = append(e.Via, AccessSource{AssignmentID: g.AssignmentID, RoleID: g.RoleID, OrganizationID: g.OrganizationID, Inherited: id != g.OrganizationID})
			for _, p := range g.Permissions {
				perms[id][p] = true
			}
		}
	}
	sort.Strings(order)
	out := make([]AccessEntry, 0, len(order))
	for _, id := range order {
		e := byOrg[id]
		for p := range perms[id] {
			e.Permissions = append(e.Permissions, p)
		}
		sort.Strings(e.Permissions)
		sort.Slice(e.Via, func(i, j int) bool { return e.Via[i].AssignmentID < e.Via[j].AssignmentID })
		out = append(out, *e)
	}
	return out
}
