package service_test

import (
	"context"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// tree is two partners, each with a client, and people in them.
type tree struct {
	*world
	p, c, q, d                   string // partner P with client C; partner Q with client D
	pAdmin, cAdmin, cManager     service.Caller
	cViewer, qAdmin, pTechnician service.Caller
	target                       service.Caller // a viewer homed in C
}

func newTree(t *testing.T) *tree {
	w := newWorld(t)
	tr := &tree{world: w}
	tr.p = w.org("P", wire.KindPartner, w.root)
	tr.c = w.org("C", wire.KindClient, tr.p)
	tr.q = w.org("Q", wire.KindPartner, w.root)
	tr.d = w.org("D", wire.KindClient, tr.q)
	tr.pAdmin = w.person(tr.p, domain.RoleAdmin, "p.admin@example.com")
	tr.pTechnician = w.person(tr.p, domain.RoleTechnician, "p.tech@example.com")
	tr.cAdmin = w.person(tr.c, domain.RoleAdmin, "c.admin@example.com")
	tr.cManager = w.person(tr.c, domain.RoleUserManager, "c.manager@example.com")
	tr.cViewer = w.person(tr.c, domain.RoleViewer, "c.viewer@example.com")
	tr.qAdmin = w.person(tr.q, domain.RoleAdmin, "q.admin@example.com")
	tr.target = w.person(tr.c, domain.RoleViewer, "target@example.com")
	return tr
}

func getOrg(id string) func(context.Context, *service.Op) (domain.Organization, error) {
	return func(ctx context.Context, op *service.Op) (domain.Organization, error) {
		return op.GetOrganization(ctx, id)
	}
}

func disable(user string) func(context.Context, *service.Op) (domain.User, error) {
	return func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.UpdateUser(ctx, user, wire.UserUpdate{Enabled: wire.Value(false)}, nil)
	}
}

func assign(user, org, role string) func(context.Context, *service.Op) (domain.RoleAssignment, error) {
	return func(ctx context.Context, op *service.Op) (domain.RoleAssignment, error) {
		return op.CreateAssignment(ctx, wire.RoleAssignmentCreate{UserID: user, OrganizationID: org, RoleID: role})
	}
}

// TestAuthorizationDecisions: reach (what is outside a caller's reach does
// not exist for it), permissions, and covering (acting on a user takes
// holding every permission the user holds).
func TestAuthorizationDecisions(t *testing.T) {
	tr := newTree(t)
	for _, c := range []struct {
		name   string
		caller service.Caller
		want   domain.Kind
		op     func(service.Caller) error
	}{
		{"a partner administrator reads a client below", tr.pAdmin, 0, errOf(tr.world, getOrg(tr.c))},
		{"another partner's administrator reads the client", tr.qAdmin, domain.KindNotFound, errOf(tr.world, getOrg(tr.c))},
		{"a client administrator reads its partner", tr.cAdmin, domain.KindNotFound, errOf(tr.world, getOrg(tr.p))},
		{"a partner technician reads a client below", tr.pTechnician, 0, errOf(tr.world, getOrg(tr.c))},
		{"a viewer disables a user it sees", tr.cViewer, domain.KindForbidden, errOf(tr.world, disable(tr.target.UserID))},
		{"another partner's administrator disables the user", tr.qAdmin, domain.KindNotFound, errOf(tr.world, disable(tr.target.UserID))},
		{"a client administrator disables a partner's " +
			"technician", tr.cAdmin, domain.KindNotFound, errOf(tr.world, disable(tr.pTechnician.UserID))},
		{"a user manager disables an administrator it does not " +
			"cover", tr.cManager, domain.KindForbidden, errOf(tr.world, disable(tr.cAdmin.UserID))},
		{"a user manager grants admin, which it does not hold", tr.cManager, domain.KindForbidden,
			errOf(tr.world, assign(tr.target.UserID, tr.c, domain.RoleAdmin))},
		{"a user manager grants its own role to a user it covers", tr.cManager, 0,
			errOf(tr.world, assign(tr.target.UserID, tr.c, domain.RoleUserManager))},
		{"a client administrator disables a viewer of its client", tr.cAdmin, 0, errOf(tr.world, disable(tr.target.UserID))},
		{"another partner's administrator grants in the client", tr.qAdmin, domain.KindNotFound,
			errOf(tr.world, assign(tr.qAdmin.UserID, tr.c, domain.RoleViewer))},
	} {
		if err := c.op(c.caller); kindOf(err) != c.want {
			t.Errorf("%s: error %v (kind %d), want kind %d", c.name, err, kindOf(err), c.want)
		}
	}
}

// errOf adapts an operation to the table: run in w as a caller, its error.
func errOf[T any](w *world, fn func(context.Context, *service.Op) (T, error)) func(service.Caller) error {
	return func(c service.Caller) error {
		_, err := do(w, c, fn)
		return err
	}
}

// TestCoveringAnOrganization: disabling an organization acts on everyone in
// it, so it takes covering all of them; its parent's administrator covers them.
func TestCoveringAnOrganization(t *testing.T) {
	tr := newTree(t)
	off := func(ctx context.Context, op *service.Op) (domain.Organization, error) {
		return op.UpdateOrganization(ctx, tr.c, wire.OrganizationUpdate{Enabled: wire.Value(false)}, nil)
	}
	// A client's own administrator does not own the organization: it belongs to its parent.
	if _, err := do(tr.world, tr.cAdmin, off); kindOf(err) != domain.KindForbidden && kindOf(err) != domain.KindNotFound {
		t.Errorf("a client administrator disabled its own client: %v", err)
	}
	// A partner administrator who does not hold what someone in the client holds cannot.
	narrow := tr.person(tr.p, domain.RoleUserManager, "p.manager@example.com")
	tr.grant(narrow.UserID, tr.p, domain.RoleTechnician)
	if _, err := do(tr.world, narrow, off); err == nil {
		t.Error("a partner user manager disabled a client whose administrator it does not cover")
	}
	if _, err := do(tr.world, tr.pAdmin, off); err != nil {
		t.Errorf("the partner's administrator: %v", err)
	}
}

// TestTheLastAdministratorStays: nobody removes their own administration or
// the portal's last enabled root administrator by accident.
func TestTheLastAdministratorStays(t *testing.T) {
	w := newWorld(t)
	own := must(w, w.admin, func(ctx context.Context, op *service.Op) ([]domain.RoleAssignment, error) {
		items, _, err := op.ListAssignments(ctx, domain.AssignmentFilter{UserID: w.admin.UserID}, domain.Page{Limit: 10})
		return items, err
	})
	if len(own) != 1 {
		t.Fatalf("the root administrator's assignments: %+v", own)
	}
	for name, fn := range map[string]func(context.Context, *service.Op) (any, error){
		"remove own admin role": func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteAssignment(ctx, own[0].ID, nil)
		},
		"disable oneself": func(ctx context.Context, op *service.Op) (any, error) { return disable(w.admin.UserID)(ctx, op) },
		"delete oneself": func(ctx context.Context, op *service.Op) (any, error) {
			return nil, op.DeleteUser(ctx, w.admin.UserID, nil)
		},
		"disable the root": func(ctx context.Context, op *service.Op) (any, error) {
			return op.UpdateOrganization(ctx, w.root, wire.OrganizationUpdate{Enabled: wire.Value(false)}, nil)
		},
	} {
		if _, err := do(w, w.admin, fn); kindOf(err) != domain.KindConflict {
			t.Errorf("%s: %v, want a conflict", name, err)
		}
	}
	// A second root administrator may remove the first's role: one remains.
	second := w.person(w.root, domain.RoleAdmin, "second.root@example.com")
	if _, err := do(w, second, func(ctx context.Context, op *service.Op) (any, error) {
		return nil, op.DeleteAssignment(ctx, own[0].ID, nil)
	}); err != nil {
		t.Errorf("a second root administrator removing the first's role: %v", err)
	}
}

// TestInvitationEffects: an invitation reaches an existing account at once
// only when its inviter manages it; its grants belong to it.
func TestInvitationEffects(t *testing.T) {
	tr := newTree(t)
	invite := func(caller service.Caller, email string) domain.Invitation {
		t.Helper()
		return must(tr.world, caller, func(ctx context.Context, op *service.Op) (domain.Invitation, error) {
			return op.CreateInvitation(ctx, wire.InvitationCreate{Email: email, OrganizationID: tr.c, RoleIDs: []string{domain.RoleTechnician}})
		})
	}
	grants := func(user, invitation string) int {
		items := must(tr.world, tr.admin, func(ctx context.Context, op *service.Op) ([]domain.RoleAssignment, error) {
			items, _, err := op.ListAssignments(ctx, domain.AssignmentFilter{UserID: user, InvitationID: invitation}, domain.Page{Limit: 10})
			return items, err
		})
		return len(items)
	}

	managed := invite(tr.pAdmin, "target@example.com")
	if managed.Status != domain.InvitationAccepted || grants(tr.target.UserID, managed.ID) != 1 {
		t.Fatalf("an invitation to an account its inviter manages: %s, %d grants", managed.Status, grants(tr.target.UserID, managed.ID))
	}
	stranger := invite(tr.pAdmin, "q.admin@example.com")
	if stranger.Status != domain.InvitationPending || grants(tr.qAdmin.UserID, "") != 1 {
		t.Errorf("an invitation to an account its inviter does not manage is accepted: %s", stranger.Status)
	}
	nobody := invite(tr.pAdmin, "new.person@example.com")
	if nobody.Status != domain.InvitationPending {
		t.Errorf("an invitation to a new address: %s", nobody.Status)
	}

	must(tr.world, tr.pAdmin, func(ctx context.Context, op *service.Op) (any, error) {
		return nil, op.DeleteInvitation(ctx, managed.ID, nil)
	})
	if n := grants(tr.target.UserID, managed.ID); n != 0 {
		t.Errorf("deleting the accepted invitation left %d of its grants", n)
	}
	if _, err := do(tr.world, tr.pAdmin, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.GetUser(ctx, tr.target.UserID)
	}); err != nil {
		t.Errorf("deleting the invitation took the account: %v", err)
	}
}
