#!/usr/bin/env bash
# Runs every test. On a fresh machine it first installs and starts what the tests need.
# Usage: ./test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")"
scripts/provision-chromium.sh

dotnet build Leadora.sln -c Release --nologo -v quiet
dotnet test Leadora.sln -c Release --no-build --nologo "$@"
