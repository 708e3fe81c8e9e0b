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
