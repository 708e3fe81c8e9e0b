data "portal_current_identity" "me" {}

# An access review: everywhere the token's user reaches, and how.
data "portal_user_access" "review" {
  user_id = data.portal_current_identity.me.user_id
}

output "reach" {
  value = {
    for a in data.portal_user_access.review.access :
    a.organization_id => {
      permissions = a.permissions
      inherited   = alltrue([for v in a.via : v.inherited])
    }
  }
}
