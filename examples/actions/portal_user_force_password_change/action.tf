# Terraform 1.14 and later: require a new password at the next sign-in,
# every time the incident id changes.
action "portal_user_force_password_change" "alice" {
  config {
    user_id = portal_user.alice.id
  }
}

resource "terraform_data" "incident" {
  input = "INC-4711"

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.portal_user_force_password_change.alice]
    }
  }
}
