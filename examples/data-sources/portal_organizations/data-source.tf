data "portal_current_identity" "me" {}

# Every client directly below the token's home organization.
data "portal_organizations" "clients" {
  parent_id = data.portal_current_identity.me.organization_id
  kind      = "client"
}

output "client_names" {
  value = data.portal_organizations.clients.organizations[*].name
}
