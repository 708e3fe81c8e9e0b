# A built-in role, by name.
data "portal_role" "viewer" {
  name = "viewer"
}

output "viewer_permissions" {
  value = data.portal_role.viewer.permissions
}
