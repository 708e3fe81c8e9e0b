data "portal_permissions" "catalog" {}

output "permissions" {
  value = { for p in data.portal_permissions.catalog.permissions : p.name => p.description }
}
