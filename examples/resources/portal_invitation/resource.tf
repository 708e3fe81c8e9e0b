data "portal_current_identity" "me" {}

resource "portal_organization" "acme" {
  name      = "Acme Corporation"
  kind      = "client"
  parent_id = data.portal_current_identity.me.organization_id
}

# Acme's administrator joins by accepting the e-mailed link.
resource "portal_invitation" "acme_admin" {
  email           = "it-lead@acme.example"
  organization_id = portal_organization.acme.id
  role_ids        = ["admin"]
  message         = "Welcome to the portal: you administer Acme here."
  expires_in      = "72h"

  # Offer a fresh link if nobody accepted in time.
  renew_when_expired = true

  # Bump to send a new link right away (the old one stops working).
  resend_triggers = {
    round = "1"
  }
}

resource "portal_organization" "globex" {
  name      = "Globex"
  kind      = "client"
  parent_id = data.portal_current_identity.me.organization_id
}

# One e-mail brings a technician, homed at the MSP, into two clients:
# the role is granted in each listed organization, not in the home.
resource "portal_invitation" "night_shift" {
  email            = "night-shift@msp.example"
  organization_id  = data.portal_current_identity.me.organization_id
  organization_ids = [portal_organization.acme.id, portal_organization.globex.id]
  role_ids         = ["technician"]
}
