# Terraform 1.14 and later: send an invitation again (an expired one is renewed).
#   terraform apply -invoke=action.portal_invitation_resend.acme_admin
action "portal_invitation_resend" "acme_admin" {
  config {
    invitation_id = portal_invitation.acme_admin.id
  }
}
