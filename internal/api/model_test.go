package api_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
)

// TestModelAuthorization drives the API with thousands of random operations
// by random callers over a random organization tree, and checks every answer
// against an independent reference model of the security model
// (model_ref_test.go): allowed, 404 (invisible) or refused; lists equal to
// what the caller may see; access reviews and errors naming nothing outside
// the caller's reach; and, every few steps, the whole portal equal to the
// model as the root administrator reads it.
//
// PORTAL_MODEL_SEED replays a run (a number, or "random"); PORTAL_MODEL_OPS
// sets the number of operations (default 2000).
func TestModelAuthorization(t *testing.T) {
	seed := uint64(1)
	if s := os.Getenv("PORTAL_MODEL_SEED"); s == "random" {
		seed = uint64(time.Now().UnixNano())
	} else if s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PORTAL_MODEL_SEED=%q: %v", s, err)
		}
		seed = n
	}
	ops := 2000
	if s := os.Getenv("PORTAL_MODEL_OPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			t.Fatalf("PORTAL_MODEL_OPS=%q: want a number of operations", s)
		}
		ops = n
	}
	if os.Getenv("PORTAL_MODEL_GAPS") == "none" { // check the known gaps too
		knownGaps = map[string]string{}
	}
	start := time.Now()
	e := newModelTest(t, seed)
	e.build()
	e.crossCheck()
	for e.step = 1; e.step <= ops; e.step++ {
		e.randomStep()
		if e.step%crossCheckEvery == 0 {
			e.crossCheck()
		}
	}
	e.crossCheck()
	t.Logf(
		"seed %d: %d operations in %s (%d allowed, %d not found, %d refused, %d unauthenticated); %d organizations, %d users, %d custom roles, "+
			"%d assignments, %d invitations",
		seed,
		ops,
		time.Since(start).Round(time.Millisecond),
		e.stats[oOK],
		e.stats[oNF],
		e.stats[oRef],
		e.stats[oUnauth],
		len(e.m.orgs),
		len(e.m.users),
		len(e.m.roles),
		len(e.m.assigns),
		len(e.m.invs),
	)
	if testing.Verbose() {
		for _, g := range opGens {
			c := e.opStats[g.name]
			t.Logf("  %-24s allowed %4d  not found %4d  refused %4d  unauthenticated %4d", g.name, c[oOK], c[oNF], c[oRef], c[oUnauth])
		}
	}
}

// knownGaps names the operation cases where the API does not yet enforce the
// security model. Each entry keeps its generator case out of the run, so the
// test stays green while the fix lands; remove the entry to test the case
// again (PORTAL_MODEL_GAPS=none runs as if the list were empty). The
// generators also know the names of gaps main has since closed
// (org-subtree-covering, org-change-keeps-root-admin, org-move-role-ancestry,
// user-move-keeps-root-admin, users-role-filter, access-review-via,
// invitation-update-roles-assign, invitation-regrant-covering,
// invitation-invited-by, invite-existing-account, accept-as-existing-account):
// listing one again takes its case out of the run.
var knownGaps = map[string]string{}

const (
	crossCheckEvery = 100
	password        = "model-test-password-1"
	chainDepth      = 12
	// maxOrgDepth: "the tree depth is bounded"; the API allows 16 levels below the root.
	maxOrgDepth = 16
	// maxTokens: "an account holds at most 20 live API tokens".
	maxTokens = 20
)

// outcome is a class of answer, as a bit set of acceptable classes.
type outcome uint8

const (
	oOK outcome = 1 << iota
	oNF
	oRef
	oUnauth
)

func (o outcome) String() string {
	var parts []string
	for _, c := range []struct {
		o outcome
		n string
	}{{oOK, "allowed (2xx)"}, {oNF, "not found (404)"}, {oRef, "refused (400/403/409/422)"}, {oUnauth, "unauthenticated (401)"}} {
		if o&c.o != 0 {
			parts = append(parts, c.n)
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, " or ")
}

func classify(status int) outcome {
	switch {
	case status >= 200 && status < 300:
		return oOK
	case status == 404:
		return oNF
	case status == 400 || status == 403 || status == 409 || status == 422:
		return oRef
	case status == 401:
		return oUnauth
	}
	return 0
}

// decision collects the model's verdict on one request: fails are the
// classes a failed check forces, maybe the classes a check the security
// model leaves open allows besides.
type decision struct {
	fails, maybe outcome
	why          []string
}

func (d *decision) add(o outcome, format string, args ...any) {
	d.fails |= o
	d.why = append(d.why, fmt.Sprintf(format, args...))
}
func (d *decision) nf(format string, args ...any)  { d.add(oNF, format, args...) }
func (d *decision) ref(format string, args ...any) { d.add(oRef, format, args...) }

// soft: the target is known to the caller but not reachable for this: 404 or a refusal.
func (d *decision) soft(format string, args ...any) { d.add(oNF|oRef, format, args...) }
func (d *decision) may(o outcome, format string, args ...any) {
	d.maybe |= o
	d.why = append(d.why, "(open) "+fmt.Sprintf(format, args...))
}

func (d *decision) expect() outcome {
	if d.fails == 0 {
		return oOK | d.maybe
	}
	return d.fails | d.maybe&^oOK
}

// step is one request with the model's verdict.
type step struct {
	name, desc   string
	method, path string
	body         any
	headers      []string
	caller       string // "" for a public route
	token        string
	d            decision
	nfPrefix     string                   // on a GET answered 404, compare with a missing id of this kind
	check        func(r acctest.Response) // on success, verify the answer
	apply        func(r acctest.Response) // on success, change the model
	public       bool                     // no caller; refusals may be any 4xx
	noScan       bool                     // a known gap: do not scan the answer for leaks
	allow        []string                 // ids the answer may name besides those the request names
	throttled    bool                     // a resend the API may refuse with 429 when repeated within a minute
	issued       *issued                  // the caller acts through a token someone else minted
}

type modelTest struct {
	t       *testing.T
	s       *acctest.Server
	m       *model
	rng     *rand.Rand
	seed    uint64
	step    int
	n       int // name counter
	trace   []string
	stats   map[outcome]int
	opStats map[string]map[outcome]int
	// delegated are the custom roles of delegated administrators
	delegated []string
	// tokens are API tokens principals minted for someone else, used as callers
	tokens []*issued
	idRe   *regexp.Regexp
	cur    *step
	curWho string
}

func newModelTest(t *testing.T, seed uint64) *modelTest {
	s := acctest.StartAPI(t)
	e := &modelTest{t: t, s: s, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed,
		stats: map[outcome]int{}, opStats: map[string]map[outcome]int{}, idRe: regexp.MustCompile(`[a-z]{3}_[0-9a-z]{26}`)}
	e.m = newModel(s.RootID, s.AdminID, "admin@portal.test")
	e.m.users[s.AdminID].token = acctest.BootstrapToken
	return e
}

// --- helpers ---

func (e *modelTest) chance(p float64) bool { return e.rng.Float64() < p }

func pick[T any](e *modelTest, xs []T) T {
	var zero T
	if len(xs) == 0 {
		return zero
	}
	return xs[e.rng.IntN(len(xs))]
}

func filter2[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func filter(ids []string, keep func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}

func (e *modelTest) name(kind string) string {
	e.n++
	return fmt.Sprintf("%s-%d", kind, e.n)
}

func (e *modelTest) freshEmail() string {
	e.n++
	return fmt.Sprintf("person%d@model.example", e.n)
}

// swapCase returns the address with a different but equivalent case.
func (e *modelTest) swapCase(s string) string {
	if e.chance(0.5) {
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return strings.ToUpper(s)
}

// fake is a well-formed id of nothing.
func (e *modelTest) fake(prefix string) string {
	const alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
	b := []byte("01")
	for range 24 {
		b = append(b, alphabet[e.rng.IntN(len(alphabet))])
	}
	return prefix + "_" + string(b)
}

// pickNear picks, half of the time, among the ids the caller reaches.
func (e *modelTest) pickNear(ids []string, near func(string) bool, prefix string) string {
	r := e.rng.Float64()
	if r < 0.04 {
		return e.fake(prefix)
	}
	if r < 0.65 {
		if n := filter(ids, near); len(n) > 0 {
			return pick(e, n)
		}
	}
	return pick(e, ids)
}

func (e *modelTest) pickOrg(v *view) string { return e.pickNear(e.m.orgIDs(), v.any, "org") }
func (e *modelTest) pickUser(v *view) string {
	return e.pickNear(e.m.userIDs(), v.userVisible, "usr")
}

func (e *modelTest) pickPartner(v *view) string {
	partners := filter(e.m.orgIDs(), func(id string) bool { return e.m.orgs[id].kind == "partner" })
	if e.chance(0.85) {
		return e.pickNear(partners, v.any, "org")
	}
	return e.pickOrg(v)
}

// pickRoleFor picks a role to grant at org: mostly built-in, else a custom
// role, mostly one usable at org.
func (e *modelTest) pickRoleFor(v *view, org string) string {
	if len(e.m.roles) == 0 || e.chance(0.6) {
		return pick(e, builtinIDs)
	}
	all := e.m.roleIDs()
	if e.chance(0.75) {
		if usable := filter(all, func(id string) bool { return e.m.orgs[org] != nil && e.m.isAncOrSelf(e.m.roles[id].org, org) }); len(
			usable,
		) > 0 {
			return pick(e, usable)
		}
	}
	return e.pickNear(all, v.roleVisible, "rol")
}

func (e *modelTest) randPerms() pset {
	var p pset
	for p == 0 {
		for i := range permNames {
			if e.chance(0.3) {
				p |= 1 << i
			}
		}
	}
	if e.chance(0.1) {
		p = pAll
	}
	return p
}

func (e *modelTest) gap(name string) bool { _, ok := knownGaps[name]; return ok }

// observer is a root administrator who can sign in, for the harness's own reads.
func (e *modelTest) observer() string {
	m := e.m
	if m.canAuth(m.bootAdmin) && m.holdsLive(m.bootAdmin, m.root, "admin") {
		return acctest.BootstrapToken
	}
	for _, id := range m.userIDs() {
		if u := m.users[id]; u.token != "" && m.canAuth(id) && m.holdsLive(id, m.root, "admin") {
			return u.token
		}
	}
	e.t.Fatalf("seed %d step %d: the model has no root administrator with a token who can sign in", e.seed, e.step)
	return ""
}

// obs sends a harness request as the observer and requires want.
func (e *modelTest) obs(want int, method, path string, body any) acctest.Response {
	e.t.Helper()
	r := e.s.Do(e.t, e.observer(), method, path, body)
	if r.Status != want {
		e.t.Fatalf("seed %d step %d: harness %s %s = %d, want %d: %s%s", e.seed, e.step, method, path, r.Status, want, r.Body, e.replay())
	}
	return r
}

// listAll reads every page of a list with token.
func (e *modelTest) listAll(token, path string) ([]map[string]any, acctest.Response) {
	var items []map[string]any
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	page := ""
	for {
		r := e.s.Do(e.t, token, "GET", path+sep+"limit=200&page_token="+url.QueryEscape(page), nil)
		if r.Status != 200 {
			return items, r
		}
		var out struct {
			Items []map[string]any `json:"items"`
			Next  string           `json:"next_page_token"`
		}
		if err := json.Unmarshal(r.Body, &out); err != nil {
			e.t.Fatalf("decode %s: %v", r.Body, err)
		}
		items = append(items, out.Items...)
		if out.Next == "" {
			return items, r
		}
		page = out.Next
	}
}

func str(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func ids(items []map[string]any) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, str(it, "id"))
	}
	slices.Sort(out)
	return out
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// mintToken gives a user who can sign in a token, issued by a root
// administrator: a token carries at most what its issuer held when minting
// it, and a root administrator holds everything, so it acts as its owner.
func (e *modelTest) mintToken(uid string) {
	if !e.m.canAuth(uid) {
		return
	}
	if e.m.users[uid].tokens >= maxTokens {
		return
	}
	e.m.users[uid].token = e.obs(201, "POST", "/v1/users/"+uid+"/tokens", map[string]any{"name": "model"}).Str(e.t, "token")
	e.m.users[uid].tokens++
}

// outboxLink finds the newest link of kind (a path prefix) in mail to addr whose body contains marker.
func (e *modelTest) outboxLink(addr, kind, marker string) string {
	r := e.obs(200, "GET", "/v1/dev/outbox?to="+url.QueryEscape(addr), nil)
	var out struct {
		Items []struct{ Body string } `json:"items"`
	}
	mustUnmarshal(e.t, r.Body, &out)
	for _, it := range out.Items {
		if !strings.Contains(it.Body, marker) {
			continue
		}
		if i := strings.Index(it.Body, kind); i >= 0 {
			token, _, _ := strings.Cut(it.Body[i+len(kind):], "\n")
			return strings.TrimSpace(token)
		}
	}
	e.t.Fatalf("seed %d step %d: no %s link to %s (marker %q) in the outbox: %s%s", e.seed, e.step, kind, addr, marker, r.Body, e.replay())
	return ""
}

// syncOwned reloads the assignments an invitation owns, as the API made them.
func (e *modelTest) syncOwned(invID string) {
	for k, a := range e.m.assigns {
		if a.inv == invID {
			delete(e.m.assigns, k)
		}
	}
	items, r := e.listAll(e.observer(), "/v1/role-assignments?invitation_id="+invID)
	if r.Status != 200 {
		e.t.Fatalf("harness list of invitation %s's assignments: %d %s", invID, r.Status, r.Body)
	}
	for _, it := range items {
		id := str(it, "id")
		e.m.assigns[id] = &mAssign{
			id:   id,
			user: str(it, "user_id"),
			org:  str(it, "organization_id"),
			role: str(it, "role_id"),
			inv:  invID,
			ends: e.endOf(it),
			seq:  e.m.next(),
		}
	}
}

// --- building the portal ---

// endOf is the end of an assignment as the API shows it; zero for none.
func (e *modelTest) endOf(it map[string]any) time.Time {
	s := str(it, "expires_at")
	if s == "" {
		return time.Time{}
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		e.t.Fatalf("assignment %s: expires_at %q: %v", str(it, "id"), s, err)
	}
	return at
}

// advanceClock moves the server's clock, and the model's with it.
func (e *modelTest) advanceClock(d time.Duration) {
	r := e.s.Do(e.t, e.observer(), "POST", "/v1/dev/clock", map[string]any{"advance_seconds": int64(d / time.Second)})
	at, err := time.Parse(time.RFC3339Nano, r.Str(e.t, "now"))
	if r.Status != 200 || err != nil {
		e.t.Fatalf("harness clock: %d %s", r.Status, r.Body)
	}
	e.m.now = at
	e.trace = append(e.trace, fmt.Sprintf("step %d: the harness moved the clock by %s", e.step, d))
}

func (e *modelTest) build() {
	m := e.m
	// The bootstrap administrator's grant.
	items, _ := e.listAll(acctest.BootstrapToken, "/v1/role-assignments?user_id="+m.bootAdmin)
	for _, it := range items {
		id := str(it, "id")
		m.assigns[id] = &mAssign{id: id, user: m.bootAdmin, org: str(it, "organization_id"), role: str(it, "role_id"), seq: m.next()}
	}
	if !m.rootAdminOK() {
		e.t.Fatalf("bootstrap administrator holds no admin grant on the root: %v", items)
	}
	e.advanceClock(0)
	// Built-in roles are what the model says.
	for _, id := range builtinIDs {
		var r struct{ Permissions []string }
		mustUnmarshal(e.t, e.s.Admin(e.t, 200, "GET", "/v1/roles/"+id, nil).Body, &r)
		if p := psetOf(r.Permissions); p != builtinPerms[id] {
			e.t.Fatalf("built-in role %s holds %v, the model says %v", id, r.Permissions, builtinPerms[id])
		}
	}
	addOrg := func(kind, parent string) string {
		name := e.name(kind)
		id := e.s.Org(e.t, name, kind, parent)
		m.orgs[id] = &mOrg{id: id, parent: parent, kind: kind, name: name, enabled: true, seq: m.next()}
		return id
	}
	// A deep chain of partners, then partners and clients anywhere.
	prev := m.root
	for range chainDepth {
		prev = addOrg("partner", prev)
	}
	partners := func() []string {
		return filter(m.orgIDs(), func(id string) bool { return m.orgs[id].kind == "partner" })
	}
	for range 6 {
		addOrg("partner", pick(e, partners()))
	}
	for range 12 {
		addOrg("client", pick(e, partners()))
	}
	// Custom roles on random partners (and a client).
	var delegated []string
	for i := range 5 {
		org := pick(e, partners())
		if i < 3 { // delegated roles sit high in the tree, usable widely
			org = m.subtree(m.root)[1+e.rng.IntN(3)]
		}
		if i == 4 {
			org = pick(e, filter(m.orgIDs(), func(id string) bool { return m.orgs[id].kind == "client" }))
		}
		perms := e.randPerms()
		switch i { // delegated administration: managers of roles and of users who hold only part of the catalog
		case 0, 1:
			perms = (perms | pRoleRead | pRoleWrite | pRoleAssign | pUserRead | pOrgRead) &^ pick(
				e,
				[]pset{pUserWrite, pAuditRead | pUserInvite, pOrgWrite},
			)
		case 2:
			perms = (perms | pUserRead | pUserWrite | pUserInvite | pOrgRead) &^ pick(e, []pset{pRoleWrite, pAuditRead, pOrgWrite | pRoleAssign})
		}
		name := e.name("role")
		id := e.s.Admin(e.t, 201, "POST", "/v1/roles", map[string]any{"organization_id": org, "name": name, "permissions": perms.names()}).
			Str(e.t, "id")
		m.roles[id] = &mRole{id: id, org: org, name: name, perms: perms, seq: m.next()}
		if i < 3 {
			delegated = append(delegated, id)
		}
	}
	// Principals: users homed anywhere with random grants; two more root administrators.
	e.delegated = delegated
	for i := range 18 {
		e.addPrincipal(i)
	}
}

// addPrincipal creates, as the harness, a user homed anywhere with random
// grants and a token: principal i < 2 is a root administrator, 2..7 hold a
// delegated custom role; some finish set-up, so their address is verified.
func (e *modelTest) addPrincipal(i int) {
	m := e.m
	orgs := m.orgIDs()
	home := pick(e, orgs)
	send := i%3 == 0
	email := e.freshEmail()
	uid := e.obs(201, "POST", "/v1/users", map[string]any{"email": email, "first_name": "Model", "last_name": "Principal",
		"organization_id": home, "send_invitation": send}).Str(e.t, "id")
	m.users[uid] = &mUser{id: uid, home: home, email: email, enabled: true, setupLink: send, seq: m.next()}
	grant := func(org, role string) {
		if m.hasAssignment(uid, org, role) {
			return
		}
		id := e.obs(201, "POST", "/v1/role-assignments", map[string]any{"user_id": uid, "organization_id": org, "role_id": role}).Str(e.t, "id")
		m.assigns[id] = &mAssign{id: id, user: uid, org: org, role: role, seq: m.next()}
	}
	if i >= 0 && i < 2 {
		grant(m.root, "admin")
	}
	if role := pick(e, e.delegated); i >= 2 && i < 8 && m.roles[role] != nil {
		org := home
		if !m.isAncOrSelf(m.roles[role].org, home) {
			org = m.roles[role].org
		}
		grant(org, role)
	}
	for range 1 + e.rng.IntN(3) {
		org := home
		switch r := e.rng.Float64(); {
		case r < 0.3 && m.orgs[home].parent != "":
			org = pick(e, m.ancestors(home))
		case r < 0.6:
			org = pick(e, orgs)
		}
		role := pick(e, builtinIDs)
		if e.chance(0.4) {
			if usable := filter(m.roleIDs(), func(id string) bool { return m.isAncOrSelf(m.roles[id].org, org) }); len(usable) > 0 {
				role = pick(e, usable)
			}
		}
		grant(org, role)
	}
	if send && i%2 == 0 {
		link := e.outboxLink(email, "/account/setup?token=", "")
		e.s.Must(e.t, 200, "", "POST", "/v1/account/setup", map[string]any{"token": link, "password": password})
		u := m.users[uid]
		u.setupDone, u.verified, u.setupLink = true, true, false
	}
	e.mintToken(uid)
}

// issued is a token a principal minted for another user.
type issued struct {
	owner, issuer, token string
	limit                []limitEntry
}

// --- the random walk ---

type opGen struct {
	name   string
	weight int
	gen    func(e *modelTest, v *view) *step
}

var opGens = []opGen{
	{"get-organization", 4, (*modelTest).opGetOrg},
	{"get-user", 4, (*modelTest).opGetUser},
	{"get-role", 2, (*modelTest).opGetRole},
	{"get-role-assignment", 3, (*modelTest).opGetAssign},
	{"get-invitation", 2, (*modelTest).opGetInv},
	{"create-organization", 7, (*modelTest).opCreateOrg},
	{"update-organization", 12, (*modelTest).opPatchOrg},
	{"delete-organization", 2, (*modelTest).opDeleteOrg},
	{"create-user", 6, (*modelTest).opCreateUser},
	{"update-user", 12, (*modelTest).opPatchUser},
	{"delete-user", 3, (*modelTest).opDeleteUser},
	{"user-lifecycle", 5, (*modelTest).opLifecycle},
	{"create-token", 3, (*modelTest).opCreateToken},
	{"create-role", 4, (*modelTest).opCreateRole},
	{"update-role", 7, (*modelTest).opPatchRole},
	{"delete-role", 2, (*modelTest).opDeleteRole},
	{"create-role-assignment", 10, (*modelTest).opCreateAssign},
	{"delete-role-assignment", 6, (*modelTest).opDeleteAssign},
	{"update-role-assignment", 4, (*modelTest).opPatchAssign},
	{"create-invitation", 6, (*modelTest).opCreateInv},
	{"update-invitation", 3, (*modelTest).opPatchInv},
	{"delete-invitation", 2, (*modelTest).opDeleteInv},
	{"resend-invitation", 1, (*modelTest).opResendInv},
	{"revoke-invitation", 1, (*modelTest).opRevokeInv},
	{"accept-invitation", 1, (*modelTest).opAcceptInv},
	{"complete-setup", 1, (*modelTest).opCompleteSetup},
	{"list-organizations", 2, (*modelTest).opListOrgs},
	{"list-users", 5, (*modelTest).opListUsers},
	{"list-roles", 1, (*modelTest).opListRoles},
	{"list-role-assignments", 3, (*modelTest).opListAssigns},
	{"list-invitations", 2, (*modelTest).opListInvs},
	{"user-access", 4, (*modelTest).opAccess},
	{"me", 1, (*modelTest).opMe},
}

func (e *modelTest) randomStep() {
	total := 0
	for _, g := range opGens {
		total += g.weight
	}
	principals := filter(e.m.userIDs(), func(id string) bool { return e.m.users[id].token != "" })
	active := filter(principals, e.m.canAuth)
	if len(active) < 10 && e.step%10 == 0 { // keep a crowd of callers who can sign in
		e.addPrincipal(e.rng.IntN(10))
		e.trace = append(e.trace, fmt.Sprintf("step %d: the harness added a principal", e.step))
		principals = filter(e.m.userIDs(), func(id string) bool { return e.m.users[id].token != "" })
		active = filter(principals, e.m.canAuth)
	}
	if e.step%50 == 0 { // time passes: time-bound grants lapse
		e.advanceClock(time.Duration(5+e.rng.IntN(40)) * time.Minute)
	}
	for range 50 {
		caller := pick(e, principals)
		if len(active) > 0 && e.chance(0.9) {
			caller = pick(e, active)
		}
		v := e.m.view(caller)
		token := e.m.users[caller].token
		var tk *issued
		if len(e.tokens) > 0 && e.chance(0.2) { // a token minted for someone else: capped by its issuer
			tk = pick(e, e.tokens)
			if live := filter2(e.tokens, func(t *issued) bool { return e.m.canAuth(t.owner) }); len(live) > 0 && e.chance(0.85) {
				tk = pick(e, live)
			}
			caller, token = tk.owner, tk.token
			v = e.m.cappedView(caller, tk.limit)
		}
		n := e.rng.IntN(total)
		var g opGen
		for _, g = range opGens {
			if n < g.weight {
				break
			}
			n -= g.weight
		}
		st := g.gen(e, v)
		if st == nil {
			continue
		}
		st.name = g.name
		if !st.public {
			st.caller, st.token, st.issued = caller, token, tk
		}
		e.run(st, v)
		return
	}
}

// run sends a step, compares the answer with the model, and applies it.
func (e *modelTest) run(st *step, v *view) {
	e.cur = st
	exp := st.d.expect()
	if !st.public && !e.m.canAuth(st.caller) {
		exp = oUnauth
	}
	who := "public"
	if !st.public {
		who = st.caller + " (deleted)"
		if u := e.m.users[st.caller]; u != nil {
			who = fmt.Sprintf("%s <%s> home %s", st.caller, u.email, u.home)
		}
		if st.issued != nil {
			who += " via a token minted by " + st.issued.issuer
		}
	}
	e.curWho = who
	var body any
	if st.body != nil {
		body = st.body
	}
	r := e.s.Do(e.t, st.token, st.method, st.path, body, st.headers...)
	got := classify(r.Status)
	e.trace = append(
		e.trace,
		fmt.Sprintf("step %d: %s by %s: %s %s %s -> %d", e.step, st.name, who, st.method, st.path, compact(st.body), r.Status),
	)
	if os.Getenv("MODEL_TRACE") != "" {
		e.t.Logf("TRACE %s\n   %s", e.trace[len(e.trace)-1], trunc(r.Body))
	}
	if len(e.trace) > 12 {
		e.trace = e.trace[1:]
	}
	e.stats[got]++
	if e.opStats[st.name] == nil {
		e.opStats[st.name] = map[outcome]int{}
	}
	e.opStats[st.name][got]++
	if st.public && exp&oRef != 0 && r.Status >= 400 && r.Status < 500 && r.Status != 404 {
		got = oRef
	}
	if st.throttled && r.Status == 429 && exp&oOK != 0 {
		got = oOK // a link is resent at most once a minute: nothing happened
		st.apply, st.check = nil, nil
	}
	if got == 0 || exp&got == 0 {
		if os.Getenv("MODEL_TRACE") != "" && strings.HasPrefix(st.path, "/v1/invitations/inv_") {
			id := strings.Split(st.path, "/")[3]
			e.t.Logf("DEBUG invitation %s: %s\n owned: %s\n model %+v", id, e.obs(200, "GET", "/v1/invitations/"+id, nil).Body,
				e.obs(200, "GET", "/v1/role-assignments?invitation_id="+id, nil).Body, *e.m.invs[id])
		}
		e.failf(st, "expected %s, got %d", exp, r.Status)
		e.t.Logf("response: %s", trunc(r.Body))
		e.t.FailNow()
	}
	if !st.public && got != oUnauth && !st.noScan {
		e.scanLeaks(st, v, r)
		if got == oNF && st.nfPrefix != "" && st.method == "GET" {
			e.compareNotFound(st, r)
		}
	}
	if got == oOK {
		if st.check != nil {
			st.check(r)
		}
		if st.apply != nil {
			st.apply(r)
		}
	}
}

// failf reports a disagreement between the model and the API, with what replays it.
func (e *modelTest) failf(st *step, format string, args ...any) {
	e.t.Helper()
	who := "public"
	grants := ""
	if !st.public {
		who = st.caller + " (deleted)"
		if u := e.m.users[st.caller]; u != nil {
			who = fmt.Sprintf("%s <%s> homed in %s (can sign in: %v)", st.caller, u.email, u.home, e.m.canAuth(st.caller))
		}
		if st.issued != nil {
			var lim []string
			for _, l := range st.issued.limit {
				lim = append(lim, l.perms.String()+"@"+l.org)
			}
			who += fmt.Sprintf(", through a token %s minted for them, limited to %s", st.issued.issuer, strings.Join(lim, ", "))
		}
		var g []string
		for _, id := range e.m.assignIDs() {
			if a := e.m.assigns[id]; a.user == st.caller {
				g = append(g, fmt.Sprintf("%s@%s%s", a.role, a.org, map[bool]string{true: "", false: " (not in force)"}[e.m.inForce(a)]))
			}
		}
		grants = strings.Join(g, ", ")
	}
	e.t.Errorf(
		"MODEL MISMATCH seed %d step %d\n  operation: %s: %s %s %s\n  caller: %s\n  caller's grants: %s\n  %s\n  model's reasons: %s%s",
		e.seed,
		e.step,
		st.name,
		st.method,
		st.path,
		compact(st.body),
		who,
		grants,
		fmt.Sprintf(format, args...),
		strings.Join(st.d.why, "; "),
		e.replay(),
	)
}

func (e *modelTest) replay() string {
	return fmt.Sprintf(
		"\n  recent steps:\n    %s\n  replay: PORTAL_MODEL_SEED=%d PORTAL_MODEL_OPS=%d go test -count=1 -run TestModel ./internal/api/",
		strings.Join(e.trace, "\n    "),
		e.seed,
		e.step,
	)
}

func compact(b any) string {
	if b == nil {
		return ""
	}
	raw, _ := json.Marshal(b)
	return string(raw)
}

func trunc(b []byte) string {
	if len(b) > 1500 {
		return string(b[:1500]) + "…"
	}
	return string(b)
}

// scanLeaks fails when an answer names an id the caller must not know of,
// other than ids the request itself named.
func (e *modelTest) scanLeaks(st *step, v *view, r acctest.Response) {
	found := e.idRe.FindAllString(string(r.Body), -1)
	if len(found) == 0 {
		return
	}
	unknown := map[string]bool{}
	for _, id := range v.unknown() {
		unknown[id] = true
	}
	asked := st.path + compact(st.body) + strings.Join(st.allow, " ")
	for _, id := range found {
		if unknown[id] && !strings.Contains(asked, id) {
			e.failf(st, "the answer (%d) names %s, which the caller cannot reach: %s", r.Status, id, trunc(r.Body))
			e.t.FailNow()
		}
	}
}

// compareNotFound: an invisible object answers exactly like a missing one.
func (e *modelTest) compareNotFound(st *step, r acctest.Response) {
	id := st.path[strings.LastIndex(st.path, "/")+1:]
	if !strings.HasPrefix(id, st.nfPrefix+"_") {
		return
	}
	missing := e.fake(st.nfPrefix)
	r2 := e.s.Do(e.t, st.token, "GET", strings.Replace(st.path, id, missing, 1), nil)
	a := strings.ReplaceAll(string(r.Body), id, "{id}")
	b := strings.ReplaceAll(string(r2.Body), missing, "{id}")
	if r2.Status != r.Status || a != b {
		e.failf(st, "an invisible object answers unlike a missing one:\n    invisible: %d %s\n    missing:   %d %s", r.Status, a, r2.Status, b)
		e.t.FailNow()
	}
}

func (e *modelTest) mismatch(format string, args ...any) {
	e.t.Helper()
	e.failf(e.cur, format, args...)
	e.t.FailNow()
}

func (e *modelTest) decode(r acctest.Response) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		e.mismatch("undecodable answer %s", r.Body)
	}
	return m
}

// rule6 refuses a change after which no enabled root administrator could sign in.
func (e *modelTest) rule6(d *decision, change func(c *model)) {
	if e.breaksRule6(change) {
		d.ref("no enabled root administrator who can sign in would remain")
	}
}

func (e *modelTest) breaksRule6(change func(c *model)) bool {
	c := e.m.clone()
	change(c)
	return !c.rootAdminOK()
}

// orgRef is the usual check of an organization named by a create: 404 when
// the caller knows nothing of it, else refused (or 404) without need.
func orgRef(d *decision, v *view, org string, need pset, what string) {
	switch {
	case v.m.orgs[org] == nil || !v.any(org):
		d.nf("%s %s is unknown to the caller", what, org)
	case !v.has(org, need):
		d.soft("caller lacks %v on %s %s", need&^v.pm[org], what, org)
	}
}

// --- organizations ---

func (e *modelTest) checkOrg(id string) func(acctest.Response) {
	return func(r acctest.Response) {
		o, b := e.m.orgs[id], e.decode(r)
		if str(b, "id") != id || str(b, "parent_id") != o.parent || str(b, "kind") != o.kind || b["enabled"] != o.enabled {
			e.mismatch("organization %s reads %s; the model has parent %q kind %s enabled %v", id, r.Body, o.parent, o.kind, o.enabled)
		}
	}
}

func (e *modelTest) opGetOrg(v *view) *step {
	id := e.pickOrg(v)
	st := &step{method: "GET", path: "/v1/organizations/" + id, nfPrefix: "org"}
	if !v.orgVisible(id) {
		st.d.nf("no organizations:read on %s", id)
	} else {
		st.check = e.checkOrg(id)
	}
	return st
}

func (e *modelTest) opCreateOrg(v *view) *step {
	parent, kind, name := e.pickPartner(v), pick(e, []string{"partner", "client"}), e.name("org")
	st := &step{method: "POST", path: "/v1/organizations", body: map[string]any{"name": name, "kind": kind, "parent_id": parent}}
	d := &st.d
	orgRef(d, v, parent, pOrgWrite, "parent")
	if d.fails == 0 {
		if !v.has(parent, pOrgRead) {
			d.may(oNF, "caller writes but cannot read parent %s", parent)
		}
		if e.m.orgs[parent].kind == "client" {
			d.ref("parent %s is a client", parent)
		}
		if e.m.depth(parent)+1 > maxOrgDepth {
			d.ref("the new organization would sit %d levels below the root", e.m.depth(parent)+1)
		}
	}
	st.apply = func(r acctest.Response) {
		id := r.Str(e.t, "id")
		e.m.orgs[id] = &mOrg{id: id, parent: parent, kind: kind, name: name, enabled: true, seq: e.m.next()}
	}
	return st
}

func (e *modelTest) opPatchOrg(v *view) *step {
	m := e.m
	id := e.pickOrg(v)
	st := &step{method: "PATCH", path: "/v1/organizations/" + id}
	d := &st.d
	variant := pick(e, []string{"rename", "enable", "disable", "disable", "move", "move"})
	var np string
	switch variant {
	case "rename":
		st.body = map[string]any{"name": e.name("org")}
	case "enable":
		st.body = map[string]any{"enabled": true}
	case "disable":
		st.body = map[string]any{"enabled": false}
	case "move":
		np = e.pickPartner(v)
		if o := m.orgs[id]; o != nil && o.parent == np {
			return nil
		}
		st.body = map[string]any{"parent_id": np}
	}
	st.desc = variant
	o := m.orgs[id]
	if !v.orgVisible(id) {
		d.nf("no organizations:read on %s", id)
		return st
	}
	owner := o.parent
	if owner == "" {
		owner = id
	}
	if !v.has(owner, pOrgWrite) {
		d.ref("no organizations:write on %s, the parent of %s", owner, id)
	}
	switch variant {
	case "rename":
		name := st.body.(map[string]any)["name"].(string)
		st.apply = func(acctest.Response) { o.name = name }
	case "enable":
		// The page names disabling, moving and deleting; whether enabling
		// (which gives the users inside their access back) needs covering
		// them is left open.
		if ok, why, all := v.coversSubtree(id); (!ok || !all) && !o.enabled {
			d.may(oRef, "enabling %s: caller %s", id, why)
		}
		st.apply = func(acctest.Response) { o.enabled = true }
	case "disable":
		if id == m.root {
			d.ref("the root organization cannot be disabled")
			break
		}
		if !o.enabled {
			d.may(oRef, "already disabled")
			break
		}
		if ok, why, all := v.coversSubtree(id); !ok {
			if e.gap("org-subtree-covering") {
				return nil
			}
			d.ref("disabling %s: caller %s", id, why)
		} else if !all {
			d.may(oRef, "disabling %s: caller %s", id, why)
		}
		if u := m.users[v.uid]; slices.Contains(m.subtree(id), u.home) {
			d.may(oRef, "caller lives in the organization it disables")
		}
		if e.breaksRule6(func(c *model) { c.orgs[id].enabled = false }) && e.gap("org-change-keeps-root-admin") {
			return nil
		}
		e.rule6(d, func(c *model) { c.orgs[id].enabled = false })
		st.apply = func(acctest.Response) { o.enabled = false }
	case "move":
		if id == m.root {
			d.ref("the root organization cannot move")
			break
		}
		orgRef(d, v, np, pOrgWrite, "new parent")
		if m.orgs[np] == nil || !v.any(np) {
			break
		}
		if !v.has(np, pOrgRead) {
			d.may(oNF, "caller writes but cannot read the new parent %s", np)
		}
		sub := m.subtree(id)
		if m.orgs[np].kind == "client" {
			d.ref("new parent %s is a client", np)
		}
		if slices.Contains(sub, np) {
			d.ref("new parent %s is inside %s", np, id)
			break
		}
		low := 0
		for _, x := range sub {
			low = max(low, m.depth(x)-m.depth(id))
		}
		if m.depth(np)+1+low > maxOrgDepth {
			d.ref("moving %s under %s would put an organization %d levels below the root", id, np, m.depth(np)+1+low)
		}
		if ok, why, all := v.coversSubtree(id); !ok {
			if e.gap("org-subtree-covering") {
				return nil
			}
			d.ref("moving %s: caller %s", id, why)
		} else if !all {
			d.may(oRef, "moving %s: caller %s", id, why)
		}
		// Rule 5: custom roles in use inside stay within the new ancestry.
		rule5 := len(d.why)
		allowed := append(slices.Clone(sub), append([]string{np}, m.ancestors(np)...)...)
		for _, a := range m.assigns {
			if r := m.roles[a.role]; r != nil && slices.Contains(sub, a.org) && !slices.Contains(allowed, r.org) {
				d.ref("grant %s uses role %s defined outside the new ancestry", a.id, r.id)
			}
		}
		for _, i := range m.invs {
			if i.status != "pending" || !slices.Contains(sub, i.org) {
				continue
			}
			for _, rid := range i.roles {
				if r := m.roles[rid]; r != nil && !slices.Contains(allowed, r.org) {
					d.ref("pending invitation %s uses role %s defined outside the new ancestry", i.id, r.id)
				}
			}
		}
		if len(d.why) > rule5 && e.gap("org-move-role-ancestry") {
			return nil
		}
		if e.breaksRule6(func(c *model) { c.orgs[id].parent = np }) && e.gap("org-change-keeps-root-admin") {
			return nil
		}
		if up := v.pm[np] &^ v.pm[id]; up != 0 {
			d.ref("moving %s under %s would give the caller %v on it", id, np, up)
		}
		e.rule6(d, func(c *model) { c.orgs[id].parent = np })
		st.apply = func(acctest.Response) { o.parent = np }
	}
	st.check = func(r acctest.Response) {
		if st.apply != nil {
			st.apply(r)
			st.apply = nil
		}
		e.checkOrg(id)(r)
	}
	return st
}

func (e *modelTest) opDeleteOrg(v *view) *step {
	m := e.m
	id := e.pickOrg(v)
	force := e.chance(0.4) && len(m.subtree(id)) <= 6 // small subtrees only: the portal must not collapse
	path := "/v1/organizations/" + id
	if force {
		path += "?force=true"
	}
	st := &step{method: "DELETE", path: path}
	d := &st.d
	o := m.orgs[id]
	if !v.orgVisible(id) {
		d.nf("no organizations:read on %s", id)
		return st
	}
	if id == m.root {
		d.ref("the root organization cannot be deleted")
		return st
	}
	if !v.has(o.parent, pOrgWrite) {
		d.ref("no organizations:write on %s, the parent of %s", o.parent, id)
	}
	deps := 0
	for _, x := range m.orgs {
		if x.parent == id {
			deps++
		}
	}
	for _, u := range m.users {
		if u.home == id {
			deps++
		}
	}
	for _, a := range m.assigns {
		if a.org == id {
			deps++
		}
	}
	for _, i := range m.invs {
		if i.org == id && i.status == "pending" {
			deps++
		}
	}
	for _, r := range m.roles {
		if r.org == id {
			deps++
		}
	}
	if deps > 0 && !force {
		d.ref("%s is not empty (%d dependents) and force is not set", id, deps)
	}
	if deps > 0 && force {
		if ok, why, all := v.coversSubtree(id); !ok {
			if e.gap("org-subtree-covering") {
				return nil
			}
			d.ref("deleting %s: caller %s", id, why)
		} else if !all {
			d.may(oRef, "deleting %s: caller %s", id, why)
		}
		if !v.has(id, pUserWrite) {
			d.may(oRef, "no users:write on %s", id)
		}
	}
	if slices.Contains(m.subtree(id), m.users[v.uid].home) {
		d.ref("caller lives in %s or below", id)
	}
	e.rule6(d, func(c *model) { c.deleteOrgTree(id) })
	st.apply = func(acctest.Response) { m.deleteOrgTree(id) }
	return st
}

// --- users ---

func (e *modelTest) checkUser(id string) func(acctest.Response) {
	return func(r acctest.Response) {
		u, b := e.m.users[id], e.decode(r)
		if str(b, "id") != id || str(b, "organization_id") != u.home || b["enabled"] != u.enabled ||
			!strings.EqualFold(str(b, "email"), u.email) {
			e.mismatch("user %s reads %s; the model has home %s enabled %v email %s", id, r.Body, u.home, u.enabled, u.email)
		}
	}
}

func (e *modelTest) opGetUser(v *view) *step {
	id := e.pickUser(v)
	st := &step{method: "GET", path: "/v1/users/" + id, nfPrefix: "usr"}
	if !v.userVisible(id) {
		st.d.nf("no users:read on the home of %s", id)
	} else {
		st.check = e.checkUser(id)
	}
	return st
}

func (e *modelTest) opCreateUser(v *view) *step {
	m := e.m
	home := e.pickOrg(v)
	email := e.freshEmail()
	if e.chance(0.15) {
		email = e.swapCase(m.users[pick(e, m.userIDs())].email)
	}
	send, enabled := e.chance(0.4), e.chance(0.9)
	st := &step{method: "POST", path: "/v1/users", body: map[string]any{"email": email, "first_name": "Model", "last_name": "User",
		"organization_id": home, "send_invitation": send, "enabled": enabled}}
	d := &st.d
	orgRef(d, v, home, pUserWrite, "home organization")
	if d.fails == 0 && !v.has(home, pUserRead) {
		d.may(oNF, "caller writes but cannot read users of %s", home)
	}
	if m.userByEmail(email) != nil {
		d.ref("e-mail %s is taken", email)
	}
	st.apply = func(r acctest.Response) {
		id := r.Str(e.t, "id")
		m.users[id] = &mUser{id: id, home: home, email: email, enabled: enabled, setupLink: send && enabled, seq: m.next()}
		if e.chance(0.5) {
			e.mintToken(id)
		}
	}
	return st
}

// manageUser is rule 2 for an action on user id.
func manageUser(d *decision, v *view, id string) bool {
	if !v.userVisible(id) {
		d.nf("no users:read on the home of %s", id)
		return false
	}
	u := v.m.users[id]
	if !v.has(u.home, pUserWrite) {
		d.ref("no users:write on %s, the home of %s", u.home, id)
	}
	if !v.covers(id) {
		d.ref("caller does not cover %s", id)
	}
	return true
}

func (e *modelTest) opPatchUser(v *view) *step {
	m := e.m
	id := e.pickUser(v)
	variant := pick(e, []string{"rename", "enable", "disable", "disable", "email", "move", "move"})
	st := &step{method: "PATCH", path: "/v1/users/" + id, desc: variant}
	d := &st.d
	u := m.users[id]
	var newEmail, newHome string
	switch variant {
	case "rename":
		st.body = map[string]any{"last_name": e.name("Name")}
	case "enable":
		st.body = map[string]any{"enabled": true}
	case "disable":
		st.body = map[string]any{"enabled": false}
	case "email":
		newEmail = e.freshEmail()
		if u != nil && e.chance(0.2) {
			newEmail = e.swapCase(u.email)
		} else if e.chance(0.15) {
			newEmail = e.swapCase(m.users[pick(e, m.userIDs())].email)
		}
		st.body = map[string]any{"email": newEmail}
	case "move":
		newHome = e.pickOrg(v)
		if u != nil && u.home == newHome {
			return nil
		}
		st.body = map[string]any{"organization_id": newHome}
	}
	if !manageUser(d, v, id) {
		return st
	}
	switch variant {
	case "enable":
		st.apply = func(acctest.Response) { u.enabled = true }
	case "disable":
		if !u.enabled {
			break
		}
		if id == v.uid {
			d.ref("caller cannot disable their own account")
		}
		e.rule6(d, func(c *model) { c.users[id].enabled = false })
		st.apply = func(acctest.Response) { u.enabled = false }
	case "email":
		if o := m.userByEmail(newEmail); o != nil && o.id != id {
			d.ref("e-mail %s is taken by %s", newEmail, o.id)
		}
		st.apply = func(acctest.Response) {
			if !strings.EqualFold(newEmail, u.email) {
				u.verified = false
			}
			u.email = newEmail
		}
	case "move":
		orgRef(d, v, newHome, pUserWrite, "new home")
		if m.orgs[newHome] != nil && v.has(newHome, pUserWrite) && !v.has(newHome, pUserRead) {
			d.may(oNF, "caller writes but cannot read users of %s", newHome)
		}
		if m.orgs[newHome] != nil {
			if e.breaksRule6(func(c *model) { c.users[id].home = newHome }) && e.gap("user-move-keeps-root-admin") {
				return nil
			}
			e.rule6(d, func(c *model) { c.users[id].home = newHome })
		}
		st.apply = func(acctest.Response) { u.home = newHome }
	}
	st.check = func(r acctest.Response) {
		if st.apply != nil {
			st.apply(r)
			st.apply = nil
		}
		e.checkUser(id)(r)
	}
	return st
}

func (e *modelTest) opDeleteUser(v *view) *step {
	id := e.pickUser(v)
	st := &step{method: "DELETE", path: "/v1/users/" + id}
	d := &st.d
	if !manageUser(d, v, id) {
		return st
	}
	if id == v.uid {
		d.ref("caller cannot delete their own account")
	}
	e.rule6(d, func(c *model) { c.deleteUser(id) })
	st.apply = func(acctest.Response) { e.m.deleteUser(id) }
	return st
}

func (e *modelTest) opLifecycle(v *view) *step {
	id := e.pickUser(v)
	action := pick(e, []string{"unlock", "reset-password", "reset-mfa", "resend-invitation"})
	st := &step{method: "POST", path: "/v1/users/" + id + "/" + action}
	d := &st.d
	if !manageUser(d, v, id) {
		return st
	}
	u := e.m.users[id]
	if action == "resend-invitation" {
		st.throttled = true
		if u.setupDone {
			d.ref("%s has completed set-up", id)
		}
		st.apply = func(acctest.Response) { u.setupLink = true }
	}
	return st
}

// opCreateToken: minting a token for someone else acts on them (rule 2);
// the token then never carries more than the issuer held when minting it.
func (e *modelTest) opCreateToken(v *view) *step {
	id := e.pickUser(v)
	if id == v.uid {
		return nil // minting for oneself through a capped token: the page leaves its limit open
	}
	st := &step{method: "POST", path: "/v1/users/" + id + "/tokens", body: map[string]any{"name": e.name("token")}}
	if !manageUser(&st.d, v, id) {
		return st
	}
	if e.m.users[id].tokens >= maxTokens {
		st.d.ref("%s holds %d live tokens already", id, maxTokens)
	}
	issuer, limit := v.uid, e.m.snapshot(v.uid)
	st.apply = func(r acctest.Response) {
		e.m.users[id].tokens++
		if st.issued == nil && len(e.tokens) < 40 { // tokens minted through capped tokens are not followed
			e.tokens = slices.DeleteFunc(e.tokens, func(t *issued) bool { return e.m.users[t.owner] == nil })
			e.tokens = append(e.tokens, &issued{owner: id, issuer: issuer, token: r.Str(e.t, "token"), limit: limit})
			if e.chance(0.6) {
				e.growAccess(id)
			}
		}
	}
	return st
}

// growAccess: the harness grants uid a further role, as an administrator
// would later on; tokens minted for uid before must not gain it.
func (e *modelTest) growAccess(uid string) {
	m := e.m
	u := m.users[uid]
	org := pick(e, append([]string{u.home}, m.ancestors(u.home)...))
	role := pick(e, builtinIDs)
	if m.hasAssignment(uid, org, role) {
		return
	}
	id := e.obs(201, "POST", "/v1/role-assignments", map[string]any{"user_id": uid, "organization_id": org, "role_id": role}).Str(e.t, "id")
	m.assigns[id] = &mAssign{id: id, user: uid, org: org, role: role, seq: m.next()}
	e.trace = append(e.trace, fmt.Sprintf("step %d: the harness granted %s %s on %s", e.step, uid, role, org))
}

func (e *modelTest) opCompleteSetup(*view) *step {
	m := e.m
	id := pick(e, filter(m.userIDs(), func(id string) bool { u := m.users[id]; return u.setupLink && !u.setupDone }))
	if id == "" {
		return nil
	}
	u := m.users[id]
	link := e.outboxLink(u.email, "/account/setup?token=", "")
	return &step{public: true, method: "POST", path: "/v1/account/setup", body: map[string]any{"token": link, "password": password},
		apply: func(acctest.Response) { u.setupDone, u.verified, u.setupLink = true, true, false }}
}

// --- roles ---

func (e *modelTest) opGetRole(v *view) *step {
	id := e.pickNear(append(slices.Clone(builtinIDs), e.m.roleIDs()...), v.roleVisible, "rol")
	st := &step{method: "GET", path: "/v1/roles/" + id, nfPrefix: "rol"}
	if !v.roleVisible(id) {
		st.d.nf("role %s is not visible", id)
		return st
	}
	st.check = func(r acctest.Response) {
		var b struct{ Permissions []string }
		mustUnmarshal(e.t, r.Body, &b)
		if p := psetOf(b.Permissions); p != e.m.rolePerms(id) {
			e.mismatch("role %s holds %v, the model says %v", id, b.Permissions, e.m.rolePerms(id))
		}
	}
	return st
}

func (e *modelTest) opCreateRole(v *view) *step {
	org, perms, name := e.pickOrg(v), e.randPerms(), e.name("role")
	st := &step{method: "POST", path: "/v1/roles", body: map[string]any{"organization_id": org, "name": name, "permissions": perms.names()}}
	d := &st.d
	orgRef(d, v, org, pRoleWrite, "organization")
	if d.fails == 0 {
		if !v.has(org, pRoleRead) {
			d.may(oNF, "caller writes but cannot read roles of %s", org)
		}
		if !v.has(org, perms) {
			d.ref("caller lacks %v of the new role on %s", perms&^v.pm[org], org)
		}
	}
	st.apply = func(r acctest.Response) {
		id := r.Str(e.t, "id")
		e.m.roles[id] = &mRole{id: id, org: org, name: name, perms: perms, seq: e.m.next()}
	}
	return st
}

func (e *modelTest) opPatchRole(v *view) *step {
	m := e.m
	var id string
	writable := filter(m.roleIDs(), func(id string) bool { return v.has(m.roles[id].org, pRoleWrite) })
	switch r := e.rng.Float64(); {
	case r < 0.1:
		id = pick(e, builtinIDs)
	case r < 0.75 && len(writable) > 0:
		id = pick(e, writable)
	default:
		id = e.pickNear(m.roleIDs(), v.roleVisible, "rol")
	}
	if id == "" {
		return nil
	}
	rename := e.chance(0.2)
	newPerms := e.randPerms()
	if r := m.roles[id]; r != nil && e.chance(0.6) {
		// Mostly what the caller holds there, sometimes one permission more.
		newPerms = v.pm[r.org] & e.randPerms()
		if lacks := pAll &^ v.pm[r.org]; lacks != 0 && e.chance(0.5) {
			for {
				if p := pset(1) << e.rng.IntN(len(permNames)); lacks&p != 0 {
					newPerms |= p
					break
				}
			}
		}
		if newPerms == 0 {
			newPerms = pOrgRead
		}
	}
	st := &step{method: "PATCH", path: "/v1/roles/" + id}
	if rename {
		st.body = map[string]any{"name": e.name("role")}
	} else {
		st.body = map[string]any{"permissions": newPerms.names()}
	}
	d := &st.d
	if !v.roleVisible(id) {
		d.nf("role %s is not visible", id)
		return st
	}
	if m.isBuiltin(id) {
		d.ref("built-in role %s cannot change", id)
		return st
	}
	r := m.roles[id]
	if !v.has(r.org, pRoleWrite) {
		d.ref("no roles:write on %s", r.org)
	}
	// Rule 3: every permission involved, before and after the change, is held.
	involved := r.perms
	if !rename {
		involved |= newPerms
	}
	if !v.has(r.org, involved) {
		d.ref("caller lacks %v of the role before or after the change, on %s", involved&^v.pm[r.org], r.org)
	}
	if !rename {
		st.apply = func(acctest.Response) { r.perms = newPerms }
	}
	return st
}

func (e *modelTest) opDeleteRole(v *view) *step {
	m := e.m
	id := e.pickNear(m.roleIDs(), v.roleVisible, "rol")
	if e.chance(0.1) {
		id = pick(e, builtinIDs)
	}
	if id == "" {
		return nil
	}
	st := &step{method: "DELETE", path: "/v1/roles/" + id}
	d := &st.d
	if !v.roleVisible(id) {
		d.nf("role %s is not visible", id)
		return st
	}
	if m.isBuiltin(id) {
		d.ref("built-in role %s cannot be deleted", id)
		return st
	}
	r := m.roles[id]
	if !v.has(r.org, pRoleWrite) {
		d.ref("no roles:write on %s", r.org)
	}
	if m.roleInUse(id) {
		d.ref("role %s is in use", id)
	}
	st.apply = func(acctest.Response) { delete(m.roles, id) }
	return st
}

// --- role assignments ---

func (e *modelTest) opGetAssign(v *view) *step {
	id := e.pickNear(e.m.assignIDs(), v.assignVisible, "ras")
	st := &step{method: "GET", path: "/v1/role-assignments/" + id, nfPrefix: "ras"}
	if !v.assignVisible(id) {
		st.d.nf("no users:read on the organization of %s", id)
		return st
	}
	a := e.m.assigns[id]
	st.check = func(r acctest.Response) {
		b := e.decode(r)
		if str(b, "user_id") != a.user || str(b, "organization_id") != a.org || str(b, "role_id") != a.role {
			e.mismatch("assignment %s reads %s; the model has %+v", id, r.Body, *a)
		}
	}
	return st
}

// grantable checks that the caller could grant role at org directly (rule 3).
func grantable(d *decision, v *view, role, org string, invitation bool) {
	m := v.m
	if !m.isBuiltin(role) {
		if !v.roleVisible(role) {
			d.add(oNF|oRef, "role %s is not visible", role)
			return
		}
		if !m.isAncOrSelf(m.roles[role].org, org) {
			d.ref("role %s is not usable on %s", role, org)
			return
		}
	}
	if !v.has(org, pRoleAssign) {
		if invitation && knownGaps["invitation-update-roles-assign"] != "" {
			d.may(oRef, "no roles:assign on %s (known gap)", org)
		} else {
			d.ref("no roles:assign on %s", org)
		}
	}
	if p := m.rolePerms(role); !v.has(org, p) {
		d.ref("caller lacks %v of role %s on %s", p&^v.pm[org], role, org)
	}
}

func (e *modelTest) opCreateAssign(v *view) *step {
	m := e.m
	user := e.pickUser(v)
	org := e.pickOrg(v)
	role := e.pickRoleFor(v, org)
	body := map[string]any{"user_id": user, "organization_id": org, "role_id": role}
	var ends time.Time
	if e.chance(0.3) { // a time-bound grant, which lapses within the run
		ends = m.now.Add(time.Duration(30+e.rng.IntN(300)) * time.Minute).Truncate(time.Second)
		body["expires_at"] = ends.UTC().Format(time.RFC3339)
	}
	st := &step{method: "POST", path: "/v1/role-assignments", body: body}
	d := &st.d
	orgRef(d, v, org, pRoleAssign, "organization")
	if m.orgs[org] != nil && v.has(org, pRoleAssign) && !v.has(org, pOrgRead) {
		d.may(oNF, "caller assigns but cannot read %s", org)
	}
	if !v.userVisible(user) {
		d.nf("user %s is not visible", user)
	}
	if d.fails == 0 {
		grantable(d, v, role, org, false)
		if !v.covers(user) {
			d.ref("caller does not cover %s, whose roles it changes", user)
		}
		if m.hasAssignment(user, org, role) {
			d.ref("the assignment exists")
		}
	}
	st.apply = func(r acctest.Response) {
		id := r.Str(e.t, "id")
		m.assigns[id] = &mAssign{id: id, user: user, org: org, role: role, ends: ends, seq: m.next()}
	}
	return st
}

// opPatchAssign extends, shortens or makes permanent a grant: the checks of
// granting it, plus the rules on an invitation's grants and on the last
// administrator whose access never ends.
func (e *modelTest) opPatchAssign(v *view) *step {
	m := e.m
	id := e.pickNear(m.assignIDs(), v.assignVisible, "ras")
	if id == "" {
		return nil
	}
	var ends time.Time
	body := map[string]any{"expires_at": nil}
	if e.chance(0.7) {
		ends = m.now.Add(time.Duration(30+e.rng.IntN(300)) * time.Minute).Truncate(time.Second)
		body["expires_at"] = ends.UTC().Format(time.RFC3339)
	}
	st := &step{method: "PATCH", path: "/v1/role-assignments/" + id, body: body}
	d := &st.d
	if !v.assignVisible(id) {
		d.nf("no users:read on the organization of %s", id)
		return st
	}
	a := m.assigns[id]
	if !v.has(a.org, pRoleAssign) {
		d.ref("no roles:assign on %s", a.org)
		return st
	}
	if a.inv != "" {
		d.ref("assignment %s belongs to invitation %s", id, a.inv)
		return st
	}
	if !v.userVisible(a.user) {
		d.nf("user %s is not visible", a.user)
		return st
	}
	grantable(d, v, a.role, a.org, false)
	if !v.covers(a.user) {
		d.ref("caller does not cover %s, whose roles it changes", a.user)
	}
	if a.ends.IsZero() && !ends.IsZero() && a.role == "admin" && !m.keepsPermanentAdmin(a) {
		d.ref("%s is the last administrator of %s whose access never ends", a.user, a.org)
	}
	st.apply = func(acctest.Response) { a.ends = ends }
	return st
}

// removable checks that the caller may take away assignment a (rule 3 and 6).
func removable(d *decision, v *view, a *mAssign, direct bool) {
	if !v.has(a.org, pRoleAssign) {
		if direct {
			d.ref("no roles:assign on %s", a.org)
		} else {
			d.may(oRef, "no roles:assign on %s to remove %s", a.org, a.id)
		}
	}
	if p := v.m.rolePerms(a.role); !v.has(a.org, p) {
		d.ref("caller lacks %v of role %s on %s", p&^v.pm[a.org], a.role, a.org)
	}
	if a.user == v.uid && a.role == "admin" {
		d.ref("caller cannot remove their own admin grant %s", a.id)
	}
	if v.m.users[a.user] != nil && !v.covers(a.user) {
		d.ref("caller does not cover %s, whose roles it changes", a.user)
	}
}

func (e *modelTest) opDeleteAssign(v *view) *step {
	m := e.m
	id := e.pickNear(m.assignIDs(), v.assignVisible, "ras")
	if id == "" {
		return nil
	}
	st := &step{method: "DELETE", path: "/v1/role-assignments/" + id}
	d := &st.d
	if !v.assignVisible(id) {
		d.nf("no users:read on the organization of %s", id)
		return st
	}
	removable(d, v, m.assigns[id], true)
	e.rule6(d, func(c *model) { delete(c.assigns, id) })
	st.apply = func(acctest.Response) { delete(m.assigns, id) }
	return st
}

// --- invitations ---

func (e *modelTest) opGetInv(v *view) *step {
	id := e.pickNear(e.m.invIDs(), v.invVisible, "inv")
	if id == "" {
		return nil
	}
	st := &step{method: "GET", path: "/v1/invitations/" + id, nfPrefix: "inv"}
	if !v.invVisible(id) {
		st.d.nf("no users:read on the organization of %s", id)
		return st
	}
	i := e.m.invs[id]
	st.check = func(r acctest.Response) {
		b := e.decode(r)
		if str(b, "organization_id") != i.org || str(b, "status") != i.status {
			e.mismatch("invitation %s reads %s; the model has org %s status %s", id, r.Body, i.org, i.status)
		}
	}
	return st
}

// manageInv: managing an invitation (changing, resending, revoking,
// deleting it) takes users:invite and roles:assign on its organization and
// the permissions of the roles it grants (rule 4).
func manageInv(d *decision, v *view, id string, renews bool) bool {
	if !v.invVisible(id) {
		d.nf("no users:read on the organization of %s", id)
		return false
	}
	i := v.m.invs[id]
	if !v.has(i.org, pUserInvite) {
		d.ref("no users:invite on %s", i.org)
	}
	if !v.has(i.org, pRoleAssign) {
		d.ref("no roles:assign on %s", i.org)
	}
	for _, r := range i.roles {
		if p := v.m.rolePerms(r); !v.has(i.org, p) {
			if renews { // changing or resending renews the grant
				d.ref("caller lacks %v of role %s the invitation grants", p&^v.pm[i.org], r)
			} else { // revoking or deleting: the page's "and the roles' permissions" is open here
				d.may(oRef, "caller lacks %v of role %s the invitation grants", p&^v.pm[i.org], r)
			}
		}
	}
	return true
}

func (e *modelTest) pickInvRoles(v *view, org string) []string {
	roles := []string{e.pickRoleFor(v, org)}
	if e.chance(0.3) {
		roles = append(roles, e.pickRoleFor(v, org))
	}
	return roles
}

func (e *modelTest) opCreateInv(v *view) *step {
	m := e.m
	org := e.pickOrg(v)
	if e.chance(0.4) {
		if inv := filter(m.orgIDs(), func(id string) bool { return v.has(id, pUserInvite) }); len(inv) > 0 {
			org = pick(e, inv)
		}
	}
	email := e.freshEmail()
	switch r := e.rng.Float64(); {
	case r < 0.35:
		email = m.users[pick(e, m.userIDs())].email
		if e.chance(0.3) {
			email = e.swapCase(email)
		}
	case r < 0.45:
		if p := filter(m.invIDs(), func(id string) bool { return m.invs[id].status == "pending" }); len(p) > 0 {
			i := m.invs[pick(e, p)]
			email, org = i.email, i.org
		}
	}
	existing := m.userByEmail(email)
	if existing != nil && e.gap("invite-existing-account") {
		email, existing = e.freshEmail(), nil
	}
	roles := e.pickInvRoles(v, org)
	marker := e.name("marker")
	st := &step{
		method: "POST",
		path:   "/v1/invitations",
		body:   map[string]any{"email": email, "organization_id": org, "role_ids": roles, "message": marker},
	}
	d := &st.d
	orgRef(d, v, org, pUserInvite, "organization")
	if d.fails == 0 {
		if !v.has(org, pOrgRead) {
			d.may(oNF, "caller invites but cannot read %s", org)
		}
		for _, r := range roles {
			grantable(d, v, r, org, false)
		}
		for _, i := range m.invs {
			if i.org == org && i.status == "pending" && strings.EqualFold(i.email, email) {
				d.ref("%s already has pending invitation %s to %s", email, i.id, org)
			}
		}
	}
	// Rule 4: accepted at once only onto a verified account the inviter manages.
	status := "pending"
	if existing != nil && existing.verified && v.manages(existing.id) {
		status = "accepted"
		st.allow = []string{existing.id} // an accepted invitation names its account, as it does to whoever sees it
	}
	st.check = func(r acctest.Response) {
		if got := r.Str(e.t, "status"); got != status {
			e.mismatch("invitation answered status %q, the model says %q (existing account: %v)", got, status, existing != nil)
		}
		// A pending answer looks the same whether or not an account exists.
		if b := e.decode(r); status == "pending" && (b["user_id"] != nil || b["accepted_at"] != nil) {
			e.mismatch("a pending invitation names an account: %s", r.Body)
		}
	}
	st.apply = func(r acctest.Response) {
		id := r.Str(e.t, "id")
		i := &mInv{id: id, email: email, org: org, status: status, roles: sorted(roles), marker: marker, by: v.uid, seq: m.next()}
		m.invs[id] = i
		if status == "accepted" {
			i.user = existing.id
			e.syncOwned(id)
		}
	}
	return st
}

func (e *modelTest) opPatchInv(v *view) *step {
	m := e.m
	id := e.pickNear(m.invIDs(), v.invVisible, "inv")
	if id == "" {
		return nil
	}
	i := m.invs[id]
	if i != nil && i.status == "accepted" && m.users[i.user] == nil {
		return nil // the account it was accepted onto is gone
	}
	st := &step{method: "PATCH", path: "/v1/invitations/" + id}
	d := &st.d
	var roles []string
	if e.chance(0.3) || i == nil {
		st.body = map[string]any{"message": e.name("note")}
		if i != nil {
			st.body = map[string]any{"message": i.marker + " " + e.name("note")}
		}
	} else {
		roles = e.pickInvRoles(v, i.org)
		st.body = map[string]any{"role_ids": roles}
	}
	if !manageInv(d, v, id, false) {
		return st
	}
	if i.status == "revoked" {
		d.ref("invitation %s is revoked", id)
	}
	if roles == nil {
		return st
	}
	if i.status == "accepted" && v.capped && e.gap("capped-token-invitation-covering") {
		return nil
	}
	regrant := false // an accepted invitation grants its roles again where they are missing
	if i.status == "accepted" {
		for _, r := range roles {
			regrant = regrant || !m.hasAssignment(i.user, i.org, r)
		}
	}
	if slices.Equal(sorted(roles), i.roles) && !regrant {
		// The same roles again: nothing changes, so whether the checks run is open.
		var same decision
		for _, r := range roles {
			grantable(&same, v, r, i.org, true)
		}
		if same.fails != 0 {
			d.may(oRef|oNF, "unchanged roles: %s", strings.Join(same.why, "; "))
		}
		return st
	}
	for _, r := range roles {
		grantable(d, v, r, i.org, true)
	}
	switch i.status {
	case "accepted":
		if adds := regrant || len(minus(roles, i.roles)) > 0; !v.covers(i.user) {
			switch {
			case adds && !e.gap("invitation-regrant-covering"):
				d.ref("caller does not cover %s, whose roles the invitation grants", i.user)
			default: // nothing granted: whether covering is asked is open
				d.may(oRef, "caller does not cover %s, whose invitation roles change", i.user)
			}
		}
		var dropped []string
		for _, a := range m.assigns {
			if a.inv == id && !slices.Contains(roles, a.role) {
				removable(d, v, a, false)
				dropped = append(dropped, a.id)
			}
		}
		e.rule6(d, func(c *model) {
			for _, a := range dropped {
				delete(c.assigns, a)
			}
		})
	}
	st.apply = func(acctest.Response) {
		i.roles = sorted(roles)
		if i.status == "accepted" {
			e.syncOwned(id)
		}
	}
	return st
}

func (e *modelTest) opDeleteInv(v *view) *step {
	m := e.m
	id := e.pickNear(m.invIDs(), v.invVisible, "inv")
	if id == "" {
		return nil
	}
	st := &step{method: "DELETE", path: "/v1/invitations/" + id}
	d := &st.d
	if !manageInv(d, v, id, false) {
		return st
	}
	var owned []string
	for _, a := range m.assigns {
		if a.inv == id {
			removable(d, v, a, false)
			owned = append(owned, a.id)
		}
	}
	e.rule6(d, func(c *model) {
		for _, a := range owned {
			delete(c.assigns, a)
		}
	})
	st.apply = func(acctest.Response) {
		delete(m.invs, id)
		for _, a := range owned {
			delete(m.assigns, a)
		}
	}
	return st
}

func (e *modelTest) opResendInv(v *view) *step {
	id := e.pickNear(e.m.invIDs(), v.invVisible, "inv")
	if id == "" {
		return nil
	}
	st := &step{method: "POST", path: "/v1/invitations/" + id + "/resend", throttled: true}
	d := &st.d
	if !manageInv(d, v, id, true) {
		return st
	}
	i := e.m.invs[id]
	if i.status != "pending" {
		d.ref("invitation %s is %s", id, i.status)
	}
	return st
}

func (e *modelTest) opRevokeInv(v *view) *step {
	id := e.pickNear(e.m.invIDs(), v.invVisible, "inv")
	if id == "" {
		return nil
	}
	st := &step{method: "POST", path: "/v1/invitations/" + id + "/revoke"}
	d := &st.d
	if !manageInv(d, v, id, false) {
		return st
	}
	i := e.m.invs[id]
	if i.status == "accepted" {
		d.ref("invitation %s is accepted", id)
	}
	st.apply = func(acctest.Response) { i.status = "revoked" }
	return st
}

func (e *modelTest) opAcceptInv(*view) *step {
	m := e.m
	pending := filter(m.invIDs(), func(id string) bool { return m.invs[id].status == "pending" })
	if e.gap("accept-as-existing-account") {
		pending = filter(pending, func(id string) bool { return m.userByEmail(m.invs[id].email) == nil })
	}
	id := pick(e, pending)
	if id == "" {
		return nil
	}
	i := m.invs[id]
	link := e.outboxLink(i.email, "/invitations/accept?token=", i.marker)
	existing := m.userByEmail(i.email)
	pw := password
	st := &step{public: true, method: "POST", path: "/v1/invitations/accept"}
	if existing != nil && existing.setupDone && (existing.pwUnknown || e.chance(0.3)) {
		pw = "not-the-password-1234"
		st.d.ref("wrong password for the existing account %s", existing.id)
	}
	st.body = map[string]any{"token": link, "first_name": "Invited", "last_name": "Person", "password": pw}
	st.apply = func(r acctest.Response) {
		u := existing
		if u == nil {
			uid := r.Str(e.t, "user_id")
			u = &mUser{id: uid, home: i.org, email: i.email, enabled: true, seq: m.next()}
			m.users[uid] = u
		}
		if !u.setupDone {
			u.token, u.tokens = "", 0 // the link proves the mailbox; tokens held before it are revoked
			e.tokens = slices.DeleteFunc(e.tokens, func(t *issued) bool { return t.owner == u.id })
		}
		u.setupDone, u.verified, u.setupLink, u.pwUnknown = true, true, false, false
		i.status, i.user = "accepted", u.id
		e.syncOwned(id)
		if u.token == "" && e.chance(0.5) {
			e.mintToken(u.id)
		}
	}
	return st
}

// --- lists ---

// listStep lists path with the caller's token and compares the ids with want;
// loose lists only must not show more than the caller may see.
func (e *modelTest) listStep(path string, want func() []string, within func(string) bool) *step {
	st := &step{method: "GET", path: path}
	st.check = func(r acctest.Response) {
		items, last := e.listAll(st.token, path)
		if last.Status != 200 {
			e.mismatch("a further page of %s answered %d: %s", path, last.Status, last.Body)
		}
		got := ids(items)
		if within != nil {
			for _, id := range got {
				if !within(id) {
					e.mismatch("%s lists %s, which the caller cannot see", path, id)
				}
			}
			return
		}
		if w := sorted(want()); !slices.Equal(got, w) {
			e.mismatch("%s lists %v; the model says %v (extra %v, missing %v)", path, got, w, minus(got, w), minus(w, got))
		}
	}
	return st
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (e *modelTest) opListOrgs(v *view) *step {
	return e.listStep("/v1/organizations", func() []string { return filter(e.m.orgIDs(), v.orgVisible) }, nil)
}

func (e *modelTest) opListRoles(v *view) *step {
	return e.listStep("/v1/roles", func() []string {
		return append(slices.Clone(builtinIDs), filter(e.m.roleIDs(), v.roleVisible)...)
	}, nil)
}

func (e *modelTest) opListUsers(v *view) *step {
	m := e.m
	visible := filter(m.userIDs(), v.userVisible)
	switch r := e.rng.Float64(); {
	case r < 0.15:
		return e.listStep("/v1/users", func() []string { return visible }, nil)
	case r < 0.25: // the CSV export of the same list
		st := &step{method: "GET", path: "/v1/users", headers: []string{"Accept", "text/csv"}}
		st.check = func(r acctest.Response) {
			rows, err := csv.NewReader(strings.NewReader(string(r.Body))).ReadAll()
			if err != nil || len(rows) == 0 {
				e.mismatch("CSV export: %v: %s", err, trunc(r.Body))
			}
			var got []string
			for _, row := range rows[1:] {
				got = append(got, row[0])
			}
			if got, w := sorted(got), sorted(visible); !slices.Equal(got, w) {
				e.mismatch("CSV export lists %v; the model says %v", got, w)
			}
		}
		return st
	case r < 0.35:
		return e.listStep("/v1/users?status=disabled", func() []string {
			return filter(visible, func(id string) bool { return !m.users[id].enabled })
		}, nil)
	case r < 0.7: // organization filter
		org := e.pickOrg(v)
		if e.chance(0.4) {
			if reach := filter(m.orgIDs(), func(id string) bool { return v.has(id, pUserRead) }); len(reach) > 0 {
				org = pick(e, reach)
			}
		}
		desc := e.chance(0.6)
		path := fmt.Sprintf("/v1/users?organization_id=%s&include_descendants=%v", org, desc)
		scope := []string{org}
		if desc {
			scope = m.subtree(org)
		}
		inScope := func() []string {
			return filter(visible, func(id string) bool { return slices.Contains(scope, m.users[id].home) })
		}
		switch {
		case v.has(org, pUserRead) || m.orgs[org] == nil:
			return e.listStep(path, inScope, nil)
		case !v.known()[org] && !e.gap("users-org-filter-unknown-org"):
			// Nothing about an unknown organization leaks through the filter:
			// it answers like a missing one, empty or 404.
			st := e.listStep(path, func() []string { return nil }, nil)
			st.d.may(oNF, "organization %s is unknown to the caller", org)
			return st
		default:
			return e.listStep(path, nil, func(id string) bool { return slices.Contains(inScope(), id) })
		}
	default: // role filter: users the caller sees holding the role through a grant the caller sees
		if e.gap("users-role-filter") {
			return nil
		}
		role := e.pickRoleFor(v, pick(e, m.orgIDs()))
		st := e.listStep("/v1/users?role_id="+role, func() []string {
			var out []string
			for _, id := range visible {
				for _, a := range m.assigns {
					if a.user == id && a.role == role && m.live(a.ends) && v.has(a.org, pUserRead) {
						out = append(out, id)
						break
					}
				}
			}
			return out
		}, nil)
		if !v.roleVisible(role) {
			st.d.may(oNF|oRef, "role %s is not visible", role)
		}
		return st
	}
}

func (e *modelTest) opListAssigns(v *view) *step {
	m := e.m
	visible := filter(m.assignIDs(), v.assignVisible)
	switch r := e.rng.Float64(); {
	case r < 0.2:
		return e.listStep("/v1/role-assignments", func() []string { return visible }, nil)
	case r < 0.4:
		org := e.pickOrg(v)
		return e.listStep("/v1/role-assignments?organization_id="+org, func() []string {
			return filter(visible, func(id string) bool { return m.assigns[id].org == org })
		}, nil)
	default:
		user := e.pickUser(v)
		return e.listStep("/v1/role-assignments?user_id="+user, func() []string {
			return filter(visible, func(id string) bool { return m.assigns[id].user == user })
		}, nil)
	}
}

func (e *modelTest) opListInvs(v *view) *step {
	m := e.m
	visible := filter(m.invIDs(), v.invVisible)
	if e.chance(0.3) || len(m.invs) == 0 {
		return e.listStep("/v1/invitations", func() []string { return visible }, nil)
	}
	email := m.invs[pick(e, m.invIDs())].email
	return e.listStep("/v1/invitations?email="+url.QueryEscape(email), func() []string {
		return filter(visible, func(id string) bool { return strings.EqualFold(m.invs[id].email, email) })
	}, nil)
}

// --- access reviews ---

// accessAll reads every page of an access listing (/v1/me or an access
// review), with small pages so that paging is exercised too.
func (e *modelTest) accessAll(st *step, v *view) []accessEntry {
	var all []accessEntry
	page := ""
	for range 1000 {
		r := e.s.Do(e.t, st.token, "GET", st.path+"?limit=50&page_token="+url.QueryEscape(page), nil)
		if r.Status != 200 {
			e.mismatch("a page of %s answered %d: %s", st.path, r.Status, trunc(r.Body))
		}
		if !st.noScan {
			e.scanLeaks(st, v, r)
		}
		var b struct {
			Access []accessEntry `json:"access"`
			Next   string        `json:"next_page_token"`
		}
		mustUnmarshal(e.t, r.Body, &b)
		all = append(all, b.Access...)
		if b.Next == "" {
			return all
		}
		page = b.Next
	}
	e.mismatch("%s pages without end", st.path)
	return nil
}

type accessEntry struct {
	OrganizationID string   `json:"organization_id"`
	Permissions    []string `json:"permissions"`
	Via            []struct {
		AssignmentID   string `json:"assignment_id"`
		OrganizationID string `json:"organization_id"`
	} `json:"via"`
}

func (e *modelTest) opAccess(v *view) *step {
	m := e.m
	id := e.pickUser(v)
	st := &step{method: "GET", path: "/v1/users/" + id + "/access", nfPrefix: "usr"}
	if !v.userVisible(id) {
		st.d.nf("no users:read on the home of %s", id)
		return st
	}
	target := m.permMap(id)
	known := v.known()
	st.noScan = e.gap("access-review-via")
	st.check = func(acctest.Response) {
		entries := e.accessAll(st, v)
		seen := map[string]bool{}
		for _, en := range entries {
			o := en.OrganizationID
			seen[o] = true
			if !v.has(o, pOrgRead) {
				e.mismatch("the access review of %s names organization %s, which the caller cannot see", id, o)
			}
			if p := psetOf(en.Permissions); p != target[o] {
				e.mismatch("the access review of %s gives %v on %s; the model says %v", id, en.Permissions, o, target[o])
			}
			for _, via := range en.Via {
				if e.gap("access-review-via") {
					break
				}
				if !v.assignVisible(via.AssignmentID) {
					e.mismatch("the access review of %s names assignment %s, which the caller cannot see", id, via.AssignmentID)
				}
				if !known[via.OrganizationID] {
					e.mismatch("the access review of %s names organization %s, which the caller cannot reach", id, via.OrganizationID)
				}
			}
		}
		for o, p := range target {
			if p != 0 && v.has(o, pOrgRead|pUserRead) && !seen[o] {
				e.mismatch("the access review of %s omits organization %s (%v), which the caller sees", id, o, p)
			}
		}
	}
	return st
}

func (e *modelTest) opMe(v *view) *step {
	st := &step{method: "GET", path: "/v1/me"}
	st.check = func(acctest.Response) {
		got := map[string]pset{}
		for _, en := range e.accessAll(st, v) {
			got[en.OrganizationID] = psetOf(en.Permissions)
		}
		for o, p := range v.pm {
			if p != 0 && got[o] != p {
				e.mismatch("/v1/me gives %v on %s; the model says %v", got[o], o, p)
			}
		}
		for o, p := range got {
			if v.pm[o] != p {
				e.mismatch("/v1/me gives %v on %s; the model says %v", p, o, v.pm[o])
			}
		}
	}
	return st
}

// --- the whole portal against the model ---

func (e *modelTest) crossCheck() {
	m := e.m
	tok := e.observer()
	fail := func(format string, args ...any) {
		e.t.Fatalf(
			"MODEL MISMATCH seed %d after step %d (cross-check as root administrator): %s%s",
			e.seed,
			e.step,
			fmt.Sprintf(format, args...),
			e.replay(),
		)
	}
	list := func(path string) []map[string]any {
		items, r := e.listAll(tok, path)
		if r.Status != 200 {
			fail("%s: %d %s", path, r.Status, r.Body)
		}
		return items
	}
	compare := func(what string, items []map[string]any, want []string, same func(id string, it map[string]any) bool) {
		got := ids(items)
		if w := sorted(want); !slices.Equal(got, w) {
			extra := minus(got, w)
			var detail []string
			for _, it := range items {
				if slices.Contains(extra, str(it, "id")) {
					detail = append(detail, compact(it))
				}
			}
			fail(
				"%s: the API has %v, the model %v (extra %v, missing %v)\n  extra objects: %s",
				what,
				got,
				w,
				extra,
				minus(w, got),
				strings.Join(detail, "\n    "),
			)
		}
		for _, it := range items {
			if !same(str(it, "id"), it) {
				fail("%s: %v differs from the model", what, it)
			}
		}
	}
	compare("organizations", list("/v1/organizations"), m.orgIDs(), func(id string, it map[string]any) bool {
		o := m.orgs[id]
		return str(it, "parent_id") == o.parent && str(it, "kind") == o.kind && it["enabled"] == o.enabled
	})
	compare("users", list("/v1/users"), m.userIDs(), func(id string, it map[string]any) bool {
		u := m.users[id]
		return str(it, "organization_id") == u.home && it["enabled"] == u.enabled && strings.EqualFold(str(it, "email"), u.email)
	})
	compare("custom roles", list("/v1/roles?builtin=false"), m.roleIDs(), func(id string, it map[string]any) bool {
		var perms []string
		for _, p := range it["permissions"].([]any) {
			perms = append(perms, p.(string))
		}
		p := psetOf(perms)
		return str(it, "organization_id") == m.roles[id].org && p == m.roles[id].perms
	})
	compare("role assignments", list("/v1/role-assignments"), m.assignIDs(), func(id string, it map[string]any) bool {
		a := m.assigns[id]
		return str(it, "user_id") == a.user && str(it, "organization_id") == a.org && str(it, "role_id") == a.role
	})
	compare("invitations", list("/v1/invitations"), m.invIDs(), func(id string, it map[string]any) bool {
		i := m.invs[id]
		var roles []string
		for _, r := range it["role_ids"].([]any) {
			roles = append(roles, r.(string))
		}
		return str(it, "organization_id") == i.org && str(it, "status") == i.status && slices.Equal(sorted(roles), i.roles)
	})
	// Every principal signs in exactly when the model says so.
	for _, id := range m.userIDs() {
		u := m.users[id]
		if u.token == "" {
			continue
		}
		r := e.s.Do(e.t, u.token, "GET", "/v1/me", nil)
		if want := map[bool]int{true: 200, false: 401}[m.canAuth(id)]; r.Status != want {
			fail(
				"user %s (enabled %v, home %s path enabled %v) authenticates with %d, want %d",
				id,
				u.enabled,
				u.home,
				m.pathEnabled(u.home),
				r.Status,
				want,
			)
		}
	}
	for _, tk := range e.tokens {
		r := e.s.Do(e.t, tk.token, "GET", "/v1/me", nil)
		if want := map[bool]int{true: 200, false: 401}[m.canAuth(tk.owner)]; r.Status != want {
			fail("a token %s minted for %s authenticates with %d, want %d", tk.issuer, tk.owner, r.Status, want)
		}
	}
	if !m.rootAdminOK() {
		fail("the model lost its root administrator")
	}
}
