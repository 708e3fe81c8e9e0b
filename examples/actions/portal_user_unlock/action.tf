# Terraform 1.14 and later. Unlock one user:
#   terraform apply -invoke=action.portal_user_unlock.alice
action "portal_user_unlock" "alice" {
  config {
    user_id = portal_user.alice.id
  }
}

# ... or every user of a team at once:
#   terraform apply -invoke='action.portal_user_unlock.team["bob"]'
action "portal_user_unlock" "team" {
  for_each = portal_user.team
  config {
    user_id = each.value.id
  }
}
