#!/bin/sh
# Run once by the postgres image when it creates the database (compose.yaml mounts it into
# /docker-entrypoint-initdb.d): the role the API connects as. It owns nothing and is not a superuser,
# so row-level security binds it; `pl-api db upgrade` grants it the right to read and write rows.
# See docs/security.md.
set -eu
psql --set=ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" \
     --set=app_password="$PL_API_APP_PASSWORD" <<'SQL'
CREATE ROLE pl_api_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOBYPASSRLS;
SQL
