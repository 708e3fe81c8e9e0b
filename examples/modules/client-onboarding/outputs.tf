output "organization_id" {
  description = "Identifier of the client organization."
  value       = portal_organization.client.id
}

output "user_ids" {
  description = "The accounts made here (administrators, users and users_csv), by e-mail address."
  value       = { for email, u in portal_user.person : email => u.id }
}

output "user_statuses" {
  description = "Each account's status by e-mail address: `invited` until the person finishes set-up, then `active`."
  value       = { for email, u in portal_user.person : email => u.status }
}

output "invitation_statuses" {
  description = "Each invitation's status by e-mail address: `pending`, `accepted` or `expired`."
  value       = { for email, i in portal_invitation.invited : email => i.status }
}

output "role_ids" {
  description = "Every role name usable here and its id: the built-in roles and the custom roles defined here."
  value       = local.role_ids
}

output "ci_service_account_id" {
  description = "Identifier of the pipeline's service account."
  value       = portal_service_account.ci.id
}

output "ci_token" {
  description = "The pipeline's API token (a secret: store it in the CI secret store as PORTAL_TOKEN)."
  value       = portal_api_token.ci.token
  sensitive   = true
}

output "ci_token_expires_at" {
  description = "When the pipeline's token expires (RFC 3339): rotate it before then."
  value       = portal_api_token.ci.expires_at
}

output "partner_access" {
  description = "The partner's time-bound grants by user id: the grant's id, when it expires and its status."
  value = {
    for id, a in portal_role_assignment.partner_access : id => {
      id         = a.id
      expires_at = a.expires_at
      status     = a.status
    }
  }
}
