data "portal_current_identity" "me" {}

# Usable in the token's organization and every organization below it.
resource "portal_role" "helpdesk" {
  organization_id = data.portal_current_identity.me.organization_id
  name            = "Helpdesk"
  description     = "First-line support: sees people, resets their credentials."
  permissions = [
    "organizations:read",
    "users:read",
    "users:write",
  ]
}
