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
  enabled     = true
}
