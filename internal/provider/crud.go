package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// The steps every resource shares: what a 404 means on Read and on Delete,
// and keeping the object's version for If-Match.

// readObject fetches the object behind state for Read. A 404 removes the
// resource from state, so the next plan re-creates it; ok is false then and
// on errors, which it reports.
func readObject[T interface {
	ObjectVersion() int64
	ObjectID() string
}](ctx context.Context, resp *resource.ReadResponse, resourceType, object, id string,
	get func(context.Context, string) (*T, error)) (*T, bool) {
	obj, err := get(ctx, id)
	if client.IsNotFound(err) {
		tflog.Warn(ctx, object+" is gone; removing it from state", map[string]any{"resource_type": resourceType, "id": id})
		// The framework wants an identity after every Read, even one that
		// removes the object (a state written before identities has none).
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
		resp.State.RemoveResource(ctx)
		return nil, false
	}
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", object, id, "", err)
		return nil, false
	}
	resp.Diagnostics.Append(saveVersion(ctx, resp.Private, (*obj).ObjectVersion())...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, (*obj).ObjectID())...)
	return obj, true
}

// patchString is a required attribute's field in an Update's merge patch:
// left out when the plan keeps the state's value, so that an unchanged field
// is not rewritten; else the planned value.
func patchString(plan, state types.String) wire.Optional[string] {
	if plan.Equal(state) {
		return wire.Optional[string]{}
	}
	return wire.Value(plan.ValueString())
}

// patchBool is patchString for a bool attribute.
func patchBool(plan, state types.Bool) wire.Optional[bool] {
	if plan.Equal(state) {
		return wire.Optional[bool]{}
	}
	return wire.Value(plan.ValueBool())
}

// patchNullString is an optional attribute's field: left out when unchanged,
// else the planned value, or null when the plan removes it.
func patchNullString(plan, state types.String) wire.Nullable[string] {
	if plan.Equal(state) {
		return wire.Nullable[string]{}
	}
	return wire.ValueOrNull(plan.ValueStringPointer())
}

// deleteObject deletes for Delete; an object already gone is success.
func deleteObject(ctx context.Context, diags *diag.Diagnostics, object, id string, del func(context.Context, string) error) {
	if err := del(ctx, id); err != nil && !client.IsNotFound(err) {
		apiFailure(ctx, diags, "delete", object, id, "", err)
	}
}
