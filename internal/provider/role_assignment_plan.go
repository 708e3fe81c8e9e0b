package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

const timeBoundGuideLink = "The [time-bound access](../guides/time-bound-access) guide shows how to grant a partner's technicians " +
	"access for 30 days and keep the end stable across plans."

// planGrantEnd plans a grant's end and status. An end the configuration
// keeps plans nothing, even once it has passed: the grant then shows as
// expired, a change made outside Terraform, and is never re-granted behind
// the operator's back. A new or changed end must lie in the future (the API
// would refuse it at apply), and makes the status known only after apply.
func planGrantEnd(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var planned, prior timetypes.RFC3339
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("expires_at"), &planned)...)
	changed := true
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("expires_at"), &prior)...)
		if equal, diags := planned.StringSemanticEquals(ctx, prior); !diags.HasError() && equal {
			changed = false
		} else if planned.IsNull() && prior.IsNull() {
			changed = false
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !changed {
		var status types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), status)...)
		return
	}
	if end := timePointer(planned); end != nil && !end.After(time.Now()) {
		resp.Diagnostics.AddAttributeError(path.Root("expires_at"), "Invalid grant end",
			"expires_at "+planned.ValueString()+" has already passed: a new or changed end must lie in the future. Set a later "+
				"time (for example timeadd(plantimestamp(), \"720h\") kept in a terraform_data anchor), or remove expires_at for a "+
				"grant that never ends.")
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("status"), types.StringUnknown())...)
}

// timePointer is a known RFC 3339 value as a time, nil when null or unknown.
func timePointer(v timetypes.RFC3339) *time.Time {
	if v.IsNull() || v.IsUnknown() {
		return nil
	}
	t, diags := v.ValueRFC3339Time()
	if diags.HasError() {
		return nil
	}
	return &t
}
