package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every resource's identity (Terraform 1.12 and later) is the portal's id of
// its object: opaque, assigned once and never reused, so it identifies the
// object across renames and moves. Natural keys (an e-mail address, a
// parent and a name) change, so they are accepted as import ids instead.

type idIdentityModel struct {
	ID types.String `tfsdk:"id"`
}

// idIdentitySchema describes the identity of object.
func idIdentitySchema(object string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "Identifier of the " + object + " in the portal."},
	}}
}

// setIdentity records the identity after Create, Read, Update or Import; a
// Terraform before 1.12 has no identity to set.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, idIdentityModel{ID: types.StringValue(id)})
}

// importByKey imports by identity (an import block's identity), or by the
// import id, which resolve may turn from a natural key into an object id.
func importByKey(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse,
	resolve func(ctx context.Context, key string) (string, diag.Diagnostics)) {
	id := req.ID
	if id == "" && req.Identity != nil {
		var ident idIdentityModel
		if resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...); resp.Diagnostics.HasError() {
			return
		}
		id = ident.ID.ValueString()
	} else if resolve != nil {
		var diags diag.Diagnostics
		id, diags = resolve(ctx, id)
		if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
}
