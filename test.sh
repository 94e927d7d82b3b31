#!/usr/bin/env bash
# Runs every test. On a fresh machine it first installs and starts what the tests need.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"

# One function per provisioned thing; each is idempotent and fast when already provisioned.

# Chromium for the web host's browser tests.
provision_chromium() {
  scripts/provision-chromium.sh
}

# PostgreSQL 15 server binaries and pgvector (built from Debian's source package). The PostgreSQL tests then start their own
# throwaway cluster (initdb in a temp dir, random loopback port) and remove it when they finish; set LEADORA_TEST_POSTGRES
# to an admin connection string to use an existing server instead.
provision_postgres() {
  scripts/provision-postgres.sh >/dev/null
}

provision_chromium
provision_postgres

dotnet build Leadora.sln -c Release --nologo -v quiet
dotnet test Leadora.sln -c Release --no-build --nologo "$@"
