# Adopt a whole partner tree into Terraform (Terraform 1.14 and later):
#
#   terraform query -generate-config-out=generated.tf
#   terraform apply        # imports everything, changes nothing
#   terraform plan         # no changes
#
# Set the partner's id and the root organization's id below.
locals {
  partner = "org_06h0aef3tx505hk91pw9t7py40"
  root    = "org_06h0aef3tx505hk91pw9t7py00"
}

list "portal_organization" "partner" {
  provider         = portal
  include_resource = true
  config {
    parent_id = local.root
    name      = "Northwind MSP"
  }
}

list "portal_organization" "clients" {
  provider         = portal
  include_resource = true
  config {
    parent_id = local.partner
  }
}

list "portal_user" "people" {
  provider         = portal
  include_resource = true
  config {
    organization_id     = local.partner
    include_descendants = true
  }
}

list "portal_role" "custom" {
  provider         = portal
  include_resource = true
  config {
    organization_id = local.partner
  }
}

list "portal_invitation" "open" {
  provider         = portal
  include_resource = true
  config {
    status = "pending"
  }
}
