package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/mspportal/terraform-provider-portal/internal/wire"
)

// Permission is one entry of the fixed catalog.
type Permission = wire.Permission

// Catalog is every permission a role can hold, in a stable order.
var Catalog = []Permission{
	{Name: "organizations:read", Description: "See organizations and their settings."},
	{Name: "organizations:write", Description: "Create, change, disable and delete organizations below this one."},
	{Name: "users:read", Description: "See portal users and their role assignments."},
	{
		Name:        "users:write",
		Description: "Create, change, disable and delete portal users; unlock, reset passwords and MFA; manage their API tokens.",
	},
	{Name: "users:invite", Description: "Invite people by e-mail and manage invitations."},
	{Name: "roles:read", Description: "See roles and the permission catalog."},
	{Name: "roles:write", Description: "Create, change and delete custom roles."},
	{Name: "roles:assign", Description: "Assign roles to users and remove role assignments."},
	{Name: "audit:read", Description: "Read the audit trail."},
}

var catalogIndex = func() map[string]bool {
	m := make(map[string]bool, len(Catalog))
	for _, p := range Catalog {
		m[p.Name] = true
	}
	return m
}()

// IsPermission reports whether name is in the catalog.
func IsPermission(name string) bool { return catalogIndex[name] }

// ValidatePermission explains an unknown permission by naming the closest catalog entries.
func ValidatePermission(name string) error {
	if IsPermission(name) {
		return nil
	}
	return fmt.Errorf("%q is not a permission; did you mean %s? The catalog is: %s",
		name, strings.Join(ClosestPermissions(name, 2), " or "), strings.Join(PermissionNames(), ", "))
}

// PermissionNames lists the catalog's names.
func PermissionNames() []string {
	out := make([]string, len(Catalog))
	for i, p := range Catalog {
		out[i] = p.Name
	}
	return out
}

// ClosestPermissions returns the n catalog names nearest to name by edit distance.
func ClosestPermissions(name string, n int) []string {
	names := PermissionNames()
	lower := strings.ToLower(name)
	sort.SliceStable(names, func(i, j int) bool { return editDistance(lower, names[i]) < editDistance(lower, names[j]) })
	for i := range names[:n] {
		names[i] = fmt.Sprintf("%q", names[i])
	}
	return names[:n]
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Built-in role ids; they equal their names in every portal.
const (
	RoleAdmin       = "admin"
	RoleUserManager = "user_manager"
	RoleTechnician  = "technician"
	RoleViewer      = "viewer"
)

// BuiltinRoles are present in every portal and cannot be changed.
var BuiltinRoles = []Role{
	{
		Meta:        Meta{ID: RoleAdmin},
		Name:        RoleAdmin,
		Builtin:     true,
		Description: "Full control of the organization and everything below it.",
		Permissions: PermissionNames(),
	},
	{
		Meta:        Meta{ID: RoleUserManager},
		Name:        RoleUserManager,
		Builtin:     true,
		Description: "Manages people: users, invitations and role assignments.",
		Permissions: []string{"organizations:read", "users:read", "users:write", "users:invite", "roles:read", "roles:assign"},
	},
	{
		Meta:        Meta{ID: RoleTechnician},
		Name:        RoleTechnician,
		Builtin:     true,
		Description: "Works on the organizations below: sees organizations, users, roles and the audit trail.",
		Permissions: []string{"organizations:read", "users:read", "roles:read", "audit:read"},
	},
	{Meta: Meta{ID: RoleViewer}, Name: RoleViewer, Builtin: true, Description: "Read-only access to organizations, users and roles.",
		Permissions: []string{"organizations:read", "users:read", "roles:read"}},
}

// BuiltinRole returns the built-in role with id, if any.
func BuiltinRole(id string) (Role, bool) {
	for _, r := range BuiltinRoles {
		if r.ID == id {
			r.Permissions = slices.Clone(r.Permissions)
			return r, true
		}
	}
	return Role{}, false
}

// IsBuiltinRoleName reports whether name collides with a built-in role
// (case-insensitively). A name that only looks like one is refused when it is
// set (ValidateRoleName), so that a role stored before that rule can still be
// changed.
func IsBuiltinRoleName(name string) bool {
	for _, r := range BuiltinRoles {
		if strings.EqualFold(r.Name, name) {
			return true
		}
	}
	return false
}

// NormalizePermissions validates, de-duplicates and sorts a permission list.
func NormalizePermissions(field string, perms []string) ([]string, error) {
	var fe Fields
	if len(perms) == 0 {
		fe.Add(field, "must list at least one permission; the catalog is: %s", strings.Join(PermissionNames(), ", "))
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(perms))
	for i, p := range perms {
		if err := ValidatePermission(p); err != nil {
			fe.Add(fmt.Sprintf("%s[%d]", field, i), "%s", err.Error())
			continue
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, fe.Err()
}
