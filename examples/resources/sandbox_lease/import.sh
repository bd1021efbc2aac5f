# A lease is imported by its id (a UUID). Only an active lease can be imported.
terraform import sandbox_lease.example 8f0e3c52-4a1b-4c6e-9d3f-2b7a1e5c9d40
