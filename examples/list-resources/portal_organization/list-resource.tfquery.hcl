# Every client of one partner, to adopt with:
#   terraform query -generate-config-out=generated.tf
list "portal_organization" "clients" {
  provider         = portal
  include_resource = true

  config {
    parent_id = "org_06h0aef3tx505hk91pw9t7py40"
    kind      = "client"
  }
}
