data "portal_current_identity" "me" {}

# By id.
data "portal_organization" "home" {
  id = data.portal_current_identity.me.organization_id
}

# By name within a parent (ignoring case).
data "portal_organization" "acme" {
  name      = "Acme Corporation"
  parent_id = data.portal_organization.home.id
}
