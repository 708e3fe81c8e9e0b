package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// emailType is a string compared ignoring case: the portal treats addresses
// case-insensitively, so a difference only in case between the configuration
// and what the API reports is not a change.
type emailType struct{ basetypes.StringType }

var _ basetypes.StringTypable = emailType{}

func (t emailType) Equal(o attr.Type) bool {
	_, ok := o.(emailType)
	return ok
}

func (t emailType) String() string { return "emailType" }

func (t emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: s}, nil
}

func (t emailType) ValueType(context.Context) attr.Value { return emailValue{} }

// emailValue is an e-mail address attribute value.
type emailValue struct{ basetypes.StringValue }

var _ basetypes.StringValuableWithSemanticEquals = emailValue{}

func (v emailValue) Type(context.Context) attr.Type { return emailType{} }

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals keeps the prior value when the new one differs only in case.
func (v emailValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := nv.(emailValue)
	if !ok {
		return false, nil
	}
	return strings.EqualFold(v.ValueString(), other.ValueString()), nil
}

func newEmail(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }

// keepEmailCase plans the prior spelling when the configured address differs
// from it only in letter case: addresses are compared ignoring case, so such
// a difference is never a change (nor, for an invitation, a replacement), and
// an object imported with the portal's spelling plans empty.
type keepEmailCase struct{}

func (keepEmailCase) Description(context.Context) string {
	return "A difference only in letter case keeps the current address."
}

func (m keepEmailCase) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (keepEmailCase) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsUnknown() || req.PlanValue.IsNull() {
		return
	}
	if strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
