package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// Clock tells the time; tests and dev mode move it forward to reach expiries.
type Clock struct {
	offset atomic.Int64
}

// Now is the wall clock plus any offset added in dev mode.
func (c *Clock) Now() time.Time {
	return time.Now().UTC().Add(time.Duration(c.offset.Load()))
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// Service runs operations against a store.
type Service struct {
	Store   *store.Store
	Clock   *Clock
	BaseURL string // public address of the API, for links in e-mails
	Log     *slog.Logger

	touching   sync.Map       // token ids whose use is being recorded
	background sync.WaitGroup // those recordings
	access     accessCache
	auth       authCache
	// ExportWait is how long a CSV export waits to be read (see MaxExports).
	ExportWait  time.Duration
	exportReads chan struct{} // a slot per CSV export being read (MaxExports)
	exports     exportSlots   // CSV exports being sent, by principal and tenant
	budgetSweep atomic.Int64  // when this process last swept the shared rate budgets (Unix ns)
	// Secrets seals what the server must read back (see SecretBox); New
	// makes one with a key of the process's own, which portal-api replaces
	// with the deployment's (SetSecretKey).
	Secrets *SecretBox
	resets  chan struct{} // password-reset requests being handled (see RequestPasswordReset)
}

// SetSecretKey makes the service seal with key (SecretKeySize bytes), the
// same for every replica of a deployment.
func (s *Service) SetSecretKey(key []byte) error {
	b, err := NewSecretBox(key)
	if err == nil {
		s.Secrets = b
	}
	return err
}

// New returns a Service; baseURL is where invitees' links point.
func New(st *store.Store, baseURL string, log *slog.Logger) *Service {
	return &Service{Store: st, Clock: &Clock{}, BaseURL: baseURL, Log: log, exportReads: make(chan struct{}, MaxExports),
		ExportWait: DefaultExportWait, Secrets: ephemeralSecretBox(), resets: make(chan struct{}, maxResetsInFlight)}
}

// IdempotencyWindow is how long a POST's first answer is kept for replay.
const IdempotencyWindow = 24 * time.Hour

// PurgeExpired forgets idempotent answers older than IdempotencyWindow, so
// the table stays bounded; a retry that late is a new request.
func (s *Service) PurgeExpired(ctx context.Context) error {
	return s.Store.Write(ctx, func(tx *store.Tx) error {
		return tx.PurgeIdempotent(ctx, s.Clock.Now().Add(-IdempotencyWindow))
	})
}

// Caller identifies who is acting: the user a token belongs to, and, for a
// token someone else minted, what its issuer held then (nil when unlimited).
type Caller struct {
	UserID  string
	TokenID string
	Limit   []domain.Grant
	// Session: the credential is a sign-in session, not an API token.
	Session bool
	// MustChangePassword: a session whose user must change the password
	// before doing anything else (see SessionMayRun).
	MustChangePassword bool
}

// Op is one operation of one caller inside one transaction.
type Op struct {
	svc    *Service
	tx     *store.Tx
	caller Caller
	now    time.Time
	access *domain.Access
	// The access epoch of the snapshot (see accessCache), once read.
	epoch     int64
	epochRead bool
	// visibleUsers caches which users the caller can see, for naming them.
	visibleUsers map[string]bool
	hashes       *hashMemo // see passwordHash
}

// Op starts an operation for caller in tx.
func (s *Service) Op(tx *store.Tx, caller Caller) *Op {
	return &Op{svc: s, tx: tx, caller: caller, now: s.Clock.Now()}
}

// Access returns the caller's effective access, computed once per operation.
func (o *Op) Access(ctx context.Context) (*domain.Access, error) {
	if o.access != nil {
		return o.access, nil
	}
	grants, err := o.liveGrants(ctx, o.caller.UserID)
	if err != nil {
		return nil, err
	}
	if o.caller.Limit != nil {
		// A token someone else minted never carries more than they held.
		if grants, err = o.capGrants(ctx, grants, o.caller.Limit); err != nil {
			return nil, err
		}
	}
	acc, err := domain.NewAccess(grants, o.lineages(ctx))
	if err != nil {
		return nil, err
	}
	o.access = acc
	return acc, nil
}

// capGrants limits grants to what limit gives, comparing the lineages of
// both sets' organizations (one indexed lookup).
func (o *Op) capGrants(ctx context.Context, grants, limit []domain.Grant) ([]domain.Grant, error) {
	var orgs []string
	for _, g := range append(slices.Clone(grants), limit...) {
		orgs = append(orgs, g.OrganizationID)
	}
	lineages, err := o.orgLineages(ctx, orgs)
	if err != nil {
		return nil, err
	}
	return domain.CapGrants(grants, domain.LiveGrants(limit, o.now), func(anc, id string) bool { return lineages[id].Has(anc) }), nil
}

func (o *Op) lineages(ctx context.Context) domain.LineageFunc {
	return func(ids []string) (map[string]domain.Lineage, error) { return o.orgLineages(ctx, ids) }
}

func (o *Op) accessOf(ctx context.Context, userID string) (*domain.Access, error) {
	grants, err := o.liveGrants(ctx, userID)
	if err != nil {
		return nil, err
	}
	return domain.NewAccess(grants, o.lineages(ctx))
}

// isAncestorOrSelf reports whether anc is id or above it (one indexed lookup).
func (o *Op) isAncestorOrSelf(ctx context.Context, anc, id string) (bool, error) {
	return o.tx.IsAncestorOrSelf(ctx, anc, id)
}

// subtree lists id and every organization below it, parents first.
func (o *Op) subtree(ctx context.Context, id string) ([]string, error) {
	return o.tx.OrgSubtree(ctx, id)
}

// invalidate drops the cached access after a change to the tree or to grants.
func (o *Op) invalidate() { o.access, o.epochRead = nil, false }

// can reports whether the caller holds perm at org.
func (o *Op) can(ctx context.Context, org, perm string) (bool, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return false, err
	}
	ok := acc.Can(org, perm)
	return ok, acc.Err()
}

// see returns NotFound unless the caller holds perm at org: what a caller
// cannot see does not exist for them.
func (o *Op) see(ctx context.Context, org, perm, object, id string) error {
	ok, err := o.can(ctx, org, perm)
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound(object, id)
	}
	return nil
}

// need returns Forbidden, naming the permission and the goal, unless the caller holds perm at org.
func (o *Op) need(ctx context.Context, org, perm, goal string) error {
	ok, err := o.can(ctx, org, perm)
	if err != nil {
		return err
	}
	if !ok {
		return domain.Forbidden(fmt.Sprintf("you need the %s permission on organization %s to %s", perm, org, goal))
	}
	return nil
}

// RequireRootAdmin refuses anyone who does not hold every permission on the
// root organization: the dev routes move the clock and read every mailbox.
func (o *Op) RequireRootAdmin(ctx context.Context) error {
	root, err := o.tx.RootOrg(ctx)
	if err != nil {
		return err
	}
	acc, err := o.Access(ctx)
	if err != nil {
		return err
	}
	if !acc.HoldsAll(root.ID, domain.PermissionNames()) {
		return domain.Forbidden("the dev routes (outbox, clock, sign-in events) are for a root administrator only")
	}
	return nil
}

// checkVersion enforces If-Match.
func checkVersion(object, id string, current int64, ifMatch *int64) error {
	if ifMatch != nil && *ifMatch != current {
		return domain.PreconditionFailed(object, id, current)
	}
	return nil
}

// notFound turns the store's ErrNotFound into the domain's 404.
func notFound(err error, object, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return domain.NotFound(object, id)
	}
	return err
}

// written maps the store's write errors: a stale version is someone else's
// concurrent change, a duplicate a race the service's own check lost.
func written(err error, object, id string) error {
	switch {
	case errors.Is(err, store.ErrStale):
		return domain.Conflict("concurrent_change", fmt.Sprintf("%s %q was changed concurrently; read it again and retry", object, id))
	case errors.Is(err, store.ErrDuplicate):
		return domain.Conflict("duplicate", fmt.Sprintf("%s %q conflicts with an object created concurrently; read again and retry", object, id))
	}
	return err
}

// audit records a change in the same transaction.
func (o *Op) audit(ctx context.Context, action, objectType, objectID string, orgID *string, before, after any) error {
	var actor *string
	if o.caller.UserID != "" {
		a := o.caller.UserID
		actor = &a
	}
	return o.tx.InsertAudit(ctx, domain.AuditEvent{
		ID: domain.NewID("evt"), At: o.now, ActorUserID: actor, Action: action, ObjectType: objectType,
		ObjectID: objectID, OrganizationID: orgID, Before: before, After: after,
	})
}

func ptr[T any](v T) *T { return &v }

// newMeta stamps a new object.
func (o *Op) newMeta(prefix string) domain.Meta {
	return domain.Meta{ID: domain.NewID(prefix), Version: 1, CreatedAt: o.now, UpdatedAt: o.now}
}

// bump advances an object's version for an update.
func (o *Op) bump(m *domain.Meta) {
	m.Version++
	m.UpdatedAt = o.now
}

// ensureRootAdmin refuses a change that would leave the portal without an
// enabled administrator on the root organization: nobody can lock everyone
// out by accident.
func (o *Op) ensureRootAdmin(ctx context.Context) error {
	root, err := o.tx.RootOrg(ctx)
	if err != nil {
		return err
	}
	holders, err := o.tx.RoleHolders(ctx, root.ID, domain.RoleAdmin)
	if err != nil {
		return err
	}
	for _, id := range holders {
		u, err := o.tx.GetUser(ctx, id)
		if err != nil {
			return err
		}
		// An administrator whose home organization is cut off cannot sign in.
		if on, err := o.tx.OrgPathEnabled(ctx, u.OrganizationID); err != nil || on {
			return err
		}
	}
	return domain.Conflict(
		"last_admin",
		"this change would leave the portal without an enabled root administrator who can sign in and whose access never ends; "+
			"assign the admin role on the root organization, with no expires_at, to another enabled user first",
	)
}
