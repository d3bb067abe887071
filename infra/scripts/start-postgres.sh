#!/usr/bin/env bash
# Installs (when missing) and starts a local PostgreSQL for the tests, with a role that may create databases
# but is not a superuser, so row-level security applies to it. No systemd here: pg_ctlcluster starts it.
set -euo pipefail

role="${SAAS_PG_ROLE:-saas}"
password="${SAAS_PG_PASSWORD:-saas}"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start || [ $? -eq 2 ]

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -h 127.0.0.1

cd /
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS PASSWORD '$password';
  END IF;
END
\$\$;
SQL
echo "PostgreSQL $version is running; role '$role' can create databases."
