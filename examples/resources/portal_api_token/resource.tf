data "portal_current_identity" "me" {}

resource "portal_organization" "acme" {
  name      = "Acme Corporation"
  kind      = "client"
  parent_id = data.portal_current_identity.me.organization_id
}

resource "portal_service_account" "acme_ci" {
  organization_id = portal_organization.acme.id
  name            = "acme-provisioning"
}

resource "portal_role_assignment" "acme_ci" {
  user_id         = portal_service_account.acme_ci.id
  organization_id = portal_organization.acme.id
  role_id         = "user_manager"
}

# A token for the pipeline, valid for 90 days; change the trigger to rotate it.
resource "portal_api_token" "acme_ci" {
  service_account_id = portal_service_account.acme_ci.id
  name               = "github-actions"
  expires_in         = "2160h"
  rotation_triggers = {
    quarter = "2026-Q4"
  }
}

output "acme_ci_token" {
  value     = portal_api_token.acme_ci.token
  sensitive = true
}
