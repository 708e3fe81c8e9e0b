output "partner" {
  value = { id = portal_organization.msp.id, name = portal_organization.msp.name }
}

output "clients" {
  value = {
    for c in [portal_organization.acme, portal_organization.globex] :
    c.name => { id = c.id, enabled = c.enabled }
  }
}

output "users" {
  value = {
    for u in [portal_user.alice, portal_user.bob] :
    u.email => { id = u.id, status = u.status }
  }
}

output "terry_reaches" {
  description = "Organizations the partner technician reaches, and whether by inheritance."
  value = {
    for a in data.portal_user_access.terry.access :
    a.organization_id => alltrue([for v in a.via : v.inherited])
  }
}

output "invitation" {
  value = {
    email      = portal_invitation.acme_admin.email
    status     = portal_invitation.acme_admin.status
    expires_at = portal_invitation.acme_admin.expires_at
  }
}
