#!/usr/bin/env bash
# Webhook ingress (prod jar) vs. the raw Kafka producer rate of the same in-JVM broker, measured in one run.
# Usage: bench/ingress.sh [clients] [seconds]     (not part of the test suite; takes about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-20}
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -Dbench.clients="$clients" -Dbench.seconds="$seconds" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.despacho.bench.IngressBenchmark
