variable "partner_id" {
  type        = string
  description = "Identifier of the partner organization that owns the client (the `id` of its `portal_organization`)."

  validation {
    condition     = trimspace(var.partner_id) != ""
    error_message = "partner_id is empty: give the id of the partner organization that owns the client, such as portal_organization.msp.id."
  }
}

variable "name" {
  type        = string
  description = "The client's display name, unique among the partner's organizations (ignoring case)."

  validation {
    condition     = trimspace(var.name) == var.name && var.name != "" && length(var.name) <= 200
    error_message = "name must be 1 to 200 characters with no leading or trailing white space, e.g. \"Acme Corporation\"."
  }
}

variable "external_id" {
  type        = string
  description = "The client's key in another system, such as a CRM; null for none."
  default     = null
}

variable "administrators" {
  type = map(object({
    first_name = string
    last_name  = string
    phone      = optional(string)
    roles      = optional(list(string), [])
  }))
  description = <<-EOT
    The client's administrators, keyed by e-mail address: each gets an account in the client organization (and a
    set-up e-mail) with the built-in `admin` role there, plus any other `roles`.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for email in keys(var.administrators) : can(regex(local.email_pattern, email))])
    error_message = <<-EOT
      administrators: not an e-mail address: ${join(", ", [for email in keys(var.administrators) : "\"${email}\"" if !can(regex(local.email_pattern, email))])}.
      Each key must be a bare address such as alice@acme.example (ASCII, one @, a domain with a dot).
    EOT
  }
  validation {
    condition     = alltrue([for p in values(var.administrators) : p.phone == null || can(regex(local.phone_pattern, coalesce(p.phone, "-")))])
    error_message = <<-EOT
      administrators: not an E.164 phone number: ${join(", ", [for email, p in var.administrators : "${email} (\"${p.phone}\")" if p.phone != null && !can(regex(local.phone_pattern, coalesce(p.phone, "-")))])}.
      A phone is a plus sign, the country code and the number, 7 to 15 digits with no spaces, e.g. +14155550123; or leave it out.
    EOT
  }
  validation {
    condition     = alltrue(flatten([for p in values(var.administrators) : [for r in p.roles : contains(local.role_names, r)]]))
    error_message = <<-EOT
      administrators: unknown role: ${join(", ", flatten([for email, p in var.administrators : [for r in p.roles : "${email} (\"${r}\")" if !contains(local.role_names, r)]]))}.
      A role is a built-in one (${join(", ", local.builtin_roles)}) or a key of custom_roles${length(var.custom_roles) == 0 ? " (none defined)" : " (${join(", ", keys(var.custom_roles))})"}.
    EOT
  }
}

variable "users" {
  type = map(object({
    first_name = string
    last_name  = string
    phone      = optional(string)
    roles      = optional(list(string), [])
  }))
  description = <<-EOT
    The client's other people, keyed by e-mail address: each gets an account in the client organization (and a
    set-up e-mail) with `roles` there. Someone with no roles can sign in and sees nothing.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for email in keys(var.users) : can(regex(local.email_pattern, email))])
    error_message = <<-EOT
      users: not an e-mail address: ${join(", ", [for email in keys(var.users) : "\"${email}\"" if !can(regex(local.email_pattern, email))])}.
      Each key must be a bare address such as alice@acme.example (ASCII, one @, a domain with a dot).
    EOT
  }
  validation {
    condition     = alltrue([for p in values(var.users) : p.phone == null || can(regex(local.phone_pattern, coalesce(p.phone, "-")))])
    error_message = <<-EOT
      users: not an E.164 phone number: ${join(", ", [for email, p in var.users : "${email} (\"${p.phone}\")" if p.phone != null && !can(regex(local.phone_pattern, coalesce(p.phone, "-")))])}.
      A phone is a plus sign, the country code and the number, 7 to 15 digits with no spaces, e.g. +14155550123; or leave it out.
    EOT
  }
  validation {
    condition     = alltrue(flatten([for p in values(var.users) : [for r in p.roles : contains(local.role_names, r)]]))
    error_message = <<-EOT
      users: unknown role: ${join(", ", flatten([for email, p in var.users : [for r in p.roles : "${email} (\"${r}\")" if !contains(local.role_names, r)]]))}.
      A role is a built-in one (${join(", ", local.builtin_roles)}) or a key of custom_roles${length(var.custom_roles) == 0 ? " (none defined)" : " (${join(", ", keys(var.custom_roles))})"}.
    EOT
  }
  validation {
    condition = alltrue([
      for given in { for e in concat(local.csv_addresses, keys(var.users), keys(var.administrators)) : lower(e) => e... } : length(given) == 1
    ])
    error_message = <<-EOT
      The same address appears more than once (ignoring case) in administrators, users and users_csv: ${join(", ", sort([
for e, given in { for e in concat(local.csv_addresses, keys(var.users), keys(var.administrators)) : lower(e) => e... } : e if length(given) > 1]))}.
      Addresses are unique in the portal: list each person once (an administrator's extra roles go in their roles).
    EOT
}
}

variable "users_csv" {
  type        = string
  description = <<-EOT
    More users, as CSV text (e.g. `file("users.csv")`), read with csvdecode: a header line with the columns `email`,
    `first_name`, `last_name` and optionally `phone` and `roles` (role names separated by spaces). Null for none.
  EOT
  default     = null

  validation {
    condition     = var.users_csv == null || can(csvdecode(var.users_csv))
    error_message = "users_csv is not CSV that csvdecode can read: give a header line and one line per user, with the same number of fields on every line."
  }
  validation {
    condition     = alltrue([for col in ["email", "first_name", "last_name"] : alltrue([for row in try(csvdecode(var.users_csv), []) : contains(keys(row), col)])])
    error_message = "users_csv: the header must name the columns email, first_name and last_name (phone and roles are optional)."
  }
  validation {
    condition     = alltrue([for row in try(csvdecode(var.users_csv), []) : can(regex(local.email_pattern, trimspace(lookup(row, "email", ""))))])
    error_message = <<-EOT
      users_csv: not an e-mail address: ${join(", ", [for i, row in try(csvdecode(var.users_csv), []) : "line ${i + 2} (\"${lookup(row, "email", "")}\")" if !can(regex(local.email_pattern, trimspace(lookup(row, "email", ""))))])}.
      The email column must hold a bare address such as alice@acme.example.
    EOT
  }
  validation {
    condition     = alltrue([for row in try(csvdecode(var.users_csv), []) : trimspace(lookup(row, "phone", "")) == "" || can(regex(local.phone_pattern, trimspace(lookup(row, "phone", ""))))])
    error_message = <<-EOT
      users_csv: not an E.164 phone number: ${join(", ", [for i, row in try(csvdecode(var.users_csv), []) : "line ${i + 2} (\"${lookup(row, "phone", "")}\")" if trimspace(lookup(row, "phone", "")) != "" && !can(regex(local.phone_pattern, trimspace(lookup(row, "phone", ""))))])}.
      A phone is a plus sign, the country code and the number, 7 to 15 digits with no spaces, e.g. +14155550123; or leave the field empty.
    EOT
  }
  validation {
    condition     = alltrue(flatten([for row in try(csvdecode(var.users_csv), []) : [for r in split(" ", lookup(row, "roles", "")) : r == "" || contains(local.role_names, r)]]))
    error_message = <<-EOT
      users_csv: unknown role: ${join(", ", flatten([for i, row in try(csvdecode(var.users_csv), []) : [for r in split(" ", lookup(row, "roles", "")) : "line ${i + 2} (\"${r}\")" if r != "" && !contains(local.role_names, r)]]))}.
      The roles column holds role names separated by spaces: built-in ones (${join(", ", local.builtin_roles)}) or keys of custom_roles.
    EOT
  }
}

variable "invitations" {
  type = map(object({
    roles      = list(string)
    message    = optional(string, "")
    expires_in = optional(string, "168h")
  }))
  description = <<-EOT
    People who set up (or confirm) their own account by accepting an e-mailed link, keyed by e-mail address, with
    the roles they get in the client organization. Use it for someone who may already have an account in the portal;
    give everyone else an account through administrators or users.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for email in keys(var.invitations) : can(regex(local.email_pattern, email))])
    error_message = <<-EOT
      invitations: not an e-mail address: ${join(", ", [for email in keys(var.invitations) : "\"${email}\"" if !can(regex(local.email_pattern, email))])}.
      Each key must be a bare address such as alice@acme.example.
    EOT
  }
  validation {
    condition     = alltrue([for i in values(var.invitations) : length(i.roles) > 0 && alltrue([for r in i.roles : contains(local.role_names, r)])])
    error_message = <<-EOT
      invitations: every invitation needs at least one role, each a built-in one (${join(", ", local.builtin_roles)}) or a key of custom_roles;
      wrong: ${join(", ", [for email, i in var.invitations : "${email} (${length(i.roles) == 0 ? "no roles" : join(" ", [for r in i.roles : "\"${r}\"" if !contains(local.role_names, r)])})" if length(i.roles) == 0 || !alltrue([for r in i.roles : contains(local.role_names, r)])])}.
    EOT
  }
  validation {
    condition     = length(setintersection([for e in keys(var.invitations) : lower(e)], keys(local.people_lower))) == 0
    error_message = <<-EOT
      invitations: these addresses also get an account from administrators, users or users_csv: ${join(", ", setintersection([for e in keys(var.invitations) : lower(e)], keys(local.people_lower)))}.
      An invitation to an account just created stays pending and mails a second link: list each person in one place.
    EOT
  }
}

variable "custom_roles" {
  type = map(object({
    description = optional(string, "")
    permissions = set(string)
  }))
  description = "Custom roles defined on the client organization, keyed by name, usable in administrators, users, users_csv and invitations."
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for name in keys(var.custom_roles) : !contains(local.builtin_roles, lower(name)) && trimspace(name) == name && name != ""])
    error_message = <<-EOT
      custom_roles: ${join(", ", [for name in keys(var.custom_roles) : "\"${name}\"" if contains(local.builtin_roles, lower(name)) || trimspace(name) != name || name == ""])} cannot be a custom role's name:
      the built-in names (${join(", ", local.builtin_roles)}) are taken, and a name has no leading or trailing white space.
    EOT
  }
  validation {
    condition     = alltrue([for r in values(var.custom_roles) : length(r.permissions) > 0])
    error_message = "custom_roles: these roles grant no permission: ${join(", ", [for name, r in var.custom_roles : name if length(r.permissions) == 0])}. List at least one, such as users:read."
  }
}

variable "ci_service_account" {
  type = object({
    name             = optional(string, "onboarding-ci")
    role             = optional(string, "user_manager")
    token_name       = optional(string, "ci")
    token_expires_in = optional(string, "2160h")
    token_rotation   = optional(string, "1")
  })
  description = <<-EOT
    The service account a pipeline uses for this client: its name, its one role on the client organization, and its
    managed token's name, lifetime (a duration, 90 days by default) and rotation value (change it to rotate the token).
  EOT
  default     = {}
  nullable    = false

  validation {
    condition     = contains(local.role_names, var.ci_service_account.role)
    error_message = "ci_service_account.role \"${var.ci_service_account.role}\" is unknown: use a built-in role (${join(", ", local.builtin_roles)}) or a key of custom_roles."
  }
}

variable "partner_access" {
  type = map(object({
    role_id = string
    days    = number
    renewal = optional(string, "")
  }))
  description = <<-EOT
    Time-bound access for the partner's technicians, keyed by their user id: `role_id` on the client organization for
    `days` days from the apply that grants it. Change `days` or `renewal` to start a new period from the next apply.
  EOT
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for a in values(var.partner_access) : a.days >= 1 && a.days <= 730 && floor(a.days) == a.days])
    error_message = "partner_access: days must be a whole number from 1 to 730; wrong for ${join(", ", [for id, a in var.partner_access : "${id} (${a.days})" if !(a.days >= 1 && a.days <= 730 && floor(a.days) == a.days)])}."
  }
  validation {
    condition     = alltrue([for a in values(var.partner_access) : contains(local.role_names, a.role_id) || startswith(a.role_id, "rol_")])
    error_message = <<-EOT
      partner_access: unknown role_id: ${join(", ", [for id, a in var.partner_access : "${id} (\"${a.role_id}\")" if !(contains(local.role_names, a.role_id) || startswith(a.role_id, "rol_"))])}.
      Use a built-in role (${join(", ", local.builtin_roles)}), a key of custom_roles, or the id of a partner's custom role (rol_…).
    EOT
  }
}
