data "portal_current_identity" "me" {}

# Everyone of the organization: accounts and open invitations.
data "portal_people" "all" {
  organization_id = data.portal_current_identity.me.organization_id
}

# Invitations nobody has answered yet, with their expiry.
data "portal_people" "waiting" {
  organization_id = data.portal_current_identity.me.organization_id
  kind            = "invitation"
}

output "invitations_expiring" {
  value = { for p in data.portal_people.waiting.people : p.email => p.expires_at }
}
