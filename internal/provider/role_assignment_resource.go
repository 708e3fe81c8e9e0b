package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithImportState = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleAssignmentResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleAssignmentResource)(nil)
)

const roleAssignmentType = "portal_role_assignment"

type roleAssignmentResource struct{ resourceBase }

func newRoleAssignmentResource() resource.Resource { return &roleAssignmentResource{} }

type roleAssignmentModel struct {
	ID             types.String      `tfsdk:"id"`
	UserID         types.String      `tfsdk:"user_id"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	RoleID         types.String      `tfsdk:"role_id"`
	ExpiresAt      timetypes.RFC3339 `tfsdk:"expires_at"`
	Status         types.String      `tfsdk:"status"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	Timeouts       timeouts.Value    `tfsdk:"timeouts"`
}

func (r *roleAssignmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_assignment"
}

func (r *roleAssignmentResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	required := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One grant: a role for a user on an organization, which applies to that organization and every organization " +
			"below it. A change of user, organization or role replaces the grant; a change of `expires_at` extends or shortens it in " +
			"place. A grant removed outside Terraform is re-created by the next apply. " + timeBoundGuideLink,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "Identifier of the role assignment.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"user_id": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: required,
				MarkdownDescription: "The user receiving the role; may be homed outside the organization (a partner technician on a client)."},
			"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: required,
				MarkdownDescription: "Where the role applies: this organization and everything below it."},
			"role_id": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: append(slices.Clone(required), roleIDValidator{}),
				MarkdownDescription: "A built-in role (`admin`, `user_manager`, `technician`, `viewer`) or the id of a custom role defined on this " +
					"organization or above it. The token's user must hold every permission of the role there. " + rolesGuideLink},
			"expires_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true,
				MarkdownDescription: "When the grant ends (RFC 3339): from that instant it gives nothing. Left out, it never ends, unless an " +
					"organization's `max_grant_duration` requires an end. A later value extends the grant in place; an expired grant " +
					"whose configuration keeps its old end stays expired and plans no change.",
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "`active`, or `expired` once `expires_at` has passed. An expiry shows as a change of this " +
					"attribute made outside Terraform; it never plans a change by itself.",
			},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the grant was made (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (m *roleAssignmentModel) fill(a *wire.RoleAssignment) {
	m.ID = types.StringValue(a.ID)
	m.UserID = types.StringValue(a.UserID)
	m.OrganizationID = types.StringValue(a.OrganizationID)
	m.RoleID = types.StringValue(a.RoleID)
	m.ExpiresAt = timetypes.NewRFC3339TimePointerValue(a.ExpiresAt)
	m.Status = types.StringValue(string(a.Status))
	m.CreatedAt = timetypes.NewRFC3339TimeValue(a.CreatedAt)
}

// create is the request that makes the planned grant.
func (m roleAssignmentModel) create() wire.RoleAssignmentCreate {
	return wire.RoleAssignmentCreate{
		UserID:         m.UserID.ValueString(),
		OrganizationID: m.OrganizationID.ValueString(),
		RoleID:         m.RoleID.ValueString(),
		ExpiresAt:      timePointer(m.ExpiresAt),
	}
}

func (r *roleAssignmentResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	a, err := r.client.CreateRoleAssignment(ctx, plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal role assignment",
			plan.RoleID.ValueString()+" for "+plan.UserID.ValueString()+" on "+plan.OrganizationID.ValueString(), roleAssignmentType, err)
		return
	}
	tflog.Info(ctx, "created portal role assignment", map[string]any{"resource_type": roleAssignmentType, "id": a.ID})
	plan.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, a)...)
}

func (r *roleAssignmentResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state roleAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	a, ok := readObject(ctx, resp, roleAssignmentType, "portal role assignment", state.ID.ValueString(), r.client.GetRoleAssignment)
	if !ok {
		return
	}
	state.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update changes when the grant ends (every other attribute replaces it),
// with If-Match; a change of timeouts alone sends nothing.
func (r *roleAssignmentResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state roleAssignmentModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.ExpiresAt.Equal(state.ExpiresAt) {
		plan.Status = state.Status
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	in := wire.RoleAssignmentUpdate{ExpiresAt: wire.ValueOrNull(timePointer(plan.ExpiresAt))}
	a, err := r.client.UpdateRoleAssignment(ctx, state.ID.ValueString(), in, ifMatch(ctx, req.Private)...)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "update", "portal role assignment", state.ID.ValueString(), "", err)
		return
	}
	plan.fill(a)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, a)...)
}

func (r *roleAssignmentResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleAssignmentModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal role assignment", state.ID.ValueString(), r.client.DeleteRoleAssignment)
}

// ImportState takes an id or "<user id>/<organization id>/<role id>", or an identity.
func (r *roleAssignmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, roleAssignmentImportKey(r.client))
}

func (r *roleAssignmentResource) IdentitySchema(
	_ context.Context,
	_ resource.IdentitySchemaRequest,
	resp *resource.IdentitySchemaResponse,
) {
	resp.IdentitySchema = idIdentitySchema("role assignment")
}

// ModifyPlan refuses two resources for one grant, and plans the grant's end
// (see planGrantEnd).
func (r *roleAssignmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	planGrantEnd(ctx, req, resp)
	r.claimNaturalKey(
		ctx,
		req,
		resp,
		naturalKey{
			roleAssignmentType,
			[]string{"user_id", "organization_id", "role_id"},
			func(v []string) string { return fmt.Sprintf("the grant of %s to %s on %s", v[2], v[0], v[1]) },
		},
	)
}
