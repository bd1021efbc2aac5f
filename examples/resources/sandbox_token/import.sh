# Import a token by its id. The platform never reveals a secret after creation, so an imported
# token's secret is null.
terraform import sandbox_token.example 497f6eca-6276-4993-bfeb-53cbbbba6f08
