#!/usr/bin/env bash
# CPU profile of the prod jar under the ingress benchmark's load (8 clients, batches of 12 Digesto events): JFR's
# execution samples for 15 s once the warm-up is over, then the hottest frames (bench/jfr-top.py). Not part of the
# test suite; about a minute. Usage: bench/profile.sh [output.jfr]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/ingress.jfr}
case $out in /*) ;; *) out=$(pwd)/$out ;; esac # the JVM resolves it from its own directory
./mvnw -B -q package -DskipTests
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
java -Xmx1g -Dbench.clients=8 -Dbench.seconds=25 \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.despacho.bench.IngressBenchmark \
  > target/profile-bench.log 2>&1 &
bench=$!
app=""
for _ in $(seq 1 120); do
  app=$(pgrep -f 'quarkus-app/quarkus-run.jar' | head -1 || true)
  [ -n "$app" ] && break
  sleep 1
done
[ -n "$app" ] || { echo "the app did not start"; exit 1; }
# the app's own JDK's tools (the image's JDK, io.despacho.testing.ImageJvm): a recording is read by the JDK that wrote it
jdk_bin=$(dirname "$(readlink "/proc/$app/exe")")
sleep 18   # start, then the 5-s warm-ups of the webhook and of the raw producer
"$jdk_bin/jcmd" "$app" JFR.start name=ingress settings=profile duration=15s filename="$out" >/dev/null
sleep 17
wait $bench || true
grep -E "^(webhook|raw|ratio)" target/profile-bench.log || tail -5 target/profile-bench.log
JFR="$jdk_bin/jfr" python3 bench/jfr-top.py "$out"
