#!/usr/bin/env bash
# Normalized-process upserts/s vs. a raw multi-row insert of the same rows (same PostgreSQL, same run), and the time
# and peak heap of importing virtual reports of 4,000 and 40,000 processes from WireMock.
# Usage: bench/digesto.sh [processes] [report sizes, comma-separated]     (several minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -Dbench.excluded=none -Dtest=DigestoStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx1g -Dbench.processes=${1:-5000} -Dbench.reports=${2:-4000,40000}" \
  | grep -E "^(Digesto store|ProcessoStore|raw multi|ratio|round|report of|  |\[ERROR\]|Tests run)" || true
