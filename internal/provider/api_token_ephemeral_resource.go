package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ ephemeral.EphemeralResourceWithConfigure = (*apiTokenEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*apiTokenEphemeral)(nil)
)

// An ephemeral token (Terraform 1.10 and later) lives for one run: minted
// when Terraform opens it, revoked when Terraform closes it, never in state
// or plan. A pipeline uses it to configure a provider alias that acts with
// the least privilege of one service account.
type apiTokenEphemeral struct{ client *client.Client }

func newAPITokenEphemeral() ephemeral.EphemeralResource { return &apiTokenEphemeral{} }

// openedWith remembers, per open token, the client that minted it: Close
// must revoke with the same credential, and a provider process may serve
// several provider configurations (one of them configured with this very
// token), whose data the framework hands to Close from the last Configure.
var openedWith sync.Map // token id -> *client.Client

// ephemeralTokenRef is what Close needs, kept in private data between Open and Close.
type ephemeralTokenRef struct {
	ServiceAccountID string `json:"service_account_id"`
	ID               string `json:"id"`
}

type apiTokenEphemeralModel struct {
	ServiceAccountID types.String         `tfsdk:"service_account_id"`
	Name             types.String         `tfsdk:"name"`
	ExpiresIn        timetypes.GoDuration `tfsdk:"expires_in"`
	ID               types.String         `tfsdk:"id"`
	Token            types.String         `tfsdk:"token"`
	ExpiresAt        timetypes.RFC3339    `tfsdk:"expires_at"`
}

func (e *apiTokenEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	c, ok := req.ProviderData.(*client.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Ephemeral Resource Configure Type",
			fmt.Sprintf("Expected *client.Client, got: %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	e.client = c
}

func (e *apiTokenEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_token"
}

func (e *apiTokenEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A short-lived API token of a service account for one Terraform run: created when Terraform opens it, revoked " +
			"when Terraform closes it, and never written to state or plan. Use it to configure a provider alias (or another tool) with the " +
			"narrow access of one service account.",
		Attributes: map[string]schema.Attribute{
			"service_account_id": schema.StringAttribute{Required: true, MarkdownDescription: "The service account the token acts as.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "What the token is for, as shown in the portal while it lives. Defaults to `terraform run`.",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100), trimmedValidator{}},
			},
			"expires_in": schema.StringAttribute{CustomType: timetypes.GoDurationType{}, Optional: true, Computed: true,
				MarkdownDescription: "Lifetime if Terraform never closes it (a crashed run), between `1m` and `24h`. Defaults to `1h`.",
				Validators:          []validator.String{durationValidator{min: time.Minute, max: 24 * time.Hour}}},
			"id":    schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the token; not a secret."},
			"token": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The secret."},
			"expires_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the token expires at the latest (RFC 3339).",
			},
		},
	}
}

func (e *apiTokenEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m apiTokenEphemeralModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	name := "terraform run"
	if !m.Name.IsNull() {
		name = m.Name.ValueString()
	}
	if m.ExpiresIn.IsNull() {
		m.ExpiresIn = timetypes.NewGoDurationValueFromStringMust("1h")
	}
	k, err := e.client.CreateServiceAccountToken(
		ctx,
		m.ServiceAccountID.ValueString(),
		wire.TokenCreate{Name: name, ExpiresInSeconds: lifetime(m.ExpiresIn)},
	)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "ephemeral portal API token", name, "", err)
		return
	}
	m.Name, m.ID, m.Token, m.ExpiresAt = types.StringValue(
		name,
	), types.StringValue(
		k.ID,
	), types.StringValue(
		k.Token,
	), timetypes.NewRFC3339TimePointerValue(
		k.ExpiresAt,
	)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
	openedWith.Store(k.ID, e.client)
	ref, _ := json.Marshal(ephemeralTokenRef{ServiceAccountID: m.ServiceAccountID.ValueString(), ID: k.ID})
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, "token", ref)...)
	tflog.Info(ctx, "opened ephemeral portal API token", map[string]any{"id": k.ID})
}

func (e *apiTokenEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, "token")
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() || len(raw) == 0 {
		return
	}
	var ref ephemeralTokenRef
	if err := json.Unmarshal(raw, &ref); err != nil || ref.ID == "" {
		return
	}
	c := e.client
	if opener, ok := openedWith.LoadAndDelete(ref.ID); ok {
		c, _ = opener.(*client.Client)
	}
	if err := c.DeleteServiceAccountToken(ctx, ref.ServiceAccountID, ref.ID); err != nil && !client.IsNotFound(err) {
		apiFailure(ctx, &resp.Diagnostics, "revoke", "ephemeral portal API token", ref.ID, "", err)
		return
	}
	tflog.Info(ctx, "revoked ephemeral portal API token", map[string]any{"id": ref.ID})
}
