# Import an organization by its id.
terraform import portal_organization.acme org_06h0aef3tx505hk91pw9t7py5c
