# Quickstart: a partner organization with two clients, provisioned under the
# organization of the token's user. `make demo` applies it against a local API.
terraform {
  required_providers {
    portal = {
      source = "mspportal/portal"
    }
  }
}

# Endpoint and token come from PORTAL_ENDPOINT and PORTAL_TOKEN.
provider "portal" {}

data "portal_current_identity" "me" {}

resource "portal_organization" "msp" {
  name      = "Northwind MSP"
  kind      = "partner"
  parent_id = data.portal_current_identity.me.organization_id
}

resource "portal_organization" "acme" {
  name        = "Acme Corporation"
  kind        = "client"
  parent_id   = portal_organization.msp.id
  external_id = "crm-1001"
}

resource "portal_organization" "globex" {
  name      = "Globex"
  kind      = "client"
  parent_id = portal_organization.msp.id
  # Onboarding not finished: no access through it yet.
  enabled = false
}

resource "portal_user" "alice" {
  email           = "alice@acme.example"
  first_name      = "Alice"
  last_name       = "Liddell"
  phone           = "+14155550123"
  organization_id = portal_organization.acme.id
}

# Has left Acme: the account stays for the audit trail but cannot sign in.
resource "portal_user" "bob" {
  email            = "bob@acme.example"
  first_name       = "Bob"
  last_name        = "Builder"
  organization_id  = portal_organization.acme.id
  enabled          = false
  send_setup_email = false
}

# A custom role defined on the partner, usable in every client below it.
resource "portal_role" "helpdesk" {
  organization_id = portal_organization.msp.id
  name            = "Helpdesk"
  description     = "First-line support: sees people, resets their credentials."
  permissions     = ["organizations:read", "users:read", "users:write"]
}

# A partner-level technician reaches every client.
resource "portal_user" "terry" {
  email           = "terry@northwind.example"
  first_name      = "Terry"
  last_name       = "Tech"
  organization_id = portal_organization.msp.id
}

resource "portal_role_assignment" "terry_technician" {
  user_id         = portal_user.terry.id
  organization_id = portal_organization.msp.id
  role_id         = "technician"
}

resource "portal_role_assignment" "alice_helpdesk" {
  user_id         = portal_user.alice.id
  organization_id = portal_organization.acme.id
  role_id         = portal_role.helpdesk.id
}

data "portal_user_access" "terry" {
  user_id    = portal_user.terry.id
  depends_on = [portal_role_assignment.terry_technician]
}

# Acme's own administrator joins by accepting an e-mailed link.
resource "portal_invitation" "acme_admin" {
  email              = "it-lead@acme.example"
  organization_id    = portal_organization.acme.id
  role_ids           = ["admin"]
  message            = "Welcome to the portal: you administer Acme here."
  renew_when_expired = true
}
