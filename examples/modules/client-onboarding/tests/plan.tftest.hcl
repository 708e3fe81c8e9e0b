# What the module plans to create, with a mock provider: no API, no credentials (terraform test -filter=tests/plan.tftest.hcl).

# Computed values are mocked during plan too, so that the ids the module passes on can be checked.
mock_provider "portal" {
  override_during = plan

  mock_resource "portal_role" {
    defaults = {
      id = "rol_helpdesk"
    }
  }
}

variables {
  partner_id  = "org_partner"
  name        = "Acme Corporation"
  external_id = "crm-1001"

  administrators = {
    "it-lead@acme.example" = {
      first_name = "Ida"
      last_name  = "Lead"
      phone      = "+14155550123"
      roles      = ["Helpdesk"]
    }
  }
  users = {
    "alice@acme.example" = {
      first_name = "Alice"
      last_name  = "Liddell"
      roles      = ["viewer"]
    }
    "bob@acme.example" = {
      first_name = "Bob"
      last_name  = "Builder"
    }
  }
  invitations = {
    "auditor@audit.example" = {
      roles   = ["viewer", "Helpdesk"]
      message = "Welcome to Acme's portal."
    }
  }
  custom_roles = {
    Helpdesk = {
      description = "First-line support."
      permissions = ["organizations:read", "users:read", "users:write"]
    }
  }
  partner_access = {
    usr_technician = {
      role_id = "technician"
      days    = 30
    }
  }
}

run "creates_the_client_organization" {
  command = plan

  assert {
    condition     = portal_organization.client.kind == "client" && portal_organization.client.parent_id == "org_partner"
    error_message = "the organization must be a client of the partner"
  }
  assert {
    condition     = portal_organization.client.name == "Acme Corporation" && portal_organization.client.external_id == "crm-1001"
    error_message = "the organization must carry the name and external_id given"
  }
}

run "creates_one_account_per_person" {
  command = plan

  assert {
    condition     = toset(keys(portal_user.person)) == toset(["it-lead@acme.example", "alice@acme.example", "bob@acme.example"])
    error_message = "one portal_user per administrator and user, keyed by e-mail address; got ${jsonencode(keys(portal_user.person))}"
  }
  assert {
    condition     = portal_user.person["it-lead@acme.example"].phone == "+14155550123" && portal_user.person["alice@acme.example"].phone == null
    error_message = "phone must be passed through, and null when left out"
  }
  assert {
    condition     = portal_user.person["alice@acme.example"].first_name == "Alice" && portal_user.person["alice@acme.example"].last_name == "Liddell"
    error_message = "names must be passed through"
  }
}

run "grants_each_role_once" {
  command = plan

  assert {
    condition = toset(keys(portal_role_assignment.person)) == toset([
      "it-lead@acme.example/admin",
      "it-lead@acme.example/Helpdesk",
      "alice@acme.example/viewer",
    ])
    error_message = "an administrator holds admin and their roles, a user their roles, and a user without roles nothing; got ${jsonencode(keys(portal_role_assignment.person))}"
  }
  assert {
    condition     = portal_role_assignment.person["alice@acme.example/viewer"].role_id == "viewer"
    error_message = "a built-in role is granted by its name"
  }
  assert {
    condition     = length(portal_role.custom) == 1 && portal_role.custom["Helpdesk"].permissions == toset(["organizations:read", "users:read", "users:write"])
    error_message = "one portal_role per custom role, with its permissions"
  }
  assert {
    condition     = portal_role_assignment.person["it-lead@acme.example/Helpdesk"].role_id == "rol_helpdesk"
    error_message = "a custom role is granted by its id"
  }
  assert {
    condition     = output.role_ids == { admin = "admin", user_manager = "user_manager", technician = "technician", viewer = "viewer", Helpdesk = "rol_helpdesk" }
    error_message = "role_ids must name the four built-in roles and the custom one; got ${jsonencode(output.role_ids)}"
  }
}

run "invites_with_the_roles_given" {
  command = plan

  assert {
    condition     = keys(portal_invitation.invited) == ["auditor@audit.example"]
    error_message = "one portal_invitation per invitation, keyed by e-mail address"
  }
  assert {
    condition     = portal_invitation.invited["auditor@audit.example"].role_ids == toset(["viewer", "rol_helpdesk"])
    error_message = "the invitation grants viewer by name and the custom role by its id"
  }
  assert {
    condition     = portal_invitation.invited["auditor@audit.example"].expires_in == "168h"
    error_message = "an invitation's link lasts 7 days unless told otherwise"
  }
}

run "gives_the_pipeline_a_service_account_and_a_token" {
  command = plan

  assert {
    condition     = portal_service_account.ci.name == "onboarding-ci" && portal_role_assignment.ci.role_id == "user_manager"
    error_message = "the service account is onboarding-ci with user_manager on the client by default"
  }
  assert {
    condition     = portal_api_token.ci.expires_in == "2160h" && portal_api_token.ci.rotation_triggers == tomap({ rotation = "1" })
    error_message = "the token lasts 90 days and rotates when token_rotation changes"
  }
}

run "grants_the_partner_time_bound_access" {
  command = plan

  assert {
    condition     = keys(portal_role_assignment.partner_access) == ["usr_technician"]
    error_message = "one grant per partner technician, keyed by user id"
  }
  assert {
    condition     = portal_role_assignment.partner_access["usr_technician"].role_id == "technician"
    error_message = "the partner technician gets the role given"
  }
  assert {
    condition = (
      timecmp(terraform_data.partner_access_expiry["usr_technician"].input, timeadd(plantimestamp(), "719h")) > 0 &&
      timecmp(terraform_data.partner_access_expiry["usr_technician"].input, timeadd(plantimestamp(), "721h")) < 0
    )
    error_message = "30 days of access must expire 720 hours after the plan"
  }
}

run "reads_users_from_csv" {
  command = plan

  variables {
    users     = {}
    users_csv = file("tests/users.csv")
  }

  assert {
    condition     = toset(keys(portal_user.person)) == toset(["it-lead@acme.example", "carol@acme.example", "dave@acme.example", "erin@acme.example"])
    error_message = "one account per CSV line besides the administrators; got ${jsonencode(keys(portal_user.person))}"
  }
  assert {
    condition     = portal_user.person["carol@acme.example"].phone == "+14155550142" && portal_user.person["dave@acme.example"].phone == null
    error_message = "an empty phone field is no phone"
  }
  assert {
    condition = toset([for k in keys(portal_role_assignment.person) : k if !startswith(k, "it-lead@")]) == toset([
      "carol@acme.example/viewer",
      "dave@acme.example/Helpdesk",
      "dave@acme.example/user_manager",
    ])
    error_message = "the roles column holds names separated by spaces; got ${jsonencode(keys(portal_role_assignment.person))}"
  }
}

run "needs_only_a_partner_and_a_name" {
  command = plan

  variables {
    external_id    = null
    administrators = {}
    users          = {}
    invitations    = {}
    custom_roles   = {}
    partner_access = {}
  }

  assert {
    condition     = length(portal_user.person) == 0 && length(portal_invitation.invited) == 0 && length(portal_role_assignment.partner_access) == 0
    error_message = "no people, invitations or partner grants unless asked for"
  }
  assert {
    condition     = portal_organization.client.external_id == null && portal_service_account.ci.name == "onboarding-ci"
    error_message = "the client and its pipeline's service account are always made"
  }
}
