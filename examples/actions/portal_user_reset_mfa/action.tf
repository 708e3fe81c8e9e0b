# Terraform 1.14 and later, after a lost phone:
#   terraform apply -invoke=action.portal_user_reset_mfa.alice
action "portal_user_reset_mfa" "alice" {
  config {
    user_id = portal_user.alice.id
  }
}
