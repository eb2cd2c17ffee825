"""The core domain, one package per area: models, schemas, services and controllers together."""
