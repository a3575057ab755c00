#!/usr/bin/env bash
# Anoreg/MT under its 30-requests-per-minute rule, against a WireMock that enforces it (429 beyond) and answers in
# 50 ms: webhook-to-stored time of single pedidos, then a burst processed within the budget — requests per 60 s
# window, 429s and logins. Usage: bench/anoreg.sh [burst size]     (about 3 minutes for the default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -Dbench.excluded=none -Dtest=AnoregBudgetBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.pedidos=${1:-40}" \
  | grep -E "^(Anoreg|webhook ->|burst of|most requests|\[ERROR\]|Tests run)" || true
