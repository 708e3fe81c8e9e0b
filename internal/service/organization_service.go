package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/domain"
	"github.com/mspportal/terraform-provider-portal/internal/store"
	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

func validateExternalID(fe *domain.Fields, ext *string) {
	if ext != nil {
		if *ext == "" {
			fe.Add("external_id", "must not be empty; send null to clear it")
		} else {
			fe.Check("external_id", domain.ValidateText(*ext, domain.MaxExternalIDLength))
		}
	}
}

// grantLimit validates a max_grant_duration and returns its canonical spelling.
func grantLimit(fe *domain.Fields, spelled *string) *string {
	if spelled == nil {
		return nil
	}
	_, canonical, err := domain.ParseGrantLimit(*spelled)
	if err != nil {
		fe.Add("max_grant_duration", "%s", err.Error())
		return nil
	}
	return &canonical
}

// GetOrganization reads one organization the caller can see.
func (o *Op) GetOrganization(ctx context.Context, id string) (domain.Organization, error) {
	if err := o.see(ctx, id, "organizations:read", "organization", id); err != nil {
		return domain.Organization{}, err
	}
	org, err := o.tx.GetOrg(ctx, id)
	return org, notFound(err, "organization", id)
}

// ListOrganizations lists the organizations the caller can see.
func (o *Op) ListOrganizations(ctx context.Context, f domain.OrgFilter, p domain.Page) ([]domain.Organization, string, error) {
	acc, err := o.Access(ctx)
	if err != nil {
		return nil, "", err
	}
	f.WithinSubtrees = acc.Roots("organizations:read")
	return o.tx.ListOrgs(ctx, f, p)
}

// checkParent checks that parentID can take a child created or moved by the caller.
func (o *Op) checkParent(ctx context.Context, parentID, goal string) error {
	parent, err := o.GetOrganization(ctx, parentID)
	if err != nil {
		return err
	}
	if err := o.need(ctx, parentID, "organizations:write", goal); err != nil {
		return err
	}
	if parent.Kind != domain.KindPartner {
		return domain.Invalid(
			"client organizations are leaves",
			domain.FieldError{
				Field:   "parent_id",
				Message: fmt.Sprintf("organization %s is a client and cannot have child organizations; choose a partner organization", parentID),
			},
		)
	}
	return nil
}

// checkDepth refuses to place a subtree of the given height (0 for a single
// organization) below parentID when it would reach deeper than MaxOrgDepth.
func (o *Op) checkDepth(ctx context.Context, parentID string, height int) error {
	depth, _, err := o.tx.OrgDepth(ctx, parentID)
	if err != nil {
		return notFound(err, "organization", parentID)
	}
	if depth+1+height > domain.MaxOrgDepth {
		c := domain.Conflict("too_deep", fmt.Sprintf(
			"organizations can sit at most %d levels below the root organization; below %s (at level %d) this would reach level %d",
			domain.MaxOrgDepth, parentID, depth, depth+1+height))
		c.MaxDepth = domain.MaxOrgDepth
		return c
	}
	return nil
}

func (o *Op) checkSiblingName(ctx context.Context, parentID *string, name, selfID string) error {
	other, err := o.tx.FindOrgByName(ctx, parentID, name)
	if errors.Is(err, store.ErrNotFound) || (err == nil && other.ID == selfID) {
		return nil
	}
	if err != nil {
		return err
	}
	c := domain.Conflict(
		"duplicate_name",
		fmt.Sprintf(
			"an organization named %q already exists under the same parent (id %s); names are unique among siblings, ignoring case",
			other.Name,
			other.ID,
		),
	)
	c.ExistingID = other.ID
	return c
}

// CreateOrganization creates a partner or client under a partner.
func (o *Op) CreateOrganization(ctx context.Context, in wire.OrganizationCreate) (domain.Organization, error) {
	normalizeName(&in.Name)
	var fe domain.Fields
	fe.Check("name", domain.ValidateName(in.Name, domain.MaxNameLength))
	fe.Check("kind", domain.ValidateKind(string(in.Kind)))
	if in.ParentID == "" {
		fe.Add("parent_id", "is required: every organization except the root belongs to a partner organization")
	}
	validateExternalID(&fe, in.ExternalID)
	limit := grantLimit(&fe, in.MaxGrantDuration)
	if err := fe.Err(); err != nil {
		return domain.Organization{}, err
	}
	if err := o.checkParent(ctx, in.ParentID, "create organizations under it"); err != nil {
		return domain.Organization{}, err
	}
	if err := o.checkDepth(ctx, in.ParentID, 0); err != nil {
		return domain.Organization{}, err
	}
	if err := o.checkSiblingName(ctx, &in.ParentID, in.Name, ""); err != nil {
		return domain.Organization{}, err
	}
	org := domain.Organization{
		Meta: o.newMeta("org"), Name: in.Name, Kind: in.Kind, ParentID: ptr(in.ParentID),
		ExternalID: in.ExternalID, Enabled: in.Enabled == nil || *in.Enabled, MaxGrantDuration: limit,
	}
	if err := o.tx.InsertOrg(ctx, org); err != nil {
		return org, written(err, "organization", org.ID)
	}
	o.invalidate()
	return org, o.audit(ctx, "organization.create", "organization", org.ID, &org.ID, nil, org)
}

// manageOrg loads an organization the caller may change: organizations
// belong to their parent, so changing one takes organizations:write on the
// parent (on the root itself for the root).
func (o *Op) manageOrg(ctx context.Context, id string, ifMatch *int64, goal string) (domain.Organization, error) {
	org, err := o.GetOrganization(ctx, id)
	if err != nil {
		return org, err
	}
	if err := checkVersion("organization", id, org.Version, ifMatch); err != nil {
		return org, err
	}
	owner := id
	if org.ParentID != nil {
		owner = *org.ParentID
	}
	return org, o.need(ctx, owner, "organizations:write", goal)
}

// orgToUpdate loads the organization an update changes. Its own
// administrators may bound the grants made on it (max_grant_duration) with
// organizations:write on it: that is how a client holds its partner's
// technicians to time-bound access. Anything else takes what manageOrg does.
func (o *Op) orgToUpdate(ctx context.Context, id string, in wire.OrganizationUpdate, ifMatch *int64) (domain.Organization, error) {
	if in.Name.Set || in.ParentID.Set || in.ExternalID.Set || in.Enabled.Set || !in.MaxGrantDuration.Set {
		return o.manageOrg(ctx, id, ifMatch, "change it")
	}
	org, err := o.GetOrganization(ctx, id)
	if err != nil {
		return org, err
	}
	if err := checkVersion("organization", id, org.Version, ifMatch); err != nil {
		return org, err
	}
	return org, o.need(ctx, id, "organizations:write", "limit the grants made on it")
}

// UpdateOrganization renames, re-parents, enables or disables an organization.
func (o *Op) UpdateOrganization(ctx context.Context, id string, in wire.OrganizationUpdate, ifMatch *int64) (domain.Organization, error) {
	normalizeOptional(&in.Name)
	org, err := o.orgToUpdate(ctx, id, in, ifMatch)
	if err != nil {
		return org, err
	}
	before := org
	var fe domain.Fields
	if in.MaxGrantDuration.Set {
		org.MaxGrantDuration = nil
		if !in.MaxGrantDuration.Null {
			org.MaxGrantDuration = grantLimit(&fe, &in.MaxGrantDuration.Value)
		}
	}
	if in.Name.Set {
		if err := domain.ValidateName(in.Name.Value, domain.MaxNameLength); err != nil {
			fe.Check("name", err)
		} else {
			org.Name = in.Name.Value
		}
	}
	if in.ExternalID.Set {
		if in.ExternalID.Null {
			org.ExternalID = nil
		} else {
			validateExternalID(&fe, &in.ExternalID.Value)
			org.ExternalID = ptr(in.ExternalID.Value)
		}
	}
	if in.Enabled.Set {
		org.Enabled = in.Enabled.Value
	}
	if err := fe.Err(); err != nil {
		return before, err
	}
	if org.ParentID == nil && (!org.Enabled || in.ParentID.Set) {
		return before, domain.Conflict("root_organization", "the root organization cannot be disabled or moved")
	}
	moved := in.ParentID.Set && in.ParentID.Value != *org.ParentID
	if moved {
		if err := o.moveOrg(ctx, &org, in.ParentID.Value); err != nil {
			return before, err
		}
	}
	if moved || org.Enabled != before.Enabled {
		if org.Enabled != before.Enabled {
			if err := o.notOwnOrganization(ctx, org.ID, "disable or enable"); err != nil {
				return before, err
			}
		}
		if err := o.coverSubtree(ctx, org.ID, "move, disable or enable it"); err != nil {
			return before, err
		}
	}
	if err := o.checkSiblingName(ctx, org.ParentID, org.Name, org.ID); err != nil {
		return before, err
	}
	if domain.SameContent(before, org) {
		return before, nil
	}
	o.bump(&org.Meta)
	if err := o.tx.UpdateOrg(ctx, before, org); err != nil {
		return before, written(err, "organization", id)
	}
	o.invalidate()
	if !org.Enabled && before.Enabled {
		// Cut off: the sessions of everyone in it end, not just pause.
		if err := o.tx.DeleteSessionsBelow(ctx, org.ID); err != nil {
			return before, err
		}
	}
	if err := o.ensureRootAdmin(ctx); err != nil {
		return before, err
	}
	return org, o.audit(ctx, "organization.update", "organization", org.ID, &org.ID, before, org)
}

func (o *Op) moveOrg(ctx context.Context, org *domain.Organization, newParent string) error {
	if err := o.checkParent(ctx, newParent, "move organizations under it"); err != nil {
		return err
	}
	below, err := o.isAncestorOrSelf(ctx, org.ID, newParent)
	if err != nil {
		return err
	}
	if below {
		return domain.Invalid("an organization cannot move below itself",
			domain.FieldError{Field: "parent_id", Message: fmt.Sprintf("%s is %s itself or one of its descendants", newParent, org.ID)})
	}
	// The organization will inherit what is held on its new parent: the
	// caller must already hold all of it there, or the move is a way up.
	acc, err := o.Access(ctx)
	if err != nil {
		return err
	}
	var gained []string
	for p := range acc.Permissions(newParent) {
		if !acc.Can(org.ID, p) {
			gained = append(gained, p)
		}
	}
	if len(gained) > 0 {
		slices.Sort(gained)
		return domain.Forbidden(
			fmt.Sprintf("moving organization %s under %s would give you %s on it, which you do not hold there now; ask someone who holds it on both",
				org.ID, newParent, strings.Join(gained, ", ")),
		)
	}
	_, height, err := o.tx.OrgDepth(ctx, org.ID)
	if err != nil {
		return err
	}
	if err := o.checkDepth(ctx, newParent, height); err != nil {
		return err
	}
	// Custom roles are usable only below where they are defined: after the
	// move, no grant inside may depend on a role from the old ancestry.
	subtree, err := o.subtree(ctx, org.ID)
	if err != nil {
		return err
	}
	lineages, err := o.tx.OrgLineages(ctx, []string{newParent})
	if err != nil {
		return err
	}
	allowed := slices.Clone(subtree)
	for _, n := range lineages[newParent] {
		allowed = append(allowed, n.ID)
	}
	foreign, err := o.tx.ForeignRoleUses(ctx, subtree, allowed)
	if err != nil {
		return err
	}
	if len(foreign) > 0 {
		return domain.Conflict("roles_outside_new_tree", fmt.Sprintf(
			"organization %s cannot move under %s: role assignments or pending invitations in it use %d custom role(s) defined outside the new "+
				"parent's tree; remove them, or grant roles defined in or above the new parent, first",
			org.ID,
			newParent,
			len(foreign),
		))
	}
	org.ParentID = ptr(newParent)
	return nil
}

// notOwnOrganization refuses cutting off the caller's own organization.
func (o *Op) notOwnOrganization(ctx context.Context, id, goal string) error {
	me, err := o.tx.GetUser(ctx, o.caller.UserID)
	if err != nil {
		return err
	}
	mine, err := o.isAncestorOrSelf(ctx, id, me.OrganizationID)
	if err != nil {
		return err
	}
	if mine {
		return domain.Conflict(
			"own_organization",
			fmt.Sprintf("you cannot %s the organization your own account belongs to; ask another administrator", goal),
		)
	}
	return nil
}

// coverSubtree refuses a change to an organization and everything below it
// (disabling, moving, deleting) unless the caller covers everyone it acts
// on: users:write there when users live in it, and every permission of
// every grant on it or held by a user homed in it, wherever that grant is.
func (o *Op) coverSubtree(ctx context.Context, id, goal string) error {
	acc, err := o.Access(ctx)
	if err != nil {
		return err
	}
	subtree, err := o.subtree(ctx, id)
	if err != nil {
		return err
	}
	n, err := o.tx.CountUsersIn(ctx, subtree)
	if err != nil {
		return err
	}
	if n > 0 {
		if err := o.need(ctx, id, "users:write", goal+" (users live in it)"); err != nil {
			return err
		}
	}
	grants, err := o.tx.GrantsAffectedBy(ctx, subtree)
	if err != nil {
		return err
	}
	covered := acc.Covers(domain.LiveGrants(grants, o.now))
	if err := acc.Err(); err != nil {
		return err
	}
	if !covered {
		return domain.Forbidden(
			fmt.Sprintf(
				"organization %s or an organization below it has users or role assignments with permissions you do not hold; only someone with at "+
					"least the same access can %s",
				id,
				goal,
			),
		)
	}
	return nil
}

// DeleteOrganization deletes an empty organization, or with force everything below it too.
func (o *Op) DeleteOrganization(ctx context.Context, id string, force bool, ifMatch *int64) error {
	org, err := o.manageOrg(ctx, id, ifMatch, "delete it")
	if err != nil {
		return err
	}
	if org.ParentID == nil {
		return domain.Conflict("root_organization", "the root organization cannot be deleted")
	}
	deps, err := o.tx.CountOrgDependents(ctx, id)
	if err != nil {
		return err
	}
	subtree, err := o.subtree(ctx, id)
	if err != nil {
		return err
	}
	if deps.Any() && !force {
		what, err := o.describeDependents(ctx, id, deps)
		if err != nil {
			return err
		}
		return domain.Conflict("organization_not_empty", fmt.Sprintf(
			"organization %s still has %s; delete those first, or delete with force=true to remove the organization and everything below it",
			id, what))
	}
	if err := o.notOwnOrganization(ctx, id, "delete"); err != nil {
		return err
	}
	if deps.Any() { // only reached with force: everything below goes too
		if err := o.coverSubtree(ctx, id, "delete it with everything below it"); err != nil {
			return err
		}
	}
	if err := o.tx.PurgeOrgContents(ctx, subtree, o.now); err != nil {
		return err
	}
	for i := len(subtree) - 1; i >= 0; i-- { // children before parents
		if err := o.tx.DeleteOrg(ctx, subtree[i]); err != nil {
			return written(err, "organization", subtree[i])
		}
	}
	o.invalidate()
	if err := o.ensureRootAdmin(ctx); err != nil {
		return err
	}
	var after any
	if force {
		after = map[string]any{"forced": true, "organizations_removed": len(subtree), "dependents": deps}
	}
	return o.audit(ctx, "organization.delete", "organization", id, org.ParentID, org, after)
}

// describeDependents counts what the caller may read there; whatever else
// the organization holds is mentioned without a number, so a refused delete
// is no way to count what one cannot see.
func (o *Op) describeDependents(ctx context.Context, id string, d store.OrgDependents) (string, error) {
	var parts []string
	hidden := false
	add := func(n int, what, perm string) error {
		if n == 0 {
			return nil
		}
		ok, err := o.can(ctx, id, perm)
		if ok {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		} else {
			hidden = true
		}
		return err
	}
	for _, c := range []struct {
		n          int
		what, perm string
	}{
		{d.Children, "child organization(s)", "organizations:read"},
		{d.Users, "user(s)", "users:read"},
		{d.ServiceAccounts, "service account(s)", "users:read"},
		{d.Assignments, "role assignment(s)", "users:read"},
		{d.PendingInvitations, "pending invitation(s)", "users:read"},
		{d.Roles, "custom role(s)", "roles:read"},
	} {
		if err := add(c.n, c.what, c.perm); err != nil {
			return "", err
		}
	}
	if hidden {
		parts = append(parts, "content you cannot see")
	}
	return strings.Join(parts, ", "), nil
}
