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

resource "portal_organization" "acme" {
  name               = "Acme"
  kind               = "client"
  parent_id          = portal_organization.msp.id
  max_grant_duration = "720h" # the partner's people hold access to Acme for at most 30 days
}

# The end of a 30-day grant, fixed when it is first planned: plantimestamp()
# moves on every plan, so the anchor keeps its first value (ignore_changes)
# until it is replaced, e.g. terraform apply -replace=terraform_data.terry_acme_until.
resource "terraform_data" "terry_acme_until" {
  input = timeadd(plantimestamp(), "720h")
  lifecycle {
    ignore_changes = [input]
  }
}

# Terry works on Acme for 30 days: from expires_at on the grant gives nothing
# and shows status = "expired"; a later end extends it in place.
resource "portal_role_assignment" "terry_acme_admin" {
  user_id         = portal_user.terry.id
  organization_id = portal_organization.acme.id
  role_id         = "admin"
  expires_at      = terraform_data.terry_acme_until.output
}
