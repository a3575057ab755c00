#!/usr/bin/env bash
# One instance against two on this machine (not part of ./mvnw verify; about 2 minutes on 2 cores): the same burst
# of Digesto evt-13 webhooks to one prod jar, then spread over two jars on the same broker and PostgreSQL; prints
# events/s stored for each and their ratio. Usage: bench/instances.sh [events]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000}
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -Dbench.events="$events" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.despacho.bench.InstancesBenchmark \
  2>/dev/null | sed -n '/^Despacho instances benchmark/,$p'
