package main

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var (
	_ resource.Resource             = (*floorResource)(nil)
	_ resource.ResourceWithIdentity = (*floorResourceWithIdentity)(nil)
)

// floorResource stores what Terraform plans and nothing else.
type floorResource struct {
	typeName string
	schema   rschema.Schema
}

// floorResourceWithIdentity is a floorResource whose real counterpart has an
// identity (Terraform 1.12 and later ask for it).
type floorResourceWithIdentity struct {
	*floorResource
	identity identityschema.Schema
}

func (r *floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}

func (r *floorResourceWithIdentity) IdentitySchema(
	_ context.Context,
	_ resource.IdentitySchemaRequest,
	resp *resource.IdentitySchemaResponse,
) {
	resp.IdentitySchema = r.identity
}

func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.store(req.Plan.Raw, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Read leaves the state as it is: the framework starts from the prior state.
func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.store(req.Plan.Raw, &resp.State, resp.Identity, &resp.Diagnostics)
}

// Delete does nothing: the framework removes the state.
func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// store sets the state to the plan with its unknown values filled in, and
// the identity, when there is one, from the state.
func (r *floorResource) store(plan tftypes.Value, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	v, err := fillUnknowns(plan)
	if err != nil {
		diags.AddError("Unable to fill in the plan", err.Error())
		return
	}
	state.Raw = v
	if identity == nil {
		return
	}
	ident, err := identityFrom(v, identity.Raw.Type())
	if err != nil {
		diags.AddError("Unable to set the identity", err.Error())
		return
	}
	identity.Raw = ident
}

// ids makes the unique strings that stand for ids.
var ids = struct {
	prefix string
	n      atomic.Int64
}{prefix: fmt.Sprintf("floor-%d-%x", os.Getpid(), time.Now().UnixNano())}

var idPath = tftypes.NewAttributePath().WithAttributeName("id")

// fillUnknowns replaces every unknown value with a known one: a unique
// string for the id, the zero value of the other primitive types, and null
// for collections and objects.
func fillUnknowns(v tftypes.Value) (tftypes.Value, error) {
	return tftypes.Transform(v, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if p.Equal(idPath) && v.Type().Is(tftypes.String) {
			return tftypes.NewValue(tftypes.String, fmt.Sprintf("%s-%d", ids.prefix, ids.n.Add(1))), nil
		}
		return zero(v.Type()), nil
	})
}

func zero(t tftypes.Type) tftypes.Value {
	switch {
	case t.Is(tftypes.String):
		return tftypes.NewValue(t, "")
	case t.Is(tftypes.Bool):
		return tftypes.NewValue(t, false)
	case t.Is(tftypes.Number):
		return tftypes.NewValue(t, new(big.Float))
	}
	return tftypes.NewValue(t, nil)
}

// identityFrom builds an identity of type t whose attributes are the state's
// attributes of the same name and type, or zero values.
func identityFrom(state tftypes.Value, t tftypes.Type) (tftypes.Value, error) {
	obj, ok := t.(tftypes.Object)
	if !ok {
		return tftypes.Value{}, fmt.Errorf("identity type %s is not an object", t)
	}
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		return tftypes.Value{}, err
	}
	out := make(map[string]tftypes.Value, len(obj.AttributeTypes))
	for name, at := range obj.AttributeTypes {
		if v, ok := attrs[name]; ok && v.Type().Equal(at) {
			out[name] = v
		} else {
			out[name] = zero(at)
		}
	}
	return tftypes.NewValue(obj, out), nil
}
