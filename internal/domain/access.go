package domain

import (
	"slices"
	"sort"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// MaxOrgDepth is how many levels below the root an organization may sit
// (the root is at depth 0). Bounding the depth bounds every lineage, and so
// the cost of every access decision.
const MaxOrgDepth = 16

// LineageNode is one organization of a lineage.
type LineageNode struct {
	ID      string
	Enabled bool
}

// Lineage is an organization followed by everything above it, nearest
// first, up to the root.
type Lineage []LineageNode

// Enabled reports whether the organization and every organization above it
// are enabled: disabling an organization cuts off access through it and
// below it.
func (l Lineage) Enabled() bool {
	if len(l) == 0 {
		return false
	}
	for _, n := range l {
		if !n.Enabled {
			return false
		}
	}
	return true
}

// Has reports whether id is the organization or above it.
func (l Lineage) Has(id string) bool {
	return slices.ContainsFunc(l, func(n LineageNode) bool { return n.ID == id })
}

// LineageFunc looks up the lineages of organizations (an indexed query per
// call); an organization that does not exist has no entry.
type LineageFunc func(ids []string) (map[string]Lineage, error)

// Grant is one role assignment with its role's permissions.
type Grant struct {
	AssignmentID   string   `json:"assignment_id"`
	OrganizationID string   `json:"organization_id"`
	RoleID         string   `json:"role_id"`
	Permissions    []string `json:"permissions"`
	// When the grant ends; nil: never. A token's limit keeps it, so a token
	// minted under a time-bound grant ends with it.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// LiveAt reports whether the grant is in force at now: an expired grant
// gives nothing from its instant on.
func (g Grant) LiveAt(now time.Time) bool { return g.ExpiresAt == nil || now.Before(*g.ExpiresAt) }

// LiveGrants keeps the grants in force at now. Grants are cached with their
// ends and filtered on every operation's own clock, so an expiry takes effect
// on the very next request with no cache window.
func LiveGrants(grants []Grant, now time.Time) []Grant {
	out := make([]Grant, 0, len(grants))
	for _, g := range grants {
		if g.LiveAt(now) {
			out = append(out, g)
		}
	}
	return out
}

// earlier is the earlier of two ends, nil meaning never.
func earlier(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.Before(*a)) {
		return b
	}
	return a
}

// CapGrants limits grants to what limit also gives: for every pair of a grant
// and a limiting grant on the same line of ancestry, the permissions both
// hold, on the lower of the two organizations, until the earlier of their
// ends. Permissions then hold at an
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
				out = append(out, Grant{AssignmentID: g.AssignmentID, OrganizationID: org, RoleID: g.RoleID, Permissions: perms,
					ExpiresAt: earlier(g.ExpiresAt, l.ExpiresAt)})
			}
		}
	}
	return out
}

// Access is what one user may do, derived from their grants and the
// lineages of the organizations asked about: never from the whole tree.
// Lineages are looked up on demand and kept for the life of the Access (one
// operation). A failed lookup answers "no" and is kept in Err.
type Access struct {
	grants  []Grant // only grants whose organization path is enabled
	lookup  LineageFunc
	lineage map[string]Lineage // nil value: no such organization
	err     error
}

// NewAccess keeps the grants that are in force: those on an organization
// whose path from the root is enabled.
func NewAccess(grants []Grant, lookup LineageFunc) (*Access, error) {
	a := &Access{lookup: lookup, lineage: map[string]Lineage{}}
	orgs := make([]string, 0, len(grants))
	for _, g := range grants {
		orgs = append(orgs, g.OrganizationID)
	}
	if err := a.Load(orgs...); err != nil {
		return nil, err
	}
	for _, g := range grants {
		if a.lineage[g.OrganizationID].Enabled() {
			a.grants = append(a.grants, g)
		}
	}
	return a, nil
}

// Load looks up, in one call, the lineages of the organizations not seen yet.
func (a *Access) Load(orgs ...string) error {
	var missing []string
	for _, id := range orgs {
		if _, ok := a.lineage[id]; !ok && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	found, err := a.lookup(missing)
	if err != nil {
		if a.err == nil {
			a.err = err
		}
		return err
	}
	for _, id := range missing {
		a.lineage[id] = found[id]
	}
	return nil
}

// Lineage returns org's lineage, empty when org does not exist.
func (a *Access) Lineage(org string) Lineage {
	if err := a.Load(org); err != nil {
		return nil
	}
	return a.lineage[org]
}

// Err is the first failed lineage lookup; decisions taken after it said no.
func (a *Access) Err() error { return a.err }

// Grants returns the grants in force.
func (a *Access) Grants() []Grant { return a.grants }

// Permissions returns the permissions held at org: the union of every grant
// on org or above it.
func (a *Access) Permissions(org string) map[string]bool {
	out := map[string]bool{}
	line := a.Lineage(org)
	for _, g := range a.grants {
		if line.Has(g.OrganizationID) {
			for _, p := range g.Permissions {
				out[p] = true
			}
		}
	}
	return out
}

// Can reports whether perm is held at org.
func (a *Access) Can(org, perm string) bool {
	var line Lineage
	for _, g := range a.grants {
		if !slices.Contains(g.Permissions, perm) {
			continue
		}
		if line == nil {
			if line = a.Lineage(org); line == nil {
				return false
			}
		}
		if line.Has(g.OrganizationID) {
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

// Roots lists, sorted, the organizations of the grants in force that give
// perm: perm is held exactly in their subtrees. They are a handful, whatever
// the size of the portal; lists filter on them in the database.
func (a *Access) Roots(perm string) []string {
	out := []string{}
	for _, g := range a.grants {
		if slices.Contains(g.Permissions, perm) && !slices.Contains(out, g.OrganizationID) {
			out = append(out, g.OrganizationID)
		}
	}
	sort.Strings(out)
	return out
}

// GrantOrgs lists, sorted, the organizations of every grant in force.
func (a *Access) GrantOrgs() []string {
	out := []string{}
	for _, g := range a.grants {
		if !slices.Contains(out, g.OrganizationID) {
			out = append(out, g.OrganizationID)
		}
	}
	sort.Strings(out)
	return out
}

// CanAtOrAbove reports whether perm is held at org, or at an organization
// below org (org is then above one of the grants that give perm).
func (a *Access) CanAtOrAbove(org, perm string) bool {
	if a.Can(org, perm) {
		return true
	}
	for _, g := range a.grants {
		if slices.Contains(g.Permissions, perm) && a.Lineage(g.OrganizationID).Has(org) {
			return true
		}
	}
	return false
}

// Covers reports whether a holds, at each organization where other has a
// grant, every permission that grant gives: acting on a user with more power
// than one's own would be a way to gain it.
func (a *Access) Covers(other []Grant) bool {
	orgs := make([]string, 0, len(other))
	for _, g := range other {
		orgs = append(orgs, g.OrganizationID)
	}
	if a.Load(orgs...) != nil {
		return false
	}
	for _, g := range other {
		if !a.HoldsAll(g.OrganizationID, g.Permissions) {
			return false
		}
	}
	return true
}

// AccessSource is one assignment through which an organization is reached.
type AccessSource = wire.AccessSource

// AccessEntry is the effective access at one organization.
type AccessEntry = wire.AccessEntry

// Entries describes the access at each of orgs (in the order given) with
// the assignments it comes from, for access reviews; organizations the
// grants do not reach are left out.
func (a *Access) Entries(orgs []string) ([]AccessEntry, error) {
	if err := a.Load(orgs...); err != nil {
		return nil, err
	}
	out := make([]AccessEntry, 0, len(orgs))
	for _, id := range orgs {
		line := a.lineage[id]
		e := AccessEntry{OrganizationID: id, Permissions: []string{}}
		for _, g := range a.grants {
			if !line.Has(g.OrganizationID) {
				continue
			}
			e.Via = append(
				e.Via,
				AccessSource{AssignmentID: g.AssignmentID, RoleID: g.RoleID, OrganizationID: g.OrganizationID,
					Inherited: id != g.OrganizationID, ExpiresAt: g.ExpiresAt},
			)
			for _, p := range g.Permissions {
				if !slices.Contains(e.Permissions, p) {
					e.Permissions = append(e.Permissions, p)
				}
			}
		}
		if len(e.Via) == 0 {
			continue
		}
		sort.Strings(e.Permissions)
		sort.Slice(e.Via, func(i, j int) bool { return e.Via[i].AssignmentID < e.Via[j].AssignmentID })
		out = append(out, e)
	}
	return out, nil
}
