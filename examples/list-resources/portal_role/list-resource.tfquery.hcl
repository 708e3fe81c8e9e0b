# The custom roles defined in one organization (built-in roles are never listed).
list "portal_role" "msp" {
  provider         = portal
  include_resource = true

  config {
    organization_id = "org_06h0aef3tx505hk91pw9t7py40"
  }
}
