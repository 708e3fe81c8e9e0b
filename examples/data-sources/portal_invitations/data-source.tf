# Invitations nobody has accepted yet.
data "portal_invitations" "pending" {
  status = "pending"
}

output "waiting_for" {
  value = [for i in data.portal_invitations.pending.invitations : "${i.email} (until ${i.expires_at})"]
}
