package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*organizationResource)(nil)
	_ resource.ResourceWithImportState = (*organizationResource)(nil)
	_ resource.ResourceWithIdentity    = (*organizationResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*organizationResource)(nil)
)

const organizationType = "portal_organization"

type organizationResource struct{ resourceBase }

func newOrganizationResource() resource.Resource { return &organizationResource{} }

type organizationModel struct {
	ID           types.String         `tfsdk:"id"`
	Name         types.String         `tfsdk:"name"`
	Kind         types.String         `tfsdk:"kind"`
	ParentID     types.String         `tfsdk:"parent_id"`
	ExternalID   types.String         `tfsdk:"external_id"`
	Enabled      types.Bool           `tfsdk:"enabled"`
	MaxGrant     timetypes.GoDuration `tfsdk:"max_grant_duration"`
	ForceDestroy types.Bool           `tfsdk:"force_destroy"`
	CreatedAt    timetypes.RFC3339    `tfsdk:"created_at"`
	Timeouts     timeouts.Value       `tfsdk:"timeouts"`
}

func (r *organizationResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization"
}

func (r *organizationResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A partner or client organization of the portal. Partners own partners and clients; clients are leaves. " +
			"Renaming and moving to another partner happen in place; only a change of `kind` replaces the organization.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Identifier of the organization.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true, MarkdownDescription: "Display name, unique among the organizations of the same parent (ignoring case).",
				Validators: []validator.String{orgNameValidator},
			},
			"kind": schema.StringAttribute{
				Required: true, MarkdownDescription: "`partner` (can own organizations) or `client` (a leaf). Changing it replaces the organization.",
				Validators:    []validator.String{stringvalidator.OneOf("partner", "client")},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"parent_id": schema.StringAttribute{
				Required: true, MarkdownDescription: "Identifier of the partner organization that owns this one. Changing it moves the organization " +
					"in place.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"external_id": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Optional key of the organization in another system, such as a CRM.",
				Validators: []validator.String{stringvalidator.LengthBetween(1, 200)},
			},
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether access through this organization is allowed. Turning it off cuts off the access granted on it and " +
					"below it. A change made outside Terraform shows in the next plan and is reverted by apply. Defaults to `true`.",
			},
			"max_grant_duration": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{}, Optional: true,
				Validators: []validator.String{durationValidator{min: domain.MinGrantLimit, max: domain.MaxGrantLimit}},
				MarkdownDescription: "The longest grant that principals outside this organization may hold or give on it or below it, as " +
					"a duration in hours (`720h` for 30 days; from `1h` to `17520h`). A client sets it to hold its partner's technicians " +
					"to time-bound access: their grants then need an `expires_at` within the limit. The organization's own administrators " +
					"may change it. " + timeBoundGuideLink,
			},
			"force_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, destroying the organization also deletes everything in and below it (child organizations, users, " +
					"role assignments, custom roles, invitations). When `false` (the default) destroying a non-empty organization fails and says what " +
					"it still holds.",
			},
			"created_at": schema.StringAttribute{CustomType: timetypes.RFC3339Type{},
				Computed: true, MarkdownDescription: "When the organization was created (RFC 3339).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (m *organizationModel) fill(o *wire.Organization) {
	m.ID = types.StringValue(o.ID)
	m.Name = types.StringValue(o.Name)
	m.Kind = types.StringValue(string(o.Kind))
	m.ParentID = types.StringPointerValue(o.ParentID)
	m.ExternalID = types.StringPointerValue(o.ExternalID)
	m.Enabled = types.BoolValue(o.Enabled)
	// Taken as sent: a spelling this release does not parse must not panic.
	m.MaxGrant = timetypes.GoDuration{StringValue: types.StringPointerValue(o.MaxGrantDuration)}
	m.CreatedAt = timetypes.NewRFC3339TimeValue(o.CreatedAt)
}

// create is the request that creates the planned organization.
func (m organizationModel) create() wire.OrganizationCreate {
	return wire.OrganizationCreate{Name: m.Name.ValueString(), Kind: wire.OrgKind(m.Kind.ValueString()), ParentID: m.ParentID.ValueString(),
		ExternalID: m.ExternalID.ValueStringPointer(), Enabled: m.Enabled.ValueBoolPointer(), MaxGrantDuration: m.MaxGrant.ValueStringPointer()}
}

// update is the merge patch from state to the plan m: only what changed.
func (m organizationModel) update(state organizationModel) wire.OrganizationUpdate {
	return wire.OrganizationUpdate{
		Name:             patchString(m.Name, state.Name),
		ParentID:         patchString(m.ParentID, state.ParentID),
		ExternalID:       patchNullString(m.ExternalID, state.ExternalID),
		Enabled:          patchBool(m.Enabled, state.Enabled),
		MaxGrantDuration: patchNullString(m.MaxGrant.StringValue, state.MaxGrant.StringValue),
	}
}

func (r *organizationResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan organizationModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	org, err := r.client.CreateOrganization(ctx, plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal organization", plan.Name.ValueString(), organizationType, err)
		return
	}
	tflog.Info(ctx, "created portal organization", map[string]any{"resource_type": organizationType, "id": org.ID})
	plan.fill(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, org)...)
}

func (r *organizationResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state organizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	org, ok := readObject(ctx, resp, organizationType, "portal organization", state.ID.ValueString(), r.client.GetOrganization)
	if !ok {
		return
	}
	state.fill(org)
	state.adopt()
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *organizationResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state organizationModel
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
	org, err := r.client.UpdateOrganization(ctx, state.ID.ValueString(), plan.update(state), ifMatch(ctx, req.Private)...)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "update", "portal organization", state.ID.ValueString(), "", err)
		return
	}
	plan.fill(org)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, org)...)
}

func (r *organizationResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state organizationModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	err := r.client.DeleteOrganization(ctx, state.ID.ValueString(), state.ForceDestroy.ValueBool())
	if err == nil || client.IsNotFound(err) {
		return
	}
	if problemCode(err) == "organization_not_empty" {
		// The API's own advice (force=true) is not how Terraform users ask for it.
		resp.Diagnostics.AddError("Unable to delete portal organization", fmt.Sprintf(
			"Portal organization %q is not empty: %s.\n\nDelete what it holds first, or set force_destroy = true on this resource and apply, "+
				"then destroy again: that deletes the organization with everything in and below it.",
			state.ID.ValueString(), strings.TrimSuffix(strings.SplitN(reason(err), "; delete those first", 2)[0], ".")))
		return
	}
	apiFailure(ctx, &resp.Diagnostics, "delete", "portal organization", state.ID.ValueString(), "", err)
}

// ImportState takes an id, "external_id=<key>" or "<parent id>/<name>", or an identity.
func (r *organizationResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, organizationImportKey(r.client))
}

func (r *organizationResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("organization")
}

// ModifyPlan refuses two resources for one organization (names are unique
// among siblings, ignoring case).
func (r *organizationResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.claimNaturalKey(
		ctx,
		req,
		resp,
		naturalKey{
			organizationType,
			[]string{"parent_id", "name"},
			func(v []string) string { return fmt.Sprintf("the organization named %q in %s", v[1], v[0]) },
		},
	)
}
