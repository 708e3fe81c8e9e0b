package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Day-2 operations as actions (Terraform 1.14 and later): run with
// `terraform apply -invoke=action.<type>.<name>`, or from a resource's
// lifecycle action_trigger. Each one checks the object's state first: an
// operation with nothing to do (unlocking a user who is not locked) is a
// warning that says so, never a failure, so a for_each over many users
// finishes and reports each one.

// actionBase gives an action the provider's client.
type actionBase struct {
	client *client.Client
}

func (b *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*client.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Action Configure Type",
			fmt.Sprintf("Expected *client.Client, got: %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	b.client = c
}

// problemCode is the API's problem code of err, if it is an API error.
func problemCode(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

// userOperation is one lifecycle operation on a portal user.
type userOperation struct {
	// name is the API's operation (a POST on the user) and the action's suffix.
	name, summary, doing, done string
	// skip says why there is nothing to do for u, or "".
	skip func(u *wire.User) string
	// benign maps API problem codes that mean "nothing to do" to the reason.
	benign map[string]string
}

type userActionModel struct {
	UserID types.String `tfsdk:"user_id"`
}

// userAction runs op on the configured user.
type userAction struct {
	actionBase
	op userOperation
}

func (a *userAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user_" + a.op.suffix()
}

func (op userOperation) suffix() string {
	switch op.name {
	case "reset-password":
		return "force_password_change"
	case "resend-invitation":
		return "resend_setup"
	case "reset-mfa":
		return "reset_mfa"
	}
	return op.name
}

func (a *userAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: a.op.summary,
		Attributes: map[string]schema.Attribute{
			"user_id": schema.StringAttribute{Required: true, MarkdownDescription: "Identifier of the portal user.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		},
	}
}

func (a *userAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m userActionModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	id := m.UserID.ValueString()
	u, err := a.client.GetUser(ctx, id)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, a.op.suffix(), "portal user", id, "", err)
		return
	}
	if why := a.op.skip(u); why != "" {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Nothing to do for portal user %q", id), fmt.Sprintf("%s (%s): %s.", u.Email, id, why))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("%s %s (%s)", a.op.doing, u.Email, id)})
	if _, err := a.client.UserAction(ctx, id, a.op.name); err != nil {
		if why, ok := a.op.benign[problemCode(err)]; ok {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Nothing to do for portal user %q", id), fmt.Sprintf("%s (%s): %s.", u.Email, id, why))
			return
		}
		apiFailure(ctx, &resp.Diagnostics, a.op.suffix(), "portal user", id, "", err)
		return
	}
	tflog.Info(ctx, "portal user "+a.op.done, map[string]any{"action": a.op.suffix(), "id": id})
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("%s %s", u.Email, a.op.done)})
}

var _ action.ActionWithConfigure = (*userAction)(nil)
