# Import a role assignment by its id ...
terraform import portal_role_assignment.terry_technician ras_06h0akbagd8qcjenv4mcvbn288

# ... or by user id, organization id and role id.
terraform import portal_role_assignment.terry_technician usr_06h0aef461jajq1b0j4czs2jh4/org_06h0aef3tx505hk91pw9t7py40/technician
