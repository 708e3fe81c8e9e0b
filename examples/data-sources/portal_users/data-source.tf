data "portal_current_identity" "me" {}

# Everyone in the token's organization and below who has not enrolled MFA.
data "portal_users" "without_mfa" {
  organization_id     = data.portal_current_identity.me.organization_id
  include_descendants = true
  mfa_enrolled        = false
}

# Accounts locked after failed sign-ins.
data "portal_users" "locked" {
  status = "locked"
}

output "without_mfa" {
  value = data.portal_users.without_mfa.users[*].email
}
