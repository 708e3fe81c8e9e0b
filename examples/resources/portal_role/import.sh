# Import a custom role by its id (built-in roles cannot be managed) ...
terraform import portal_role.helpdesk rol_06h0akbagd8qcjenv4mcvbn288

# ... or by its organization's id and its name.
terraform import portal_role.helpdesk org_06h0aef3tx505hk91pw9t7py40/Helpdesk
