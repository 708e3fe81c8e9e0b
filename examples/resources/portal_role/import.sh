# Import a custom role by its id (built-in roles cannot be managed).
terraform import portal_role.helpdesk rol_06h0akbagd8qcjenv4mcvbn288
