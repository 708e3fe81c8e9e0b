# Import an organization by its id ...
terraform import portal_organization.acme org_06h0aef3tx505hk91pw9t7py5c

# ... by its external id (the key in your CRM) ...
terraform import portal_organization.acme external_id=crm-1001

# ... or by its parent's id and its name.
terraform import portal_organization.acme org_06h0aef3tx505hk91pw9t7py40/Acme
