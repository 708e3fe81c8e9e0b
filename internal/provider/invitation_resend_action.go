package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var _ action.ActionWithConfigure = (*invitationResendAction)(nil)

type invitationResendAction struct{ actionBase }

func newInvitationResendAction() action.Action { return &invitationResendAction{} }

type invitationResendModel struct {
	InvitationID types.String `tfsdk:"invitation_id"`
}

func (a *invitationResendAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invitation_resend"
}

func (a *invitationResendAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends an invitation again with a new link and a new expiry (the invitation's own lifetime); the previous link " +
			"stops working. An expired invitation is renewed this way. An accepted or revoked invitation is left alone, with a warning.",
		Attributes: map[string]schema.Attribute{
			"invitation_id": schema.StringAttribute{Required: true, MarkdownDescription: "Identifier of the invitation.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		},
	}
}

func (a *invitationResendAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m invitationResendModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	id := m.InvitationID.ValueString()
	inv, err := a.client.GetInvitation(ctx, id)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "resend", "portal invitation", id, "", err)
		return
	}
	if inv.Status == "accepted" || inv.Status == "revoked" {
		resp.Diagnostics.AddWarning(fmt.Sprintf("Nothing to do for portal invitation %q", id),
			fmt.Sprintf("The invitation of %s is %s; only a pending or expired invitation can be sent again.", inv.Email, inv.Status))
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Sending the invitation of %s (%s) again", inv.Email, id)})
	inv, err = a.client.ResendInvitation(ctx, id, wire.InvitationResend{})
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "resend", "portal invitation", id, "", err)
		return
	}
	tflog.Info(ctx, "portal invitation resent", map[string]any{"id": id})
	resp.SendProgress(
		action.InvokeProgressEvent{
			Message: fmt.Sprintf("%s has a new link, valid until %s", inv.Email, inv.ExpiresAt.Format("2006-01-02 15:04 MST")),
		},
	)
}
