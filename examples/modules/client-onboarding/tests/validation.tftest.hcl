# Plan-time validation, with a mock provider: no API, no credentials (terraform test -filter=tests/validation.tftest.hcl).

mock_provider "portal" {}

variables {
  partner_id = "org_partner"
  name       = "Acme Corporation"
  custom_roles = {
    Helpdesk = {
      permissions = ["users:read"]
    }
  }
}

run "accepts_valid_inputs" {
  command = plan

  variables {
    administrators = {
      "it-lead@acme.example" = { first_name = "Ida", last_name = "Lead", phone = "+14155550123", roles = ["Helpdesk"] }
    }
    users = {
      "o'brien+portal@sub.acme-corp.example" = { first_name = "Pat", last_name = "O'Brien", phone = "+3612345", roles = ["viewer"] }
    }
    users_csv = file("tests/users.csv")
    invitations = {
      "auditor@audit.example" = { roles = ["viewer"] }
    }
    partner_access = {
      usr_tech = { role_id = "technician", days = 730 }
      usr_lead = { role_id = "rol_partner_lead", days = 1 }
    }
  }
}

run "rejects_an_address_that_is_not_one" {
  command = plan

  variables {
    users = {
      "alice.acme.example" = { first_name = "Alice", last_name = "Liddell" }
    }
  }

  expect_failures = [var.users]
}

run "rejects_an_address_with_no_domain_dot" {
  command = plan

  variables {
    administrators = {
      "root@localhost" = { first_name = "Root", last_name = "Admin" }
    }
  }

  expect_failures = [var.administrators]
}

run "rejects_a_phone_without_plus" {
  command = plan

  variables {
    users = {
      "alice@acme.example" = { first_name = "Alice", last_name = "Liddell", phone = "4155550123" }
    }
  }

  expect_failures = [var.users]
}

run "rejects_a_phone_with_spaces" {
  command = plan

  variables {
    administrators = {
      "it-lead@acme.example" = { first_name = "Ida", last_name = "Lead", phone = "+1 415 555 0123" }
    }
  }

  expect_failures = [var.administrators]
}

run "rejects_a_phone_too_long" {
  command = plan

  variables {
    users = {
      "alice@acme.example" = { first_name = "Alice", last_name = "Liddell", phone = "+1234567890123456" }
    }
  }

  expect_failures = [var.users]
}

run "rejects_an_unknown_role" {
  command = plan

  variables {
    users = {
      "alice@acme.example" = { first_name = "Alice", last_name = "Liddell", roles = ["superuser"] }
    }
  }

  expect_failures = [var.users]
}

run "rejects_a_custom_role_not_defined" {
  command = plan

  variables {
    administrators = {
      "it-lead@acme.example" = { first_name = "Ida", last_name = "Lead", roles = ["Billing"] }
    }
  }

  expect_failures = [var.administrators]
}

run "rejects_the_same_person_twice" {
  command = plan

  variables {
    administrators = {
      "Alice@Acme.example" = { first_name = "Alice", last_name = "Liddell" }
    }
    users = {
      "alice@acme.example" = { first_name = "Alice", last_name = "Liddell" }
    }
  }

  expect_failures = [var.users]
}

run "rejects_a_csv_person_also_in_users" {
  command = plan

  variables {
    users = {
      "carol@acme.example" = { first_name = "Carol", last_name = "Danvers" }
    }
    users_csv = file("tests/users.csv")
  }

  expect_failures = [var.users]
}

run "rejects_csv_without_the_name_columns" {
  command = plan

  variables {
    users_csv = "email,roles\nalice@acme.example,viewer\n"
  }

  expect_failures = [var.users_csv]
}

run "rejects_a_bad_address_in_csv" {
  command = plan

  variables {
    users_csv = "email,first_name,last_name\nalice(at)acme.example,Alice,Liddell\n"
  }

  expect_failures = [var.users_csv]
}

run "rejects_a_bad_phone_in_csv" {
  command = plan

  variables {
    users_csv = "email,first_name,last_name,phone\nalice@acme.example,Alice,Liddell,555-0123\n"
  }

  expect_failures = [var.users_csv]
}

run "rejects_an_unknown_role_in_csv" {
  command = plan

  variables {
    users_csv = "email,first_name,last_name,roles\nalice@acme.example,Alice,Liddell,viewer root\n"
  }

  expect_failures = [var.users_csv]
}

run "rejects_an_invitation_without_roles" {
  command = plan

  variables {
    invitations = {
      "auditor@audit.example" = { roles = [] }
    }
  }

  expect_failures = [var.invitations]
}

run "rejects_an_invitation_to_someone_who_gets_an_account" {
  command = plan

  variables {
    users = {
      "alice@acme.example" = { first_name = "Alice", last_name = "Liddell" }
    }
    invitations = {
      "ALICE@acme.example" = { roles = ["viewer"] }
    }
  }

  expect_failures = [var.invitations]
}

run "rejects_a_custom_role_named_like_a_built_in_one" {
  command = plan

  variables {
    custom_roles = {
      Admin = { permissions = ["users:read"] }
    }
  }

  expect_failures = [var.custom_roles]
}

run "rejects_a_custom_role_without_permissions" {
  command = plan

  variables {
    custom_roles = {
      Empty = { permissions = [] }
    }
  }

  expect_failures = [var.custom_roles]
}

run "rejects_an_unknown_role_for_the_pipeline" {
  command = plan

  variables {
    ci_service_account = { role = "owner" }
  }

  expect_failures = [var.ci_service_account]
}

run "rejects_partner_access_of_no_days" {
  command = plan

  variables {
    partner_access = {
      usr_tech = { role_id = "technician", days = 0 }
    }
  }

  expect_failures = [var.partner_access]
}

run "rejects_partner_access_beyond_two_years" {
  command = plan

  variables {
    partner_access = {
      usr_tech = { role_id = "technician", days = 731 }
    }
  }

  expect_failures = [var.partner_access]
}

run "rejects_partner_access_of_part_of_a_day" {
  command = plan

  variables {
    partner_access = {
      usr_tech = { role_id = "technician", days = 1.5 }
    }
  }

  expect_failures = [var.partner_access]
}

run "rejects_an_unknown_partner_role" {
  command = plan

  variables {
    partner_access = {
      usr_tech = { role_id = "tech", days = 30 }
    }
  }

  expect_failures = [var.partner_access]
}

run "rejects_an_empty_partner_id" {
  command = plan

  variables {
    partner_id = " "
  }

  expect_failures = [var.partner_id]
}
