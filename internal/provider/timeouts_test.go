package provider

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func fixedTimeout(d time.Duration) func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
	return func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) { return d, nil }
}

// A stop (Ctrl-C) must not abandon a create in flight at once, but it must
// not keep it alive forever either.
func TestWithCreateTimeout_outlivesAStopForTheGracePeriod(t *testing.T) {
	stopGrace = 100 * time.Millisecond
	t.Cleanup(func() { stopGrace = 30 * time.Second })
	terraform, stop := context.WithCancel(context.Background())
	var diags diag.Diagnostics
	op, cancel, ok := withCreateTimeout(terraform, fixedTimeout(time.Minute), &diags)
	if !ok || diags.HasError() {
		t.Fatalf("withCreateTimeout: %v", diags)
	}
	defer cancel()
	stop()
	if op.Err() != nil {
		t.Fatal("the stop cancelled the create at once")
	}
	select {
	case <-op.Done():
		if !errors.Is(op.Err(), context.Canceled) {
			t.Fatalf("after the grace period: %v, want context.Canceled", op.Err())
		}
	case <-time.After(10 * time.Second): // a hang guard
		t.Fatal("the create outlived the grace period")
	}
}

func TestWithCreateTimeout_keepsTheOperationTimeout(t *testing.T) {
	var diags diag.Diagnostics
	op, cancel, ok := withCreateTimeout(context.Background(), fixedTimeout(time.Millisecond), &diags)
	if !ok {
		t.Fatalf("withCreateTimeout: %v", diags)
	}
	defer cancel()
	<-op.Done()
	if !errors.Is(op.Err(), context.DeadlineExceeded) {
		t.Fatalf("got %v, want the create timeout to apply", op.Err())
	}
}

func TestWithCreateTimeout_badTimeoutIsAnError(t *testing.T) {
	var diags diag.Diagnostics
	bad := func(context.Context, time.Duration) (time.Duration, diag.Diagnostics) {
		var d diag.Diagnostics
		d.AddError("Invalid timeout", "bad")
		return 0, d
	}
	if _, _, ok := withCreateTimeout(context.Background(), bad, &diags); ok || !diags.HasError() {
		t.Fatal("an unusable timeout was accepted")
	}
}
