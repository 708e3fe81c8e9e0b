# The invitations of one client still waiting for their invitee.
list "portal_invitation" "acme_pending" {
  provider         = portal
  include_resource = true

  config {
    organization_id = "org_06h0aef3tx505hk91pw9t7py5c"
    status          = "pending"
  }
}
