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

resource "portal_user" "sam" {
  email           = "sam@northwind.example"
  first_name      = "Sam"
  last_name       = "Support"
  organization_id = portal_organization.msp.id
}

# Exactly Terry and Sam are technicians on the partner (and so on every
# client below it); a technician granted in the portal is removed by apply.
resource "portal_role_members" "technicians" {
  organization_id = portal_organization.msp.id
  role_id         = "technician"
  user_ids        = [portal_user.terry.id, portal_user.sam.id]
}
