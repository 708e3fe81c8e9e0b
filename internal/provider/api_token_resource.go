package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*apiTokenResource)(nil)
	_ resource.ResourceWithImportState = (*apiTokenResource)(nil)
	_ resource.ResourceWithIdentity    = (*apiTokenResource)(nil)
)

const apiTokenType = "portal_api_token"

// maxTokenLifetime is the longest expires_in the API accepts (two years).
const maxTokenLifetime = 2 * 366 * 24 * time.Hour

type apiTokenResource struct{ resourceBase }

func newAPITokenResource() resource.Resource { return &apiTokenResource{} }

type apiTokenModel struct {
	ID               types.String         `tfsdk:"id"`
	ServiceAccountID types.String         `tfsdk:"service_account_id"`
	Name             types.String         `tfsdk:"name"`
	ExpiresIn        timetypes.GoDuration `tfsdk:"expires_in"`
	RotationTriggers types.Map            `tfsdk:"rotation_triggers"`
	Token            types.String         `tfsdk:"token"`
	ExpiresAt        timetypes.RFC3339    `tfsdk:"expires_at"`
	CreatedAt        timetypes.RFC3339    `tfsdk:"created_at"`
	Timeouts         timeouts.Value       `tfsdk:"timeouts"`
}

// apiTokenIdentity names a token the way the API does: under its service account.
type apiTokenIdentity struct {
	ServiceAccountID types.String `tfsdk:"service_account_id"`
	ID               types.String `tfsdk:"id"`
}

func (r *apiTokenResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_token"
}

func (r *apiTokenResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An API token of a service account, for a CI pipeline or another system. The secret is in `token` (sensitive, " +
			"kept in state: protect the state, or use the ephemeral `portal_api_token` to keep it out of state). Any change of " +
			"`rotation_triggers` rotates the token: a new one is created and the old one revoked. A token that expired, or was revoked outside " +
			"Terraform, is created anew by the next apply.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the token (`tok_…`); not a secret.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"service_account_id": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "The service account the token acts as.", Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"name": schema.StringAttribute{Required: true, PlanModifiers: replace,
				MarkdownDescription: "What the token is for, as shown in the " +
					"portal.", Validators: []validator.String{stringvalidator.LengthBetween(1, 100), trimmedValidator{}}},
			"expires_in": schema.StringAttribute{CustomType: timetypes.GoDurationType{}, Optional: true, PlanModifiers: replace,
				MarkdownDescription: "Lifetime as a duration between `1m` and `17568h` (two years); the token does not expire when unset.",
				Validators:          []validator.String{durationValidator{min: time.Minute, max: maxTokenLifetime}}},
			"rotation_triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				PlanModifiers:       []planmodifier.Map{mapplanmodifier.RequiresReplace()},
				MarkdownDescription: "Arbitrary values; any change rotates the token (for example a date, or `time_rotating`'s value)."},
			"token": schema.StringAttribute{Computed: true, Sensitive: true,
				MarkdownDescription: "The secret, known after create. Null for an imported token: the API shows a secret once.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"expires_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the token expires (RFC 3339), if it does.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the token was created (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Delete: true}),
		},
	}
}

func (r *apiTokenResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"service_account_id": identityschema.StringAttribute{RequiredForImport: true, Description: "Identifier of the service account."},
		"id":                 identityschema.StringAttribute{RequiredForImport: true, Description: "Identifier of the token."},
	}}
}

// create is the request that mints the planned token.
func (m apiTokenModel) create() wire.TokenCreate {
	return wire.TokenCreate{Name: m.Name.ValueString(), ExpiresInSeconds: lifetime(m.ExpiresIn)}
}

// fill copies the API's view of the token; the secret only the creating
// answer carries (see fillSecret).
func (m *apiTokenModel) fill(k *wire.APIToken) {
	m.ID = types.StringValue(k.ID)
	m.ServiceAccountID = types.StringValue(k.UserID)
	m.Name = types.StringValue(k.Name)
	m.ExpiresAt = timetypes.NewRFC3339TimePointerValue(k.ExpiresAt)
	m.CreatedAt = timetypes.NewRFC3339TimeValue(k.CreatedAt)
}

// fillSecret is fill for the answer that creates the token, with its secret.
func (m *apiTokenModel) fillSecret(k *wire.CreatedToken) {
	m.fill(&k.APIToken)
	m.Token = types.StringValue(k.Token)
}

// setTokenIdentity records the identity; Terraform before 1.12 has none.
func setTokenIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, v apiTokenIdentity) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, v)
}

func (m *apiTokenModel) identity() apiTokenIdentity {
	return apiTokenIdentity{ServiceAccountID: m.ServiceAccountID, ID: m.ID}
}

// lifetime converts expires_in into the API's seconds.
func lifetime(expiresIn timetypes.GoDuration) *int64 {
	if expiresIn.IsNull() || expiresIn.IsUnknown() {
		return nil
	}
	d, diags := expiresIn.ValueGoDuration()
	if diags.HasError() { // refused at plan time by the type
		return nil
	}
	secs := int64(d / time.Second)
	return &secs
}

func (r *apiTokenResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiTokenModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	k, err := r.client.CreateServiceAccountToken(ctx, plan.ServiceAccountID.ValueString(), plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal API token", plan.Name.ValueString(), "", err)
		return
	}
	tflog.Info(ctx, "created portal API token", map[string]any{"resource_type": apiTokenType, "id": k.ID})
	plan.fillSecret(k)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setTokenIdentity(ctx, resp.Identity, plan.identity())...)
}

func (r *apiTokenResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiTokenModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	resp.Diagnostics.Append(setTokenIdentity(ctx, resp.Identity, state.identity())...)
	k, err := r.client.GetServiceAccountToken(ctx, state.ServiceAccountID.ValueString(), state.ID.ValueString())
	if client.IsNotFound(err) {
		tflog.Warn(
			ctx,
			"portal API token is gone; removing it from state",
			map[string]any{"resource_type": apiTokenType, "id": state.ID.ValueString()},
		)
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", "portal API token", state.ID.ValueString(), "", err)
		return
	}
	if k.ExpiresAt != nil && !time.Now().Before(*k.ExpiresAt) {
		// An expired token is as good as gone: the next apply creates a new one.
		tflog.Warn(ctx, "portal API token expired; removing it from state", map[string]any{"resource_type": apiTokenType, "id": k.ID})
		resp.State.RemoveResource(ctx)
		return
	}
	state.fill(k)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only records changes that need no API call: every argument that
// reaches the API replaces the token.
func (r *apiTokenResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan apiTokenModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *apiTokenResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiTokenModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal API token", state.ID.ValueString(), func(ctx context.Context, id string) error {
		return r.client.DeleteServiceAccountToken(ctx, state.ServiceAccountID.ValueString(), id)
	})
}

// ImportState takes "<service account id>/<token id>" or an identity. The
// secret cannot be imported: the API shows it once.
func (r *apiTokenResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var ident apiTokenIdentity
	if req.ID != "" {
		p, ok := keyParts(req.ID, 2)
		if !ok {
			resp.Diagnostics.AddError("Unable to import portal API token",
				fmt.Sprintf("%q is not an import id of a token: use \"<service account id>/<token id>\".", req.ID))
			return
		}
		ident = apiTokenIdentity{ServiceAccountID: types.StringValue(p[0]), ID: types.StringValue(p[1])}
	} else if resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("service_account_id"), ident.ServiceAccountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), ident.ID)...)
	resp.Diagnostics.Append(setTokenIdentity(ctx, resp.Identity, ident)...)
}
