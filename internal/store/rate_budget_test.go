package store_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/mspportal/terraform-provider-portal/internal/acctest"
	"github.com/mspportal/terraform-provider-portal/internal/store"
)

// TestSharedBudgetNeverGrantsTwice: leases taken at once on many
// connections never add up to more than the budget holds, and a budget
// that refills about once a day grants nothing past its burst.
func TestSharedBudgetNeverGrantsTwice(t *testing.T) {
	st, err := store.Open(t.Context(), acctest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	b := store.Budget{PerSecond: 1.0 / 86400, Burst: 100}
	var granted atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for range 10 {
				l, err := st.TakeBudget(t.Context(), "user:racer", b, 3)
				if err != nil {
					t.Error(err)
					return
				}
				granted.Add(int64(l.Granted))
			}
		})
	}
	wg.Wait()
	if n := granted.Load(); n != 100 {
		t.Errorf("160 leases of 3 from a budget of 100 granted %d, want exactly 100", n)
	}
	l, err := st.TakeBudget(t.Context(), "user:racer", b, 1)
	if err != nil || l.Granted != 0 || l.Next < 23*3600e9 {
		t.Errorf("an empty budget: %+v %v, want nothing granted and a day to wait", l, err)
	}
	if l, err := st.TakeBudget(t.Context(), "user:other", b, 5); err != nil || l.Granted != 5 || l.Left != 95 {
		t.Errorf("another key's budget: %+v %v, want 5 granted and 95 left", l, err)
	}
	if err := st.SweepBudgets(t.Context()); err != nil {
		t.Fatal(err)
	}
}
