package client_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// TestAgainstTheRealAPI drives every client area once against the bundled API.
func TestAgainstTheRealAPI(t *testing.T) {
	s := acctest.StartAPI(t)
	ctx := context.Background()
	c := strictClient(t, s, acctest.BootstrapToken)
	org, err := c.CreateOrganization(ctx, wire.OrganizationCreate{Name: "Acme", Kind: "client", ParentID: s.RootID})
	if err != nil {
		t.Fatal(err)
	}
	disabled, err := c.UpdateOrganization(ctx, org.ID, wire.OrganizationUpdate{Enabled: wire.Value(false)}, client.IfMatch(org.Version))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateOrganization(
		ctx,
		org.ID,
		wire.OrganizationUpdate{Enabled: wire.Value(true)},
		client.IfMatch(org.Version),
	); !client.IsPreconditionFailed(
		err,
	) {
		t.Fatalf("stale If-Match: %v", err)
	}
	if _, err := c.UpdateOrganization(
		ctx,
		org.ID,
		wire.OrganizationUpdate{Enabled: wire.Value(true)},
		client.IfMatch(disabled.Version),
	); err != nil {
		t.Fatal(err)
	}
	u, err := c.CreateUser(ctx, wire.UserCreate{Email: "a@example.com", FirstName: "A", LastName: "B", OrganizationID: s.RootID})
	if err != nil || u.Status != "invited" {
		t.Fatalf("%+v %v", u, err)
	}
	if _, err := c.CreateUser(
		ctx,
		wire.UserCreate{Email: "A@example.com", FirstName: "A", LastName: "B", OrganizationID: s.RootID},
	); !client.IsConflict(
		err,
	) {
		t.Fatalf("duplicate: %v", err)
	}
	msgs, err := c.Outbox(ctx, "a@example.com")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox %v %v", msgs, err)
	}
	link := acctest.TokenInLink(msgs[0].Body)
	if _, err := c.CompleteAccountSetup(ctx, wire.AccountSetup{Token: strings.TrimSpace(link), Password: "a long enough " +
		"password"}); err != nil {
		t.Fatal(err)
	}
	tok, err := c.CreateToken(ctx, u.ID, wire.TokenCreate{Name: "ci"})
	if err != nil || !strings.HasPrefix(tok.Token, "ptk_") {
		t.Fatalf("%+v %v", tok, err)
	}
	toks, err := c.ListTokens(ctx, u.ID)
	if err != nil || len(toks) != 1 || toks[0].ID != tok.ID { // a listed token has no secret, by its type
		t.Fatalf("tokens %+v %v", toks, err)
	}
	if err := c.DeleteToken(ctx, u.ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateRoleAssignment(ctx, wire.RoleAssignmentCreate{UserID: u.ID, OrganizationID: org.ID, RoleID: "viewer"}); err != nil {
		t.Fatal(err)
	}
	access, err := c.UserAccess(ctx, u.ID)
	if err != nil || len(access.Access) != 1 {
		t.Fatalf("%+v %v", access, err)
	}
	inv, err := c.CreateInvitation(ctx, wire.InvitationCreate{Email: "new@example.com", OrganizationID: org.ID, RoleIDs: []string{"viewer"}})
	if err != nil || inv.Status != "pending" {
		t.Fatalf("%+v %v", inv, err)
	}
	msgs, _ = c.Outbox(ctx, "new@example.com")
	res, err := c.AcceptInvitation(
		ctx,
		wire.InvitationAccept{Token: acctest.TokenInLink(msgs[0].Body),
			FirstName: "N", LastName: "E", Password: "a long enough password"},
	)
	if err != nil || !res.AccountCreated {
		t.Fatalf("%+v %v", res, err)
	}
	events, err := c.ListAuditEvents(ctx, wire.AuditEventQuery{ObjectID: org.ID})
	if err != nil || len(events) < 2 {
		t.Fatalf("audit %d %v", len(events), err)
	}
	csv, err := c.ExportUsersCSV(ctx, wire.UserQuery{OrganizationID: s.RootID, IncludeDescendants: true})
	if err != nil || !strings.Contains(string(csv), "new@example.com") {
		t.Fatalf("csv %s %v", csv, err)
	}
	perms, err := c.ListPermissions(ctx)
	if err != nil || len(perms) != 9 {
		t.Fatalf("permissions %d %v", len(perms), err)
	}
	if err := c.DeleteOrganization(ctx, org.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetOrganization(ctx, org.ID); !client.IsNotFound(err) {
		t.Fatalf("after delete: %v", err)
	}
}

// debugLog keeps the client's debug messages.
type debugLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *debugLog) Debug(msg string, _ ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, msg)
}
func (l *debugLog) Error(string, ...any) {}
func (l *debugLog) Info(string, ...any)  {}
func (l *debugLog) Warn(string, ...any)  {}

// TestRateLimitDefaultsLetAThousandReadsThrough: at the API's default limit
// (50 a second, a minute of it at once) the reads of a 1,000-object refresh,
// ten at a time as Terraform runs them, are never answered 429 and the client
// never needs to pace itself.
func TestRateLimitDefaultsLetAThousandReadsThrough(t *testing.T) {
	var limited atomic.Int64
	s := acctest.StartAPI(t, acctest.Options{RateLimit: 50, Wrap: func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(&statusSpy{ResponseWriter: w, limited: &limited}, r)
		})
	}})
	log := &debugLog{}
	c, err := client.New(client.Config{Endpoint: s.URL, Token: acctest.BootstrapToken, UserAgent: "test", StrictDecoding: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var failed atomic.Int64
	for range 10 {
		wg.Go(func() {
			for range 100 {
				if _, err := c.Identity(t.Context()); err != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if failed.Load() != 0 || limited.Load() != 0 {
		t.Fatalf("%d reads failed, %d answered 429", failed.Load(), limited.Load())
	}
	for _, m := range log.msgs {
		if strings.Contains(m, "pacing") {
			t.Fatalf("the client paced itself: %q", m)
		}
	}
}

type statusSpy struct {
	http.ResponseWriter
	limited *atomic.Int64
}

func (s *statusSpy) WriteHeader(code int) {
	if code == http.StatusTooManyRequests {
		s.limited.Add(1)
	}
	s.ResponseWriter.WriteHeader(code)
}
