package service

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
)

// A CSV export is sent to its client after it has been read (see
// MaxExports): what a slow or stalled download holds is a spooled file and
// a goroutine, never a snapshot or a connection. Those are bounded per
// principal and per tenant (the principal's home organization), so that
// one caller or one tenant, however many service accounts it makes, cannot
// take what the others need; the whole process has a bound too.
const (
	ExportsPerPrincipal = 1
	ExportsPerTenant    = 2
	ExportsPerProcess   = 32
)

// exportSlots counts the exports being sent, by principal and by tenant.
type exportSlots struct {
	mu        sync.Mutex
	principal map[string]int
	tenant    map[string]int
	total     int
}

// ExportSlot takes a slot for one export of caller's, for as long as it is
// read and sent; release gives it back. A caller with an export in flight,
// or whose tenant has ExportsPerTenant, is answered 429 exports_busy.
func (s *Service) ExportSlot(ctx context.Context, caller Caller) (release func(), err error) {
	u, err := Read(ctx, s, caller, func(ctx context.Context, op *Op) (domain.User, error) { return op.tx.GetUser(ctx, caller.UserID) })
	if err != nil {
		return nil, err
	}
	e := &s.exports
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.principal == nil {
		e.principal, e.tenant = map[string]int{}, map[string]int{}
	}
	var why string
	switch {
	case e.principal[caller.UserID] >= ExportsPerPrincipal:
		why = "your previous CSV export is still being sent; let it finish first"
	case e.tenant[u.OrganizationID] >= ExportsPerTenant:
		why = fmt.Sprintf("%d CSV exports of your organization are being sent; retry when one has finished", ExportsPerTenant)
	case e.total >= ExportsPerProcess:
		why = "this server is sending as many CSV exports as it sends at once; retry in a few seconds"
	}
	if why != "" {
		return nil, domain.TooSoon("exports_busy", why, 5*time.Second)
	}
	e.principal[caller.UserID]++
	e.tenant[u.OrganizationID]++
	e.total++
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		decrement(e.principal, caller.UserID)
		decrement(e.tenant, u.OrganizationID)
		e.total--
	}, nil
}

func decrement(m map[string]int, k string) {
	if m[k]--; m[k] == 0 {
		delete(m, k) // so that the maps hold only exports in flight
	}
}
