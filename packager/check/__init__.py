"""Check: validate records against the published JSON Schemas and report findings."""
