package service_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// A world is a portal on a real SQLite store in a temporary directory, with
// the service's operations called directly: the rules are tested where they
// live, in milliseconds, beside the HTTP tests that cover the same rules
// end to end.
type world struct {
	t     *testing.T
	svc   *service.Service
	root  string
	admin service.Caller
}

func newWorld(t *testing.T) *world {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := service.New(st, "http://portal.test", slog.New(slog.NewTextHandler(io.Discard, nil)))
	t.Cleanup(svc.Drain)
	boot, err := svc.Bootstrap(t.Context(), service.BootstrapConfig{RootName: "Root", AdminEmail: "root@portal.test",
		Token: "ptk_service-world-0123456789abcdef0123456789"})
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, svc: svc, root: boot.RootID, admin: service.Caller{UserID: boot.AdminID}}
}

// do runs one operation as caller in a write transaction.
func do[T any](w *world, caller service.Caller, fn func(context.Context, *service.Op) (T, error)) (T, error) {
	return service.Write(w.t.Context(), w.svc, caller, fn)
}

// must is do that fails the test on an error.
func must[T any](w *world, caller service.Caller, fn func(context.Context, *service.Op) (T, error)) T {
	w.t.Helper()
	v, err := do(w, caller, fn)
	if err != nil {
		w.t.Fatal(err)
	}
	return v
}

func (w *world) org(name string, kind wire.OrgKind, parent string) string {
	w.t.Helper()
	return must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.Organization, error) {
		return op.CreateOrganization(ctx, wire.OrganizationCreate{Name: name, Kind: kind, ParentID: parent})
	}).ID
}

// person creates a user homed at org who holds role there and has finished
// set-up (so that the address is verified), and returns them as a caller.
func (w *world) person(org, role, email string) service.Caller {
	w.t.Helper()
	u := must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.CreateUser(ctx, wire.UserCreate{Email: email, FirstName: "F", LastName: "L", OrganizationID: org})
	})
	w.grant(u.ID, org, role)
	msgs, err := w.svc.Outbox(w.t.Context(), email, 1)
	if err != nil || len(msgs) == 0 {
		w.t.Fatalf("no set-up link for %s: %v", email, err)
	}
	token := acctest.TokenInLink(msgs[0].Body)
	hash := passwordHash()
	must(w, service.Caller{}, func(ctx context.Context, op *service.Op) (domain.User, error) {
		return op.CompleteSetup(ctx, token, hash)
	})
	return service.Caller{UserID: u.ID}
}

// passwordHash is one bcrypt hash for every person of every world: bcrypt
// is slow on purpose, and these tests are about other rules.
var passwordHash = sync.OnceValue(func() string {
	hash, err := service.HashPassword("a long enough password", "")
	if err != nil {
		panic(err)
	}
	return hash
})

func (w *world) grant(user, org, role string) {
	w.t.Helper()
	must(w, w.admin, func(ctx context.Context, op *service.Op) (domain.RoleAssignment, error) {
		return op.CreateAssignment(ctx, wire.RoleAssignmentCreate{UserID: user, OrganizationID: org, RoleID: role})
	})
}

// kindOf is the kind of a domain error, 0 for none.
func kindOf(err error) domain.Kind {
	if err == nil {
		return 0
	}
	for k := domain.KindInvalid; k <= domain.KindUnavailable; k++ {
		if domain.IsKind(err, k) {
			return k
		}
	}
	return -1
}
