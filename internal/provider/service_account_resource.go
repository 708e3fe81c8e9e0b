package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*serviceAccountResource)(nil)
	_ resource.ResourceWithImportState = (*serviceAccountResource)(nil)
	_ resource.ResourceWithIdentity    = (*serviceAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*serviceAccountResource)(nil)
)

const serviceAccountType = "portal_service_account"

type serviceAccountResource struct{ resourceBase }

func newServiceAccountResource() resource.Resource { return &serviceAccountResource{} }

type serviceAccountModel struct {
	ID             types.String      `tfsdk:"id"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	Name           types.String      `tfsdk:"name"`
	Description    types.String      `tfsdk:"description"`
	Enabled        types.Bool        `tfsdk:"enabled"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	Timeouts       timeouts.Value    `tfsdk:"timeouts"`
}

func (r *serviceAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_service_account"
}

func (r *serviceAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A service account: a principal for automation that holds role assignments (`portal_role_assignment` with its id " +
			"as `user_id`) " +
			"and API tokens (`portal_api_token`), and never signs in or receives e-mail. Give it the narrowest role on the one organization a " +
			"pipeline needs.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the service account (`sva_…`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "Organization the service account belongs to: who may manage it and its tokens. Changing it replaces the " +
					"service account.",
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
				}, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name, unique among the service accounts of the organization (ignoring case).",
				Validators:          []validator.String{stringvalidator.LengthBetween(1, 100), trimmedValidator{}},
			},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "What the service account is for.", Validators: []validator.String{stringvalidator.LengthAtMost(1000)}},
			"enabled": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether its tokens work. A change made outside Terraform shows in the next plan and is reverted by apply. " +
					"Defaults to `true`."},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the service account was created (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *serviceAccountResource) IdentitySchema(
	_ context.Context,
	_ resource.IdentitySchemaRequest,
	resp *resource.IdentitySchemaResponse,
) {
	resp.IdentitySchema = idIdentitySchema("service account")
}

func (m *serviceAccountModel) fill(a *wire.ServiceAccount) {
	m.ID = types.StringValue(a.ID)
	m.OrganizationID = types.StringValue(a.OrganizationID)
	m.Name = types.StringValue(a.Name)
	m.Description = types.StringValue(a.Description)
	m.Enabled = types.BoolValue(a.Enabled)
	m.CreatedAt = timetypes.NewRFC3339TimeValue(a.CreatedAt)
}

// create is the request that creates the planned service account.
func (m serviceAccountModel) create() wire.ServiceAccountCreate {
	return wire.ServiceAccountCreate{OrganizationID: m.OrganizationID.ValueString(), Name: m.Name.ValueString(),
		Description: m.Description.ValueString(), Enabled: m.Enabled.ValueBoolPointer()}
}

// update is the merge patch from state to the plan m: only what changed.
func (m serviceAccountModel) update(state serviceAccountModel) wire.ServiceAccountUpdate {
	return wire.ServiceAccountUpdate{
		Name:        patchString(m.Name, state.Name),
		Description: patchNullString(m.Description, state.Description),
		Enabled:     patchBool(m.Enabled, state.Enabled),
	}
}

func (r *serviceAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan serviceAccountModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	a, err := r.client.CreateServiceAccount(ctx, plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal service account", plan.Name.ValueString(), serviceAccountType, err)
		return
	}
	tflog.Info(ctx, "created portal service account", map[string]any{"resource_type": serviceAccountType, "id": a.ID})
	plan.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, a)...)
}

func (r *serviceAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state serviceAccountModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	a, ok := readObject(ctx, resp, serviceAccountType, "portal service account", state.ID.ValueString(), r.client.GetServiceAccount)
	if !ok {
		return
	}
	state.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *serviceAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state serviceAccountModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	a, err := r.client.UpdateServiceAccount(ctx, state.ID.ValueString(), plan.update(state), ifMatch(ctx, req.Private)...)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "update", "portal service account", state.ID.ValueString(), "", err)
		return
	}
	plan.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, a)...)
}

func (r *serviceAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state serviceAccountModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal service account", state.ID.ValueString(), func(ctx context.Context, id string) error {
		return r.client.DeleteServiceAccount(ctx, id)
	})
}

// ImportState takes an id or "<organization id>/<name>", or an identity.
func (r *serviceAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, func(ctx context.Context, key string) (string, diag.Diagnostics) {
		p, ok := keyParts(key, 2)
		if !ok {
			return key, nil
		}
		accounts, err := r.client.ListServiceAccounts(ctx, wire.ServiceAccountQuery{OrganizationID: p[0], Name: p[1]})
		return oneMatch("portal service account", key, `Import by id or by "<organization id>/<name>".`, ids(accounts), err)
	})
}

// ModifyPlan refuses two resources for one service account (names are
// unique within an organization, ignoring case).
func (r *serviceAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.claimNaturalKey(
		ctx,
		req,
		resp,
		naturalKey{
			serviceAccountType,
			[]string{"organization_id", "name"},
			func(v []string) string { return fmt.Sprintf("the service account named %q in %s", v[1], v[0]) },
		},
	)
}
