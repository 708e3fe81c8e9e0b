data "portal_current_identity" "me" {}

resource "portal_organization" "acme" {
  name      = "Acme Corporation"
  kind      = "client"
  parent_id = data.portal_current_identity.me.organization_id
}

# The pipeline that provisions Acme's users acts as this service account,
# with user_manager on Acme and nothing anywhere else.
resource "portal_service_account" "acme_ci" {
  organization_id = portal_organization.acme.id
  name            = "acme-provisioning"
  description     = "CI pipeline that provisions Acme's users"
}

resource "portal_role_assignment" "acme_ci" {
  user_id         = portal_service_account.acme_ci.id
  organization_id = portal_organization.acme.id
  role_id         = "user_manager"
}
