data "portal_current_identity" "me" {}

resource "portal_organization" "acme" {
  name      = "Acme Corporation"
  kind      = "client"
  parent_id = data.portal_current_identity.me.organization_id
}

resource "portal_user" "alice" {
  email           = "alice@acme.example"
  first_name      = "Alice"
  last_name       = "Liddell"
  phone           = "+14155550123"
  organization_id = portal_organization.acme.id
}

# A leaver keeps their account for the audit trail but cannot sign in.
resource "portal_user" "bob" {
  email            = "bob@acme.example"
  first_name       = "Bob"
  last_name        = "Builder"
  organization_id  = portal_organization.acme.id
  enabled          = false
  send_setup_email = false
}
