# Every user homed in a partner's tree.
list "portal_user" "msp" {
  provider         = portal
  include_resource = true

  config {
    organization_id     = "org_06h0aef3tx505hk91pw9t7py40"
    include_descendants = true
  }
}
