#!/usr/bin/env bash
# The whole benchmark in one run (not part of ./mvnw verify; about 10 minutes on 2 cores):
#  1. PipelineBenchmark, on the prod jar + in-JVM broker + PostgreSQL: start-to-ready and RSS, webhook ingress rate
#     vs the raw producer (closed loop), ack latency at a fixed rate vs the raw producer at the same rate, and
#     end-to-end webhook -> provider (WireMock, fixed delay) -> stored -> published at a fixed rate;
#     (end to end at the given rate and at 100 reports/s), with the app's CPU by thread group during the ingress;
#     then the ingress rate and ack rows again on an app whose consumers are idle (the webhook road alone);
#  2. DigestoStoreBenchmark: normalized upserts/s vs a raw multi-row INSERT of the same rows, same PostgreSQL;
#  3. AnoregBudgetBenchmark: a burst of Anoreg pedidos against a WireMock enforcing 30 requests / 60 s — requests
#     per window used of the 30, and 429s (about 3 minutes).
# Usage: bench/run.sh [seconds per measure] [end-to-end reports/s] [store processes] [anoreg pedidos]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
rate=${2:-20}
processes=${3:-3000}
pedidos=${4:-40}
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -Dbench.seconds="$seconds" -Dbench.e2e.rate="$rate" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.despacho.bench.PipelineBenchmark \
  2>/dev/null | sed -n '/^Despacho benchmark/,$p'
./mvnw -B test -Dbench.excluded=none -Dtest=DigestoStoreBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx1g -Dbench.processes=$processes -Dbench.reports=none" \
  | grep -E "^(Digesto store|ProcessoStore|raw multi|ratio|round|\[ERROR\])" || true
./mvnw -B test -Dbench.excluded=none -Dtest=AnoregBudgetBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Dbench.pedidos=$pedidos" \
  | grep -E "^(Anoreg|webhook ->|burst of|most requests|\[ERROR\])" || true
