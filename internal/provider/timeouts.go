package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// defaultTimeout bounds one operation, retries included, when the
// configuration sets no timeouts block.
const defaultTimeout = 5 * time.Minute

// withTimeout derives the operation's context from a timeouts getter such as
// plan.Timeouts.Create; ok is false when the configured value is unusable.
func withTimeout(ctx context.Context, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics), diags *diag.Diagnostics) (context.Context, context.CancelFunc, bool) {
	d, dd := get(ctx, defaultTimeout)
	diags.Append(dd...)
	if dd.HasError() {
		return ctx, func() {}, false
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	return ctx, cancel, true
}
