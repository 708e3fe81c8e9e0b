data "portal_current_identity" "me" {}

resource "portal_organization" "msp" {
  name      = "Northwind MSP"
  kind      = "partner"
  parent_id = data.portal_current_identity.me.organization_id
}

resource "portal_user" "terry" {
  email           = "terry@northwind.example"
  first_name      = "Terry"
  last_name       = "Tech"
  organization_id = portal_organization.msp.id
}

# A technician on the partner reaches every client below it.
resource "portal_role_assignment" "terry_technician" {
  user_id         = portal_user.terry.id
  organization_id = portal_organization.msp.id
  role_id         = "technician"
}
