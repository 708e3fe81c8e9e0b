package api_test

// The reference model of the model-based authorization test (model_test.go).
// It is written from the security model page (templates/guides/security-model.md.tmpl)
// with plain maps, and never calls into internal/domain or internal/service:
// a rule the API gets wrong must not be wrong here in the same way.

import (
	"slices"
	"strings"
	"time"
)

// pset is a set of permissions, one bit per catalog entry.
type pset uint16

const (
	pOrgRead pset = 1 << iota
	pOrgWrite
	pUserRead
	pUserWrite
	pUserInvite
	pRoleRead
	pRoleWrite
	pRoleAssign
	pAuditRead
	pAll = pOrgRead | pOrgWrite | pUserRead | pUserWrite | pUserInvite | pRoleRead | pRoleWrite | pRoleAssign | pAuditRead
)

var permNames = []string{"organizations:read", "organizations:write", "users:read", "users:write", "users:invite",
	"roles:read", "roles:write", "roles:assign", "audit:read"}

func (p pset) names() []string {
	out := []string{}
	for i, n := range permNames {
		if p&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func (p pset) String() string { return "[" + strings.Join(p.names(), " ") + "]" }

func psetOf(names []string) pset {
	var p pset
	for _, n := range names {
		i := slices.Index(permNames, n)
		if i < 0 {
			p |= unknownPerm // never equal to a set the model computes
			continue
		}
		p |= 1 << i
	}
	return p
}

// unknownPerm marks a permission name outside the catalog.
const unknownPerm pset = 1 << 15

// The built-in roles of every portal (SPEC: ids equal to names; admin holds everything).
var builtinPerms = map[string]pset{
	"admin":        pAll,
	"user_manager": pOrgRead | pUserRead | pUserWrite | pUserInvite | pRoleRead | pRoleAssign,
	"technician":   pOrgRead | pUserRead | pRoleRead | pAuditRead,
	"viewer":       pOrgRead | pUserRead | pRoleRead,
}

var builtinIDs = []string{"admin", "user_manager", "technician", "viewer"}

type mOrg struct {
	id, parent, kind, name string
	enabled                bool
	seq                    int
}

type mUser struct {
	id, home, email string
	enabled         bool
	setupDone       bool // completed set-up (has a password)
	verified        bool // proved the mailbox: set-up completed or a link accepted at this address
	setupLink       bool // an unused set-up link was mailed to the current address
	pwUnknown       bool // set up with a password the test does not know
	token           string
	tokens          int // live API tokens (at most 20)
	seq             int
}

type mRole struct {
	id, org, name string
	perms         pset
	seq           int
}

type mAssign struct {
	id, user, org, role, inv string
	ends                     time.Time // zero: never
	seq                      int
}

type mInv struct {
	id, email, org, status, user, marker string
	by                                   string // the inviter
	roles                                []string
	seq                                  int
}

// model is the portal as the security model says it must be.
type model struct {
	root, bootAdmin string
	orgs            map[string]*mOrg
	users           map[string]*mUser
	roles           map[string]*mRole // custom roles only
	assigns         map[string]*mAssign
	invs            map[string]*mInv
	seq             int
	now             time.Time // the server's clock, which the harness moves
}

func newModel(root, admin, adminEmail string) *model {
	m := &model{root: root, bootAdmin: admin, orgs: map[string]*mOrg{}, users: map[string]*mUser{},
		roles: map[string]*mRole{}, assigns: map[string]*mAssign{}, invs: map[string]*mInv{}}
	m.orgs[root] = &mOrg{id: root, kind: "partner", name: "Root Partner", enabled: true}
	// The bootstrap administrator comes from configuration: set up, but it
	// never proved a mailbox and has no password the test knows.
	m.users[admin] = &mUser{id: admin, home: root, email: adminEmail, enabled: true, setupDone: true, pwUnknown: true}
	return m
}

func (m *model) next() int { m.seq++; return m.seq }

// clone copies the model, to evaluate a change before deciding on it.
func (m *model) clone() *model {
	c := &model{root: m.root, bootAdmin: m.bootAdmin, seq: m.seq, now: m.now, orgs: make(map[string]*mOrg, len(m.orgs)),
		users: make(map[string]*mUser, len(m.users)), roles: make(map[string]*mRole, len(m.roles)),
		assigns: make(map[string]*mAssign, len(m.assigns)), invs: make(map[string]*mInv, len(m.invs))}
	for k, v := range m.orgs {
		x := *v
		c.orgs[k] = &x
	}
	for k, v := range m.users {
		x := *v
		c.users[k] = &x
	}
	for k, v := range m.roles {
		x := *v
		c.roles[k] = &x
	}
	for k, v := range m.assigns {
		x := *v
		c.assigns[k] = &x
	}
	for k, v := range m.invs {
		x := *v
		x.roles = slices.Clone(v.roles)
		c.invs[k] = &x
	}
	return c
}

// bySeq returns the keys of a map in creation order: choices never depend
// on the API's random ids, so a seed replays.
func bySeq[T any](mp map[string]*T, seq func(*T) int) []string {
	out := make([]string, 0, len(mp))
	for k := range mp {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int { return seq(mp[a]) - seq(mp[b]) })
	return out
}

func (m *model) orgIDs() []string         { return bySeq(m.orgs, func(o *mOrg) int { return o.seq }) }
func (m *model) userIDs() []string        { return bySeq(m.users, func(u *mUser) int { return u.seq }) }
func (m *model) roleIDs() []string        { return bySeq(m.roles, func(r *mRole) int { return r.seq }) }
func (m *model) assignIDs() []string      { return bySeq(m.assigns, func(a *mAssign) int { return a.seq }) }
func (m *model) invIDs() []string         { return bySeq(m.invs, func(i *mInv) int { return i.seq }) }
func (m *model) isBuiltin(id string) bool { _, ok := builtinPerms[id]; return ok }

func (m *model) rolePerms(id string) pset {
	if p, ok := builtinPerms[id]; ok {
		return p
	}
	if r, ok := m.roles[id]; ok {
		return r.perms
	}
	return 0
}

// ancestors lists the parents of id, nearest first.
func (m *model) ancestors(id string) []string {
	var out []string
	for o := m.orgs[id]; o != nil && o.parent != ""; o = m.orgs[o.parent] {
		out = append(out, o.parent)
	}
	return out
}

func (m *model) isAncOrSelf(anc, id string) bool {
	return anc == id || slices.Contains(m.ancestors(id), anc)
}

func (m *model) depth(id string) int { return len(m.ancestors(id)) }

// children lists each organization's children in creation order.
func (m *model) children() map[string][]string {
	out := map[string][]string{}
	for _, id := range m.orgIDs() {
		if o := m.orgs[id]; o.parent != "" {
			out[o.parent] = append(out[o.parent], o.id)
		}
	}
	return out
}

// subtree lists id and every organization below it.
func (m *model) subtree(id string) []string {
	if m.orgs[id] == nil {
		return nil
	}
	kids := m.children()
	out := []string{id}
	for i := 0; i < len(out); i++ {
		out = append(out, kids[out[i]]...)
	}
	return out
}

// pathEnabled: the organization and every organization above it are enabled.
func (m *model) pathEnabled(id string) bool {
	o := m.orgs[id]
	if o == nil || !o.enabled {
		return false
	}
	for _, a := range m.ancestors(id) {
		if !m.orgs[a].enabled {
			return false
		}
	}
	return true
}

// live: a grant gives nothing from its end on.
func (m *model) live(ends time.Time) bool { return ends.IsZero() || m.now.Before(ends) }

// inForce: a grant counts only while it lasts and its organization's path is enabled.
func (m *model) inForce(a *mAssign) bool { return m.live(a.ends) && m.pathEnabled(a.org) }

// canAuth: a disabled user, or one whose home path is disabled, cannot authenticate.
func (m *model) canAuth(uid string) bool {
	u := m.users[uid]
	return u != nil && u.enabled && m.pathEnabled(u.home)
}

// permMap is what a user holds at each organization: the union of the
// permissions of every grant in force on it or above it.
func (m *model) permMap(uid string) map[string]pset {
	out := map[string]pset{}
	for _, a := range m.assigns {
		if a.user != uid || !m.inForce(a) {
			continue
		}
		p := m.rolePerms(a.role)
		for _, o := range m.subtree(a.org) {
			out[o] |= p
		}
	}
	return out
}

// rootAdminOK: at least one enabled user who can sign in holds admin on the
// root by a grant that never ends.
func (m *model) rootAdminOK() bool {
	for _, a := range m.assigns {
		if a.org == m.root && a.role == "admin" && a.ends.IsZero() && m.canAuth(a.user) {
			return true
		}
	}
	return false
}

// keepsPermanentAdmin: giving a an end leaves its organization another
// administrator whose access never ends (on the root, one who can sign in;
// elsewhere, an enabled person).
func (m *model) keepsPermanentAdmin(a *mAssign) bool {
	c := m.clone()
	c.assigns[a.id].ends = m.now.Add(time.Hour)
	if a.org == m.root {
		return c.rootAdminOK()
	}
	for _, b := range c.assigns {
		if b.org == a.org && b.role == "admin" && b.ends.IsZero() && c.users[b.user] != nil && c.users[b.user].enabled {
			return true
		}
	}
	return false
}

// holdsLive: user holds role on org by a grant that has not ended.
func (m *model) holdsLive(user, org, role string) bool {
	for _, a := range m.assigns {
		if a.user == user && a.org == org && a.role == role && m.live(a.ends) {
			return true
		}
	}
	return false
}

func (m *model) hasAssignment(user, org, role string) bool {
	for _, a := range m.assigns {
		if a.user == user && a.org == org && a.role == role {
			return true
		}
	}
	return false
}

func (m *model) userByEmail(email string) *mUser {
	for _, u := range m.users {
		if strings.EqualFold(u.email, email) {
			return u
		}
	}
	return nil
}

func (m *model) roleInUse(id string) bool {
	for _, a := range m.assigns {
		if a.role == id {
			return true
		}
	}
	for _, i := range m.invs {
		if i.status == "pending" && slices.Contains(i.roles, id) {
			return true
		}
	}
	return false
}

// --- model changes, applied after the API accepted them (or to a clone, to decide) ---

func (m *model) deleteUser(id string) {
	delete(m.users, id)
	for k, a := range m.assigns {
		if a.user == id {
			delete(m.assigns, k)
		}
	}
}

func (m *model) deleteOrgTree(id string) {
	sub := m.subtree(id)
	in := func(o string) bool { return slices.Contains(sub, o) }
	for k, a := range m.assigns {
		r := m.roles[a.role]
		if in(a.org) || (r != nil && in(r.org)) {
			delete(m.assigns, k)
		}
	}
	for k, i := range m.invs {
		if in(i.org) {
			delete(m.invs, k)
		}
	}
	for k, u := range m.users {
		if in(u.home) {
			m.deleteUser(k)
		}
	}
	for k, r := range m.roles {
		if in(r.org) {
			delete(m.roles, k)
		}
	}
	for _, o := range sub {
		delete(m.orgs, o)
	}
}

// --- a caller's view ---

// view is one caller's access, computed once per step.
type view struct {
	m   *model
	uid string
	pm  map[string]pset
	// limited: the caller acts through a token someone else minted, which
	// never manages its own account unless it covers it.
	limited bool
	capped  bool // through a token a principal minted for someone else (cappedView)
}

// self reports whether acting on uid is acting on oneself, exempt from covering.
func (v *view) self(uid string) bool { return uid == v.uid && !v.limited }

func (m *model) view(uid string) *view {
	return &view{m: m, uid: uid, pm: m.permMap(uid), limited: uid != m.bootAdmin}
}

// limitEntry is one grant of an issuer, as it stood when they minted a
// token for someone else: the token never carries more.
type limitEntry struct {
	org   string
	perms pset
	ends  time.Time
}

// snapshot is what uid holds now, grant by grant, as a token's limit.
func (m *model) snapshot(uid string) []limitEntry {
	var out []limitEntry
	for _, a := range m.assigns {
		if a.user == uid && m.inForce(a) {
			out = append(out, limitEntry{a.org, m.rolePerms(a.role), a.ends})
		}
	}
	return out
}

// cappedView is the access of a token minted for uid by someone else: what
// uid holds now, limited at each organization to what the limit grants
// there (limit grants count while their organization's path is enabled).
func (m *model) cappedView(uid string, limit []limitEntry) *view {
	v := m.view(uid)
	v.limited, v.capped = true, true
	capAt := map[string]pset{}
	for _, l := range limit {
		if !m.pathEnabled(l.org) || !m.live(l.ends) {
			continue
		}
		for _, o := range m.subtree(l.org) {
			capAt[o] |= l.perms
		}
	}
	for o, p := range v.pm {
		v.pm[o] = p & capAt[o]
	}
	return v
}

func (v *view) has(org string, p pset) bool { return v.pm[org]&p == p }
func (v *view) any(org string) bool         { return v.pm[org] != 0 }

func (v *view) orgVisible(id string) bool { return v.m.orgs[id] != nil && v.has(id, pOrgRead) }

func (v *view) userVisible(id string) bool {
	u := v.m.users[id]
	return u != nil && v.has(u.home, pUserRead)
}

func (v *view) assignVisible(id string) bool {
	a := v.m.assigns[id]
	return a != nil && v.has(a.org, pUserRead)
}

func (v *view) invVisible(id string) bool {
	i := v.m.invs[id]
	return i != nil && v.has(i.org, pUserRead)
}

// roleVisible: built-in roles are public; a custom role is seen by whoever
// holds roles:read where it is usable (its organization or below).
func (v *view) roleVisible(id string) bool {
	if v.m.isBuiltin(id) {
		return true
	}
	r := v.m.roles[id]
	if r == nil {
		return false
	}
	for _, o := range v.m.subtree(r.org) {
		if v.has(o, pRoleRead) {
			return true
		}
	}
	return false
}

// covers: the caller holds, at every organization where the target has a
// grant that has not ended, every permission of that grant (grants on
// disabled organizations included: they wake up when it is enabled again).
func (v *view) covers(uid string) bool {
	if v.self(uid) {
		return true
	}
	for _, a := range v.m.assigns {
		if a.user == uid && v.m.live(a.ends) && !v.has(a.org, v.m.rolePerms(a.role)) {
			return false
		}
	}
	return true
}

// manages: users:write at the user's home and covering them (rule 2).
func (v *view) manages(uid string) bool {
	u := v.m.users[uid]
	return u != nil && v.has(u.home, pUserWrite) && v.covers(uid)
}

// coversSubtree: disabling, moving or deleting org acts on every user homed
// in it or below it and on every grant on it or below it, so the caller must
// cover all of them (all is kept for callers that distinguish; it equals ok).
func (v *view) coversSubtree(org string) (ok bool, why string, all bool) {
	sub := v.m.subtree(org)
	for _, u := range v.m.users {
		if slices.Contains(sub, u.home) && !v.manages(u.id) {
			return false, "does not manage user " + u.id + " homed in the subtree", false
		}
	}
	for _, a := range v.m.assigns {
		if slices.Contains(sub, a.org) && v.m.live(a.ends) && !v.has(a.org, v.m.rolePerms(a.role)) {
			return false, "does not hold the permissions of grant " + a.id + " in the subtree", false
		}
	}
	return true, "", true
}

// known is every id the caller may learn of: visible objects and the ids
// those objects name, plus the caller's own account and home organization.
// Any other id appearing in an answer is a leak.
func (v *view) known() map[string]bool {
	k := map[string]bool{v.uid: true}
	if u := v.m.users[v.uid]; u != nil {
		k[u.home] = true
	}
	for id, o := range v.m.orgs {
		if v.any(id) {
			k[id] = true
		}
		if v.has(id, pOrgRead) && o.parent != "" {
			k[o.parent] = true
		}
	}
	for id, u := range v.m.users {
		if v.has(u.home, pUserRead) {
			k[id], k[u.home] = true, true
		}
	}
	for id, a := range v.m.assigns {
		if a.user == v.uid || v.has(a.org, pUserRead) { // one's own grants are shown by /v1/me
			k[id], k[a.user], k[a.org], k[a.role] = true, true, true, true
			if a.inv != "" {
				k[a.inv] = true
			}
		}
	}
	for id, i := range v.m.invs {
		if v.has(i.org, pUserRead) {
			k[id], k[i.org] = true, true
			if i.user != "" {
				k[i.user] = true
			}
			for _, r := range i.roles {
				k[r] = true
			}
			if _, gap := knownGaps["invitation-invited-by"]; gap && i.by != "" {
				k[i.by] = true
			}
		}
	}
	for id, r := range v.m.roles {
		if v.roleVisible(id) {
			k[id], k[r.org] = true, true
		}
	}
	return k
}

// unknown lists every id of the model the caller must never see.
func (v *view) unknown() []string {
	k := v.known()
	var out []string
	add := func(id string) {
		if !k[id] {
			out = append(out, id)
		}
	}
	for id := range v.m.orgs {
		add(id)
	}
	for id := range v.m.users {
		add(id)
	}
	for id := range v.m.assigns {
		add(id)
	}
	for id := range v.m.invs {
		add(id)
	}
	for id := range v.m.roles {
		add(id)
	}
	return out
}
