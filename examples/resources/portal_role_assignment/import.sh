# Import a role assignment by its id.
terraform import portal_role_assignment.terry_technician ras_06h0akbagd8qcjenv4mcvbn288
