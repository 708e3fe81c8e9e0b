# Import a service account by id ...
terraform import portal_service_account.acme_ci sva_06h0aef461jajq1b0j4czs2jh4

# ... or by its organization's id and its name.
terraform import portal_service_account.acme_ci org_06h0aef3tx505hk91pw9t7py5c/acme-provisioning
