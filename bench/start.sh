#!/usr/bin/env bash
# Start-to-ready (median of 3 cold starts) and RSS (at ready, after 15 s idle) of the prod jar, and once more as the
# pod runs it, on the in-JVM broker + PostgreSQL; about a minute and a half. Usage: bench/start.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -Dbench.startOnly=true \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.despacho.bench.PipelineBenchmark \
  2>/dev/null | grep "^prod jar"
