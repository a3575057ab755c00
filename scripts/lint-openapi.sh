#!/usr/bin/env bash
# Lints the OpenAPI document the build writes (target/openapi/openapi.yaml) with Redocly's recommended rules.
# Needs node and npm; the pinned @redocly/cli comes from npm on first use. Exit status 1 on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f target/openapi/openapi.yaml ] || [ "${REBUILD:-1}" = 1 ]; then
  ./mvnw -q -B package -DskipTests
fi
exec npx --yes @redocly/cli@2.77.0 lint target/openapi/openapi.yaml --format=stylish
