output "partner" {
  value = { id = portal_organization.msp.id, name = portal_organization.msp.name }
}

output "clients" {
  value = {
    for c in [portal_organization.acme, portal_organization.globex] :
    c.name => { id = c.id, enabled = c.enabled }
  }
}
