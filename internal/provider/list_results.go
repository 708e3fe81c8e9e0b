package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// What every list resource shares (terraform query, Terraform 1.14 and
// later): read the filters, fetch every page of matching objects, and stream
// one result per object with its identity, a display name, and, when asked
// for full objects, the state a Read after import would leave.

// listObjects runs fetch with the configured filters F and streams results.
func listObjects[F any, T interface{ ObjectID() string }](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream,
	object string, fetch func(context.Context, F) ([]T, error), display func(T) string, state func(T) any) {
	var filters F
	if diags := req.Config.Get(ctx, &filters); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	objs, err := fetch(ctx, filters)
	if err != nil {
		var diags diag.Diagnostics
		apiFailure(ctx, &diags, "list", object+"s", "", "", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = results(ctx, req, objs, display, state)
}

func results[T interface{ ObjectID() string }](
	ctx context.Context,
	req list.ListRequest,
	objs []T,
	display func(T) string,
	state func(T) any,
) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for i, o := range objs {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			r := req.NewListResult(ctx)
			r.DisplayName = display(o)
			r.Diagnostics.Append(r.Identity.Set(ctx, idIdentityModel{ID: types.StringValue(o.ObjectID())})...)
			if req.IncludeResource {
				r.Diagnostics.Append(r.Resource.Set(ctx, state(o))...)
			}
			if !push(r) {
				return
			}
		}
	}
}
