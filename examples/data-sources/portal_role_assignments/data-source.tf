data "portal_current_identity" "me" {}

# Who holds which role directly on the token's organization.
data "portal_role_assignments" "here" {
  organization_id = data.portal_current_identity.me.organization_id
}

output "grants" {
  value = [for a in data.portal_role_assignments.here.role_assignments : "${a.user_id}: ${a.role_id}"]
}
