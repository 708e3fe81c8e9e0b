package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*roleResource)(nil)
	_ resource.ResourceWithImportState = (*roleResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleResource)(nil)
)

const roleType = "portal_role"

type roleResource struct{ resourceBase }

func newRoleResource() resource.Resource { return &roleResource{} }

type roleModel struct {
	ID             types.String      `tfsdk:"id"`
	OrganizationID types.String      `tfsdk:"organization_id"`
	Name           types.String      `tfsdk:"name"`
	Description    types.String      `tfsdk:"description"`
	Permissions    []types.String    `tfsdk:"permissions"`
	CreatedAt      timetypes.RFC3339 `tfsdk:"created_at"`
	Timeouts       timeouts.Value    `tfsdk:"timeouts"`
}

var permissionValidator = domainValidator{check: domain.ValidatePermission, what: "permission"}

func (r *roleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role"
}

func (r *roleResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom role: a named set of permissions defined in an organization and usable there and below it. " +
			"Built-in roles (`admin`, `user_manager`, `technician`, `viewer`) exist in every portal and are referenced by those ids; they cannot " +
			"be managed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "Identifier of the role, used as `role_id` in assignments and invitations.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "Organization the role is defined in. Changing it replaces the role.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: "Name, unique within the organization ignoring case, and not the name of a built-in role.",
				Validators:          []validator.String{roleNameValidator}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "What the role is for.", Validators: []validator.String{stringvalidator.LengthAtMost(1000)}},
			"permissions": schema.SetAttribute{Required: true, ElementType: types.StringType,
				MarkdownDescription: "Permissions from the catalog (see the `portal_permissions` data source), e.g. `users:read`. " +
					"An unknown name is refused at plan time with the closest valid ones. The token's user must hold each of them on the organization. " +
					"The [roles and permissions](../guides/roles-and-permissions) guide describes each permission.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(permissionValidator)}},
			"created_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the role was created (RFC 3339).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (m *roleModel) fill(r *wire.Role) {
	m.ID = types.StringValue(r.ID)
	m.OrganizationID = types.StringPointerValue(r.OrganizationID)
	m.Name = types.StringValue(r.Name)
	m.Description = types.StringValue(r.Description)
	m.Permissions = stringValues(r.Permissions)
	m.CreatedAt = timetypes.NewRFC3339TimeValue(r.CreatedAt)
}

func stringValues(in []string) []types.String {
	out := make([]types.String, len(in))
	for i, s := range in {
		out[i] = types.StringValue(s)
	}
	return out
}

func plainStrings(in []types.String) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = s.ValueString()
	}
	sort.Strings(out)
	return out
}

// create is the request that creates the planned role.
func (m roleModel) create() wire.RoleCreate {
	return wire.RoleCreate{OrganizationID: m.OrganizationID.ValueString(), Name: m.Name.ValueString(),
		Description: m.Description.ValueString(), Permissions: plainStrings(m.Permissions)}
}

// update is the patch to the plan m: the whole role, so that what someone
// changed outside Terraform is put back together with what the plan changes.
func (m roleModel) update() wire.RoleUpdate {
	return wire.RoleUpdate{Name: wire.Value(m.Name.ValueString()), Description: wire.NullableValue(m.Description.ValueString()),
		Permissions: wire.Value(plainStrings(m.Permissions))}
}

func (r *roleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withCreateTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	role, err := r.client.CreateRole(ctx, plan.create())
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "create", "portal role", plan.Name.ValueString(), roleType, err)
		return
	}
	tflog.Info(ctx, "created portal role", map[string]any{"resource_type": roleType, "id": role.ID})
	plan.fill(role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, role)...)
}

func (r *roleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state roleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	role, ok := readObject(ctx, resp, roleType, "portal role", state.ID.ValueString(), r.client.GetRole)
	if !ok {
		return
	}
	if role.Builtin {
		resp.Diagnostics.AddError(
			"Unable to manage built-in portal role",
			role.ID+" is a built-in role: it exists in every portal and cannot be changed or deleted. Reference it by its id "+
				"(\""+role.ID+"\") in role assignments and invitations instead of managing it.",
		)
		return
	}
	state.fill(role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *roleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state roleModel
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
	role, err := r.client.UpdateRole(ctx, state.ID.ValueString(), plan.update(), ifMatch(ctx, req.Private)...)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "update", "portal role", state.ID.ValueString(), roleType, err)
		return
	}
	plan.fill(role)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(recordObject(ctx, resp.Private, resp.Identity, role)...)
}

func (r *roleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	deleteObject(ctx, &resp.Diagnostics, "portal role", state.ID.ValueString(), func(ctx context.Context, id string) error {
		return r.client.DeleteRole(ctx, id)
	})
}

// ImportState takes an id or "<organization id>/<name>", or an identity.
func (r *roleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, roleImportKey(r.client))
}

func (r *roleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("role")
}

// ModifyPlan refuses two resources for one role (names are unique within
// an organization, ignoring case).
func (r *roleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	r.claimNaturalKey(
		ctx,
		req,
		resp,
		naturalKey{
			roleType,
			[]string{"organization_id", "name"},
			func(v []string) string { return fmt.Sprintf("the role named %q in %s", v[1], v[0]) },
		},
	)
}
