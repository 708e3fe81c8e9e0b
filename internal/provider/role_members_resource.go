package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/mspportal/terraform-provider-portal/internal/client"
	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

var (
	_ resource.ResourceWithConfigure   = (*roleMembersResource)(nil)
	_ resource.ResourceWithImportState = (*roleMembersResource)(nil)
	_ resource.ResourceWithIdentity    = (*roleMembersResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*roleMembersResource)(nil)
)

const (
	roleMembersType   = "portal_role_members"
	roleMembersObject = "portal role members"
	// managedKey holds, in private state, the users whose grants Terraform
	// made or adopted: what a destroy takes away.
	managedKey = "managed_user_ids"
)

type roleMembersResource struct{ resourceBase }

func newRoleMembersResource() resource.Resource { return &roleMembersResource{} }

type roleMembersModel struct {
	ID               types.String   `tfsdk:"id"`
	OrganizationID   types.String   `tfsdk:"organization_id"`
	RoleID           types.String   `tfsdk:"role_id"`
	UserIDs          types.Set      `tfsdk:"user_ids"`
	InheritedUserIDs types.Set      `tfsdk:"inherited_user_ids"`
	TimeBoundGrants  types.List     `tfsdk:"time_bound_grants"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

func (r *roleMembersResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_role_members"
}

func (r *roleMembersResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	required := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Authoritative membership of one role on one organization: exactly the users in `user_ids` hold the role " +
			"directly on it. A grant made outside Terraform (in the portal, through the API, or by an accepted invitation) shows as drift in " +
			"the next plan and is removed by apply; a missing one is made again.\n\nEvery missing grant is made before any extra one is " +
			"removed, so swapping one administrator for another never leaves the organization without one. The portal refuses to remove the " +
			"provider token's own `admin` role and the last root administrator who can sign in; the plan already fails when `user_ids` leaves " +
			"out the token's own user on an `admin` membership.\n\nGrants on organizations above this one also reach it: `inherited_user_ids` " +
			"shows who holds the role that way. Terraform never changes those grants and never shows them as a difference; manage them where " +
			"they are made.\n\nDestroying the resource removes the grants of the users Terraform granted or imported, and leaves a grant made " +
			"in the portal since then in place: taking access away is the one change that must never reach further than what Terraform applied. " +
			"The portal never lets the token remove its own `admin` role; destroying a membership that holds it keeps that grant with a " +
			"warning.\n\nDo not manage the same organization and role with both this resource and `portal_role_assignment` (or an invitation's " +
			"`role_ids`): each would remove or re-create the other's grants on every apply. A grant an accepted invitation made is removed like " +
			"any other, but changing that invitation's roles later may grant it again; change or delete the invitation too.\n\n" +
			"Time-bound grants (with an `expires_at`, such as a partner technician's 30 days) are left alone: they are not members, never " +
			"removed and never a difference, and `time_bound_grants` reports them with their ends. " + timeBoundGuideLink,
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "`<organization_id>/<role_id>`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"organization_id": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: required,
				MarkdownDescription: "The organization whose role holders this resource manages. Changing it replaces the resource."},
			"role_id": schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: append(slices.Clone(required), roleIDValidator{}),
				MarkdownDescription: "A built-in role (`admin`, `user_manager`, `technician`, `viewer`) or the id of a custom role defined on this " +
					"organization or above it. Changing it replaces the resource. " + rolesGuideLink},
			"user_ids": schema.SetAttribute{Required: true, ElementType: types.StringType,
				Validators: []validator.Set{setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
				MarkdownDescription: "Ids of the users (or service accounts) who hold the role directly on the organization, and nobody else. " +
					"An empty set removes every direct grant. The token's user must be able to manage each of these users and hold every permission of " +
					"the role there."},
			"inherited_user_ids": schema.SetAttribute{Computed: true, ElementType: types.StringType,
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Users who hold the same role through a grant on an organization above this one (as far up as the token can " +
					"see). Shown for review only: never a difference, never changed. Refreshed when Terraform reads the resource."},
			"time_bound_grants": timeBoundGrantsAttribute(),
			"timeouts":          timeouts.Attributes(ctx, timeouts.Opts{Create: true, Read: true, Update: true, Delete: true}),
		},
	}
}

func (r *roleMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = idIdentitySchema("role membership (`<organization id>/<role id>`)")
}

// ImportState takes "<organization id>/<role id>", or an identity.
func (r *roleMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importByKey(ctx, req, resp, func(_ context.Context, key string) (string, diag.Diagnostics) {
		var diags diag.Diagnostics
		if _, _, ok := splitMembersID(key); !ok {
			diags.AddError(
				"Unable to import "+roleMembersObject,
				fmt.Sprintf(
					"%q is not an import id of %s; use \"<organization id>/<role id>\", e.g. org_06h0aef3tx505hk91pw9t7py40/technician.",
					key,
					roleMembersType,
				),
			)
		}
		return key, diags
	})
}

func membersID(org, role string) string { return org + "/" + role }

func splitMembersID(id string) (org, role string, ok bool) {
	p, ok := keyParts(id, 2)
	if !ok {
		return "", "", false
	}
	return p[0], p[1], true
}

// key is the organization and role, from the attributes or, right after an
// import, from the id.
func (m *roleMembersModel) key() (org, role string, ok bool) {
	if !m.OrganizationID.IsNull() && !m.RoleID.IsNull() {
		return m.OrganizationID.ValueString(), m.RoleID.ValueString(), true
	}
	return splitMembersID(m.ID.ValueString())
}

// ModifyPlan fails the plan when it would take the token's own admin role
// away: the portal refuses that at apply, after the other grants changed.
func (r *roleMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	r.claimNaturalKey(ctx, req, resp, naturalKey{roleMembersType, []string{"organization_id", "role_id"},
		func(v []string) string { return fmt.Sprintf("the holders of %s on %s", v[1], v[0]) }})
	var plan roleMembersModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	if plan.RoleID.ValueString() != domain.RoleAdmin || plan.OrganizationID.IsUnknown() || plan.UserIDs.IsUnknown() {
		return
	}
	want, unknown := setMembers(plan.UserIDs)
	if unknown {
		return
	}
	if !req.State.Raw.IsNull() {
		var state roleMembersModel
		if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() || state.UserIDs.Equal(plan.UserIDs) {
			return // nobody is removed
		}
	}
	// A lookup that fails here is left for apply to report with its context.
	me, err := r.client.Identity(ctx)
	if err != nil || slices.Contains(want, me.PrincipalID()) {
		return
	}
	grants, err := r.directGrants(ctx, plan.OrganizationID.ValueString(), domain.RoleAdmin)
	if err != nil {
		return
	}
	if _, held := grants[me.PrincipalID()]; held {
		op := "update"
		if req.State.Raw.IsNull() {
			op = "create"
		}
		resp.Diagnostics.AddAttributeError(path.Root("user_ids"), "Unable to "+op+" "+roleMembersObject, fmt.Sprintf(
			"user_ids leaves out %s, the provider token's own user, who holds admin on organization %s. "+
				"The portal never lets a token remove its own admin role, so that a configuration cannot lock Terraform out. "+
				"Add %q to user_ids, or apply with the token of another administrator who can remove it.",
			me.PrincipalID(), plan.OrganizationID.ValueString(), me.PrincipalID()))
	}
}

func (r *roleMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan roleMembersModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	// No grace after Ctrl-C as for other creates: a create cut short leaves
	// nothing the state must know about, since the next apply's create
	// reconciles with whatever the portal holds then.
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Create, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	orgID, role := plan.OrganizationID.ValueString(), plan.RoleID.ValueString()
	want, _ := setMembers(plan.UserIDs)
	org, _, timeBound := r.reconcile(ctx, "create", orgID, role, want, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	inherited, err := r.inherited(ctx, org, role)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", roleMembersObject, membersID(orgID, role), "", err)
		return
	}
	plan.fill(orgID, role, want, inherited)
	plan.TimeBoundGrants = timeBoundGrants(timeBound)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	resp.Diagnostics.Append(saveManaged(ctx, resp.Private, want)...)
}

func (r *roleMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state roleMembersModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Read, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	orgID, role, ok := state.key()
	if !ok {
		resp.Diagnostics.AddError("Unable to read "+roleMembersObject,
			fmt.Sprintf("The id %q is not \"<organization id>/<role id>\"; import the resource again with such an id.", state.ID.ValueString()))
		return
	}
	id := membersID(orgID, role)
	org, err := r.client.GetOrganization(ctx, orgID)
	if err == nil {
		err = r.roleExists(ctx, role)
	}
	if client.IsNotFound(err) {
		tflog.Warn(
			ctx,
			"organization or role is gone; removing the role members from state",
			map[string]any{"resource_type": roleMembersType, "id": id},
		)
		resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
		resp.State.RemoveResource(ctx)
		return
	}
	var grants map[string]wire.RoleAssignment
	var inherited []string
	if err == nil {
		grants, err = r.directGrants(ctx, orgID, role)
	}
	if err == nil {
		inherited, err = r.inherited(ctx, org, role)
	}
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "read", roleMembersObject, id, "", err)
		return
	}
	grants, timeBound := splitTimeBound(grants)
	holders := sortedKeys(grants)
	state.fill(orgID, role, holders, inherited)
	state.TimeBoundGrants = timeBoundGrants(timeBound)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, id)...)
	// Right after an import nothing is recorded yet: the holders found are
	// what Terraform now manages.
	if _, found, diags := loadManaged(ctx, req.Private); !diags.HasError() && !found {
		resp.Diagnostics.Append(saveManaged(ctx, resp.Private, holders)...)
	}
}

func (r *roleMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan roleMembersModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, plan.Timeouts.Update, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	orgID, role := plan.OrganizationID.ValueString(), plan.RoleID.ValueString()
	want, _ := setMembers(plan.UserIDs)
	managed, _, diags := loadManaged(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	_, holders, _ := r.reconcile(ctx, "update", orgID, role, want, &resp.Diagnostics)
	if holders == nil { // failed before changing anything
		resp.State = req.State
		return
	}
	// After a failure the state records who holds the role now, so that the
	// next plan shows what is left to do. inherited_user_ids keeps its
	// planned value (the prior one) and is refreshed by the next read.
	plan.UserIDs = stringSet(holders)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, plan.ID.ValueString())...)
	// Terraform now manages what it granted, and what it managed before
	// that is still held.
	var now []string
	for _, u := range holders {
		if slices.Contains(want, u) || slices.Contains(managed, u) {
			now = append(now, u)
		}
	}
	resp.Diagnostics.Append(saveManaged(ctx, resp.Private, now)...)
}

func (r *roleMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state roleMembersModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &state)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel, ok := withTimeout(ctx, state.Timeouts.Delete, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	orgID, role := state.OrganizationID.ValueString(), state.RoleID.ValueString()
	managed, found, diags := loadManaged(ctx, req.Private)
	resp.Diagnostics.Append(diags...)
	if !found { // nothing recorded (a state edited by hand): the holders last read
		managed, _ = setMembers(state.UserIDs)
	}
	grants, err := r.directGrants(ctx, orgID, role)
	if err != nil {
		apiFailure(ctx, &resp.Diagnostics, "delete", roleMembersObject, state.ID.ValueString(), "", err)
		return
	}
	grants, _ = splitTimeBound(grants)
	for _, u := range managed {
		g, held := grants[u]
		if !held {
			continue
		}
		err := r.client.DeleteRoleAssignment(ctx, g.ID)
		if problemCode(err) == "own_admin" {
			resp.Diagnostics.AddWarning("Kept the provider token's own admin role", fmt.Sprintf(
				"The portal never lets a token remove its own admin role, so user %s keeps admin on organization %s although %s is destroyed. "+
					"Another administrator can remove it in the portal or with their token.", u, orgID, roleMembersType))
			continue
		}
		if err != nil && !client.IsNotFound(err) {
			memberFailure(ctx, &resp.Diagnostics, "delete", fmt.Sprintf("remove role %s from user %s on organization %s", role, u, orgID), u, err)
		}
	}
}

// reconcile makes want the direct holders of role on org. Every missing
// grant is made before any extra one is removed, and removals start only
// once every grant succeeded: swapping one administrator for another never
// leaves the organization without one, and a failed apply never leaves
// fewer holders than the configuration asks for. It returns the
// organization (nil when it cannot be read) and who holds the role directly
// afterwards, also after a failure (nil when that is unknown).
func (r *roleMembersResource) reconcile(
	ctx context.Context,
	op, orgID, role string,
	want []string,
	diags *diag.Diagnostics,
) (*wire.Organization, []string, []wire.RoleAssignment) {
	id := membersID(orgID, role)
	org, err := r.client.GetOrganization(ctx, orgID)
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("organization_id"), "Unable to "+op+" "+roleMembersObject, fmt.Sprintf(
			"Organization %q not found or not visible to this token. Check organization_id, or use a token of a user who can see that organization.",
			orgID,
		))
		return nil, nil, nil
	}
	if err != nil {
		apiFailure(ctx, diags, op, roleMembersObject, id, "", err)
		return nil, nil, nil
	}
	grants, err := r.directGrants(ctx, orgID, role)
	if err != nil {
		apiFailure(ctx, diags, op, roleMembersObject, id, "", err)
		return org, nil, nil
	}
	grants, timeBound := splitTimeBound(grants)
	if refuseTimeBound(diags, op, orgID, role, want, timeBound) {
		return org, nil, timeBound
	}
	held := map[string]bool{}
	for u := range grants {
		held[u] = true
	}
	for _, u := range want {
		if held[u] {
			continue
		}
		_, err := r.client.CreateRoleAssignment(ctx, wire.RoleAssignmentCreate{UserID: u, OrganizationID: orgID, RoleID: role})
		switch {
		case err == nil || problemCode(err) == "duplicate_assignment": // granted meanwhile: the goal is met
			held[u] = true
			tflog.Info(ctx, "granted portal role", map[string]any{"resource_type": roleMembersType, "id": id, "user_id": u})
		case client.IsNotFound(err):
			diags.AddAttributeError(path.Root("user_ids"), "Unable to "+op+" "+roleMembersObject, fmt.Sprintf(
				"User %q not found or not visible to this token, so role %s cannot be granted to them on organization %s. "+
					"Check the id in user_ids (e.g. portal_user.<name>.id), or use a token of a user who manages that user's "+
					"organization.", u, role, orgID))
		default:
			// Anything else (a role not usable here, a permission the token
			// lacks) would be the same for every other user: stop.
			memberFailure(ctx, diags, op, fmt.Sprintf("grant role %s to user %s on organization %s", role, u, orgID), u, err)
			return org, sortedKeys(held), timeBound
		}
	}
	if diags.HasError() {
		return org, sortedKeys(held), timeBound
	}
	for _, u := range sortedKeys(grants) {
		if slices.Contains(want, u) {
			continue
		}
		g := grants[u]
		if g.InvitationID != nil {
			tflog.Info(
				ctx,
				"removing a grant an accepted invitation made",
				map[string]any{"resource_type": roleMembersType, "id": id, "user_id": u, "invitation_id": *g.InvitationID},
			)
		}
		if err := r.client.DeleteRoleAssignment(ctx, g.ID); err != nil && !client.IsNotFound(err) {
			memberFailure(ctx, diags, op, fmt.Sprintf("remove role %s from user %s on organization %s", role, u, orgID), u, err)
			continue
		}
		delete(held, u)
		tflog.Info(ctx, "removed portal role", map[string]any{"resource_type": roleMembersType, "id": id, "user_id": u})
	}
	return org, sortedKeys(held), timeBound
}

// memberFailure reports a grant the portal would not make or remove
// (action says which), with what to do in Terraform; the refusals the
// portal makes on purpose get their own advice.
func memberFailure(ctx context.Context, diags *diag.Diagnostics, op, action, user string, err error) {
	tflog.Warn(
		ctx,
		"portal API call failed",
		map[string]any{"operation": op, "resource_type": roleMembersType, "user_id": user, "error": err.Error()},
	)
	detail := fmt.Sprintf("The portal API could not %s: %s.", action, reason(err))
	switch problemCode(err) {
	case "own_admin":
		detail += fmt.Sprintf(
			"\n\nUser %s is the provider token's own user. Keep %q in user_ids, or apply with the token of another administrator.",
			user,
			user,
		)
	case "last_admin":
		detail += fmt.Sprintf(
			"\n\nAdd another enabled person who can sign in to the admin role on the root organization (in user_ids, and apply) before removing %s.",
			user,
		)
	default:
		detail += remedy(err, "")
	}
	diags.AddAttributeError(path.Root("user_ids"), "Unable to "+op+" "+roleMembersObject, detail)
}

// directGrants reads every grant of role made on org itself, by user: the
// resource's one listing call.
func (r *roleMembersResource) directGrants(ctx context.Context, org, role string) (map[string]wire.RoleAssignment, error) {
	list, err := r.client.ListRoleAssignments(ctx, wire.RoleAssignmentQuery{OrganizationID: org, RoleID: role})
	if err != nil {
		return nil, err
	}
	out := make(map[string]wire.RoleAssignment, len(list))
	for _, a := range list {
		out[a.UserID] = a
	}
	return out, nil
}

// inherited lists who holds role on an organization above org, walking up
// as far as the token can see: beyond that there is nothing it may know.
func (r *roleMembersResource) inherited(ctx context.Context, org *wire.Organization, role string) ([]string, error) {
	holders := map[string]wire.RoleAssignment{}
	seen := map[string]bool{org.ID: true}
	for parent := org.ParentID; parent != nil && !seen[*parent]; {
		seen[*parent] = true
		grants, err := r.directGrants(ctx, *parent, role)
		if err != nil {
			return nil, err
		}
		for u, g := range grants {
			holders[u] = g
		}
		p, err := r.client.GetOrganization(ctx, *parent)
		if client.IsNotFound(err) {
			break
		}
		if err != nil {
			return nil, err
		}
		parent = p.ParentID
	}
	return sortedKeys(holders), nil
}

// roleExists reports a custom role deleted outside Terraform as a 404;
// built-in roles always exist.
func (r *roleMembersResource) roleExists(ctx context.Context, role string) error {
	if _, ok := domain.BuiltinRole(role); ok {
		return nil
	}
	_, err := r.client.GetRole(ctx, role)
	return err
}

func (m *roleMembersModel) fill(org, role string, holders, inherited []string) {
	m.ID = types.StringValue(membersID(org, role))
	m.OrganizationID = types.StringValue(org)
	m.RoleID = types.StringValue(role)
	m.UserIDs = stringSet(holders)
	m.InheritedUserIDs = stringSet(inherited)
}

// setMembers is a set's strings, sorted; unknown is true when the set or
// one of its elements is not known yet.
func setMembers(s types.Set) (members []string, unknown bool) {
	if s.IsUnknown() {
		return nil, true
	}
	members = []string{}
	for _, e := range s.Elements() {
		v, ok := e.(types.String)
		if !ok || v.IsUnknown() {
			return nil, true
		}
		if !v.IsNull() {
			members = append(members, v.ValueString())
		}
	}
	sort.Strings(members)
	return members, false
}

func stringSet(members []string) types.Set {
	elems := make([]attr.Value, len(members))
	for i, m := range members {
		elems[i] = types.StringValue(m)
	}
	return types.SetValueMust(types.StringType, elems)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func saveManaged(ctx context.Context, p privateSetter, users []string) diag.Diagnostics {
	raw, err := json.Marshal(users)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to record "+roleMembersObject, err.Error())
		return diags
	}
	return p.SetKey(ctx, managedKey, raw)
}

func loadManaged(ctx context.Context, p privateGetter) (users []string, found bool, diags diag.Diagnostics) {
	raw, diags := p.GetKey(ctx, managedKey)
	if diags.HasError() || len(raw) == 0 {
		return nil, false, diags
	}
	if err := json.Unmarshal(raw, &users); err != nil {
		return nil, false, diags
	}
	return users, true, diags
}
