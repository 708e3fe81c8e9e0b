data "portal_current_identity" "me" {}

output "whoami" {
  value = "${data.portal_current_identity.me.email} in ${data.portal_current_identity.me.organization_id}"
}

# Organizations where the token may create users.
output "can_create_users_in" {
  value = [for a in data.portal_current_identity.me.access : a.organization_id if contains(a.permissions, "users:write")]
}
