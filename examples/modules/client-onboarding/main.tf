# Onboards one client organization under a partner: its administrators and users (from maps or a CSV file),
# custom roles, invitations, a service account with a managed token for the pipeline that provisions it,
# and optional time-bound access for the partner's technicians.

locals {
  builtin_roles = ["admin", "user_manager", "technician", "viewer"]
  role_names    = concat(local.builtin_roles, keys(var.custom_roles))

  # Close to what the API accepts: an ASCII address with one @ and a domain of letters, digits and inner hyphens
  # with at least one dot; E.164 numbers: a plus sign and 7 to 15 digits, the first not 0.
  email_pattern = "^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
  phone_pattern = "^\\+[1-9][0-9]{6,14}$"

  csv_rows = var.users_csv == null ? [] : try(csvdecode(var.users_csv), [])
  csv_people = {
    for row in local.csv_rows : trimspace(lookup(row, "email", "")) => {
      first_name = trimspace(lookup(row, "first_name", ""))
      last_name  = trimspace(lookup(row, "last_name", ""))
      phone      = trimspace(lookup(row, "phone", "")) == "" ? null : trimspace(lookup(row, "phone", ""))
      roles      = compact(split(" ", trimspace(lookup(row, "roles", ""))))
    }...
  }

  # Everyone who gets an account, keyed by e-mail address. An administrator holds admin besides their roles.
  people = merge(
    { for email, rows in local.csv_people : email => rows[0] },
    var.users,
    { for email, p in var.administrators : email => merge(p, { roles = distinct(concat(["admin"], p.roles)) }) },
  )

  # Addresses are unique in the portal, ignoring case: the validation of users refuses one given twice, and that
  # of invitations one that also gets an account.
  csv_addresses = [for row in local.csv_rows : trimspace(lookup(row, "email", ""))]
  people_lower  = { for email in keys(local.people) : lower(email) => email... }

  # Built-in roles are their own ids; custom roles are the ones this module defines.
  role_ids = merge({ for r in local.builtin_roles : r => r }, { for name, r in portal_role.custom : name => r.id })

  # One grant per person and role, keyed "<e-mail>/<role>".
  assignments = merge([for email, p in local.people : { for r in p.roles : "${email}/${r}" => { email = email, role = r } }]...)
}

resource "portal_organization" "client" {
  name        = var.name
  kind        = "client"
  parent_id   = var.partner_id
  external_id = var.external_id

  # The organization outlives this state: `terraform destroy` (or removing the module) deletes the accounts,
  # roles, grants and CI credentials made here and only forgets the organization, which keeps its audit trail
  # and whatever the client added in the portal. Import it to manage it again; to delete it, remove these lines
  # and destroy, or delete it in the portal. Terraform 1.16 and later.
  lifecycle {
    destroy = false
  }
}

resource "portal_role" "custom" {
  for_each = var.custom_roles

  organization_id = portal_organization.client.id
  name            = each.key
  description     = each.value.description
  permissions     = each.value.permissions
}

resource "portal_user" "person" {
  for_each = local.people

  email           = each.key
  first_name      = each.value.first_name
  last_name       = each.value.last_name
  phone           = each.value.phone
  organization_id = portal_organization.client.id
}

resource "portal_role_assignment" "person" {
  for_each = local.assignments

  user_id         = portal_user.person[each.value.email].id
  organization_id = portal_organization.client.id
  role_id         = local.role_ids[each.value.role]
}

resource "portal_invitation" "invited" {
  for_each = var.invitations

  email           = each.key
  organization_id = portal_organization.client.id
  role_ids        = [for r in each.value.roles : local.role_ids[r]]
  message         = each.value.message
  expires_in      = each.value.expires_in
}

# The pipeline that provisions this client acts as this service account, with one role here and nothing elsewhere.
resource "portal_service_account" "ci" {
  organization_id = portal_organization.client.id
  name            = var.ci_service_account.name
  description     = "Pipeline that provisions the people of ${var.name}"
}

resource "portal_role_assignment" "ci" {
  user_id         = portal_service_account.ci.id
  organization_id = portal_organization.client.id
  role_id         = local.role_ids[var.ci_service_account.role]
}

resource "portal_api_token" "ci" {
  service_account_id = portal_service_account.ci.id
  name               = var.ci_service_account.token_name
  expires_in         = var.ci_service_account.token_expires_in
  rotation_triggers = {
    rotation = var.ci_service_account.token_rotation
  }

  depends_on = [portal_role_assignment.ci]
}

# Time-bound partner access. `timeadd(plantimestamp(), ...)` alone would move the expiry on every plan, and every
# plan would extend the grant. The anchor computes the instant once, when it is created, and keeps it: its input
# is ignored afterwards, and only a change of days or renewal replaces it, which anchors a new period from that
# plan. The grant reads the instant from the anchor's output, so it changes exactly when the anchor does.
resource "terraform_data" "partner_access_expiry" {
  for_each = var.partner_access

  input            = timeadd(plantimestamp(), "${each.value.days * 24}h")
  triggers_replace = [each.value.days, each.value.renewal]

  lifecycle {
    ignore_changes = [input]
  }
}

resource "portal_role_assignment" "partner_access" {
  for_each = var.partner_access

  user_id         = each.key
  organization_id = portal_organization.client.id
  role_id         = lookup(local.role_ids, each.value.role_id, each.value.role_id)
  expires_at      = terraform_data.partner_access_expiry[each.key].output
}
