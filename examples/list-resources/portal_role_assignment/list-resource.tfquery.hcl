# Every role assignment on one client.
list "portal_role_assignment" "acme" {
  provider         = portal
  include_resource = true

  config {
    organization_id = "org_06h0aef3tx505hk91pw9t7py5c"
  }
}
