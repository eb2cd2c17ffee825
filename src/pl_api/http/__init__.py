"""HTTP conventions shared by every route: problems, pagination, ETags, authentication, OpenAPI."""
