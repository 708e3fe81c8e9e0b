# A run-long token of a narrow service account configures a second provider:
# everything through portal.acme acts with user_manager on Acme only, and the
# token is revoked when the run ends. It never reaches state or plan.
variable "acme_ci_service_account_id" {
  type = string
}

variable "acme_id" {
  type = string
}

ephemeral "portal_api_token" "acme" {
  service_account_id = var.acme_ci_service_account_id
  expires_in         = "30m"
}

provider "portal" {
  alias = "acme"
  token = ephemeral.portal_api_token.acme.token
}

resource "portal_user" "dana" {
  provider        = portal.acme
  email           = "dana@acme.example"
  first_name      = "Dana"
  last_name       = "Doe"
  organization_id = var.acme_id
}
