# Terraform 1.14 and later: a new set-up link for a user who lost theirs.
#   terraform apply -invoke=action.portal_user_resend_setup.alice
action "portal_user_resend_setup" "alice" {
  config {
    user_id = portal_user.alice.id
  }
}
