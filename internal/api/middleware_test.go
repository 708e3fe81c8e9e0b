package api

import (
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/service"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestRateLimitDefaultsHoldAMinute: by default a principal may spend a
// minute of its sustained 50 requests a second at once, and the policy says so.
func TestRateLimitDefaultsHoldAMinute(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	svc := service.New(st, "http://portal.test", log)
	a := New(svc, log, Options{})
	if a.limiter == nil || a.limiter.perSec != 50 || a.limiter.burst != 3000 || a.limiter.policy != `"principal";q=3000;w=60` {
		t.Fatalf("default limiter %+v", a.limiter)
	}
	if a := New(svc, log, Options{RateLimit: 10}); a.limiter.burst != 600 || a.limiter.policy != `"principal";q=600;w=60` {
		t.Fatalf("burst follows the rate: %+v", a.limiter)
	}
	// q/w never promises more than the sustained rate.
	if a := New(svc, log, Options{RateLimit: 30, RateBurst: 100}); a.limiter.policy != `"principal";q=100;w=4` {
		t.Fatalf("policy %q", a.limiter.policy)
	}
	if a := New(svc, log, Options{RateLimitOff: true}); a.limiter != nil {
		t.Fatal("RateLimitOff kept a limiter")
	}
}
