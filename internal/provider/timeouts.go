package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// defaultTimeout bounds one operation, retries included, when the
// configuration sets no timeouts block.
const defaultTimeout = 5 * time.Minute

// stopGrace is how long a create already under way may still run after
// Terraform asks the provider to stop (Ctrl-C). A variable for tests.
var stopGrace = 30 * time.Second

// withTimeout derives the operation's context from a timeouts getter such as
// plan.Timeouts.Read; ok is false when the configured value is unusable.
func withTimeout(
	ctx context.Context,
	get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics,
) (context.Context, context.CancelFunc, bool) {
	d, dd := get(ctx, defaultTimeout)
	diags.Append(dd...)
	if dd.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}

// withCreateTimeout is withTimeout for creates, which Terraform's stop
// request does not cut short at once. A create that was sent may have
// committed before its answer arrives; abandoning it then leaves an object
// the state does not know, and the next apply collides with it (a duplicate
// e-mail or name). So a create in flight keeps waiting for its answer, and
// retrying with the same idempotency key, for up to stopGrace after the
// stop. Updates and deletes need no grace: the next refresh reads the truth.
func withCreateTimeout(
	ctx context.Context,
	get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics),
	diags *diag.Diagnostics,
) (context.Context, context.CancelFunc, bool) {
	op, cancel, ok := withTimeout(context.WithoutCancel(ctx), get, diags)
	if !ok {
		return ctx, cancel, false
	}
	go func() {
		select {
		case <-op.Done():
			return
		case <-ctx.Done():
		}
		select {
		case <-op.Done():
		case <-time.After(stopGrace):
			cancel()
		}
	}()
	return op, cancel, true
}
