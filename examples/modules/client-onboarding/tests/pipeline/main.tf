# Used by tests/apply.tftest.hcl: what a pipeline signed in with the module's CI token sees.
terraform {
  required_providers {
    portal = {
      source = "mspportal/portal"
    }
  }
}

data "portal_current_identity" "ci" {}

output "user_id" {
  value = data.portal_current_identity.ci.user_id
}

output "organization_id" {
  value = data.portal_current_identity.ci.organization_id
}

output "reaches" {
  value = [for a in data.portal_current_identity.ci.access : a.organization_id]
}

output "roles" {
  value = distinct(flatten([for a in data.portal_current_identity.ci.access : [for v in a.via : v.role_id]]))
}
