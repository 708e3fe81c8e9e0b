package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/mspportal/terraform-provider-portal/internal/client"
)

// The object's version lives in private state, not in the schema: it is what
// If-Match sends so that a change made outside Terraform after the last
// refresh is reported instead of overwritten, and it never shows as a diff.

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func saveVersion(ctx context.Context, p privateSetter, version int64) diag.Diagnostics {
	return p.SetKey(ctx, "version", []byte(strconv.FormatInt(version, 10)))
}

// recordObject keeps what Create and Update learn besides the state: the
// object's version for If-Match and its identity.
func recordObject(ctx context.Context, p privateSetter, identity *tfsdk.ResourceIdentity, obj interface {
	ObjectVersion() int64
	ObjectID() string
}) diag.Diagnostics {
	diags := saveVersion(ctx, p, obj.ObjectVersion())
	return append(diags, setIdentity(ctx, identity, obj.ObjectID())...)
}

// ifMatch returns the If-Match option for the version read last, if any.
func ifMatch(ctx context.Context, p privateGetter) []client.Option {
	raw, diags := p.GetKey(ctx, "version")
	if diags.HasError() || len(raw) == 0 {
		return nil
	}
	v, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil || v <= 0 {
		return nil
	}
	return []client.Option{client.IfMatch(v)}
}
