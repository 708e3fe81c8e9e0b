# Against the real API: PORTAL_ENDPOINT names it and PORTAL_TOKEN is a token of an administrator of the partner
# (terraform test -filter=tests/apply.tftest.hcl -var partner_id=... -var technician_id=...). `make test` runs it against
# an API it starts in-process (internal/provider/module_test.go). terraform test destroys what the runs made at the end;
# the client organization itself is only forgotten (lifecycle destroy = false).

variable "technician_id" {
  type        = string
  description = "A user of the partner, with no access to the client, who gets 30 days of technician access."
}

variables {
  name        = "Onboarding Test Client"
  external_id = "crm-test-27"

  administrators = {
    "it-lead@client.example" = {
      first_name = "Ida"
      last_name  = "Lead"
      phone      = "+14155550123"
    }
  }
  users = {
    "alice@client.example" = {
      first_name = "Alice"
      last_name  = "Liddell"
      roles      = ["Helpdesk"]
    }
  }
  users_csv = file("tests/users.csv")
  invitations = {
    "auditor@audit.example" = {
      roles = ["viewer"]
    }
  }
  custom_roles = {
    Helpdesk = {
      description = "First-line support."
      permissions = ["organizations:read", "users:read", "users:write"]
    }
  }
  partner_access = {
    (var.technician_id) = {
      role_id = "technician"
      days    = 30
    }
  }
}

run "onboards_the_client" {
  command = apply

  assert {
    condition     = startswith(output.organization_id, "org_")
    error_message = "the client organization must exist; got ${output.organization_id}"
  }
  assert {
    condition = toset(keys(output.user_ids)) == toset([
      "it-lead@client.example", "alice@client.example", "carol@acme.example", "dave@acme.example", "erin@acme.example",
    ])
    error_message = "one account per administrator, user and CSV line; got ${jsonencode(keys(output.user_ids))}"
  }
  assert {
    condition     = alltrue([for id in values(output.user_ids) : startswith(id, "usr_")]) && toset(values(output.user_statuses)) == toset(["invited"])
    error_message = "every account is created and waits for its set-up; got ${jsonencode(output.user_statuses)}"
  }
  assert {
    condition     = output.invitation_statuses == { "auditor@audit.example" = "pending" }
    error_message = "an invitation to an address with no account waits for its acceptance; got ${jsonencode(output.invitation_statuses)}"
  }
  assert {
    condition     = startswith(output.role_ids["Helpdesk"], "rol_") && output.role_ids["viewer"] == "viewer"
    error_message = "role_ids must hold the custom role's id; got ${jsonencode(output.role_ids)}"
  }
  assert {
    condition     = startswith(output.ci_service_account_id, "sva_") && length(nonsensitive(output.ci_token)) > 40
    error_message = "the pipeline's service account and its token must exist"
  }
  assert {
    condition     = output.partner_access[var.technician_id].status == "active"
    error_message = "the partner technician's grant must be active; got ${jsonencode(output.partner_access)}"
  }
  assert {
    condition = (
      timecmp(output.partner_access[var.technician_id].expires_at, timeadd(plantimestamp(), "719h")) > 0 &&
      timecmp(output.partner_access[var.technician_id].expires_at, timeadd(plantimestamp(), "721h")) < 0
    )
    error_message = "30 days of access must end 720 hours after the apply; got ${output.partner_access[var.technician_id].expires_at}"
  }
}

run "a_second_plan_keeps_everything" {
  command = plan

  assert {
    condition     = output.partner_access[var.technician_id].expires_at == run.onboards_the_client.partner_access[var.technician_id].expires_at
    error_message = "a later plan must keep the grant's expiry"
  }
  assert {
    condition     = output.user_ids == run.onboards_the_client.user_ids && output.ci_service_account_id == run.onboards_the_client.ci_service_account_id
    error_message = "a later plan must keep every account"
  }
}

# The pipeline signs in with the token the module made: it is the service account, homed in the client, and reaches
# the client with user_manager and nothing else.
provider "portal" {
  alias = "ci"
  token = run.onboards_the_client.ci_token
}

run "the_ci_token_reaches_the_client_only" {
  command = apply

  providers = {
    portal = portal.ci
  }

  module {
    source = "./tests/pipeline"
  }

  assert {
    condition     = output.user_id == null && output.organization_id == run.onboards_the_client.organization_id
    error_message = "the token must be the service account's, homed in the client"
  }
  assert {
    condition     = toset(output.reaches) == toset([run.onboards_the_client.organization_id]) && toset(output.roles) == toset(["user_manager"])
    error_message = "the token must reach the client with user_manager and nothing else; got ${jsonencode(output.reaches)} with ${jsonencode(output.roles)}"
  }
}
