# Import a token by its service account's id and its own id. The secret is shown
# once by the API, so an imported token has no `token` value.
terraform import portal_api_token.acme_ci sva_06h0aef461jajq1b0j4czs2jh4/tok_06h0akbagd8qcjenv4mcvbn288
