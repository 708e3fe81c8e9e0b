# The partner's time-bound grants keep their expiry from plan to plan, with a mock provider: no API, no credentials
# (terraform test -filter=tests/partner_access.tftest.hcl). The runs share one state, in order.

mock_provider "portal" {}

variables {
  partner_id = "org_partner"
  name       = "Acme Corporation"
  partner_access = {
    usr_technician = {
      role_id = "technician"
      days    = 30
    }
  }
}

run "granted_earlier" {
  # As if the access had been granted on an earlier day: the anchor holds an instant that no plan of today computes.
  command = apply

  override_resource {
    target = terraform_data.partner_access_expiry["usr_technician"]
    values = {
      output = "2030-01-31T09:00:00Z"
    }
  }

  assert {
    condition     = output.partner_access["usr_technician"].expires_at == "2030-01-31T09:00:00Z"
    error_message = "the grant must take its expiry from the anchor"
  }
}

run "a_later_plan_keeps_the_expiry" {
  command = plan

  assert {
    condition     = portal_role_assignment.partner_access["usr_technician"].expires_at == "2030-01-31T09:00:00Z"
    error_message = "a later plan must keep the expiry of the apply that granted the access, not move it to this plan's time"
  }
}

run "a_renewal_starts_a_new_period" {
  command = apply

  variables {
    partner_access = {
      usr_technician = {
        role_id = "technician"
        days    = 30
        renewal = "2027-02"
      }
    }
  }

  assert {
    condition = (
      timecmp(output.partner_access["usr_technician"].expires_at, timeadd(plantimestamp(), "719h")) > 0 &&
      timecmp(output.partner_access["usr_technician"].expires_at, timeadd(plantimestamp(), "721h")) < 0
    )
    error_message = "a new renewal value must grant 30 days from this apply; got ${output.partner_access["usr_technician"].expires_at}"
  }
}

run "new_days_start_a_new_period" {
  command = apply

  variables {
    partner_access = {
      usr_technician = {
        role_id = "technician"
        days    = 7
        renewal = "2027-02"
      }
    }
  }

  assert {
    condition = (
      timecmp(output.partner_access["usr_technician"].expires_at, timeadd(plantimestamp(), "167h")) > 0 &&
      timecmp(output.partner_access["usr_technician"].expires_at, timeadd(plantimestamp(), "169h")) < 0
    )
    error_message = "7 days must grant 168 hours from this apply; got ${output.partner_access["usr_technician"].expires_at}"
  }
}
