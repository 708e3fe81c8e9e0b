data "portal_roles" "all" {}

output "role_ids" {
  value = { for r in data.portal_roles.all.roles : r.name => r.id }
}
