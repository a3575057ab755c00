#!/bin/sh
# The training run of the image's AOT cache (JDK 25, JEP 483/514/515): starts the prod jar once, up to "Listening on",
# asks it a few requests and stops it; at exit the JVM writes the cache (every class it loaded, parsed, verified and
# linked, and the methods' profiles) from a second JVM it starts for that.
# A pod started with -XX:AOTCache=<cache> maps those classes instead of loading them (docs/benchmark.md: ready
# ~0.8 s sooner than with JDK 17's dynamic AppCDS archive on this project's 2-core machine). The cache fits only
# the JVM that wrote it and the jar at the same path: docker/Dockerfile.jvm runs this in a stage built on the runtime
# stage itself. A JVM that cannot use the cache says so on stderr and starts without it.
#
# usage: aot-training.sh <quarkus-run.jar> <cache>
#   needs the QUARKUS_DATASOURCE_* variables of a PostgreSQL it may migrate (a throwaway one: the run is a full
#   start); no Kafka: the clients are created (their classes are what counts) but nothing listens where they look.
#   JAVA_OPTS as the pods run (the collector and compressed pointers must match); the heap is capped here, a build
#   machine may be big. The java on the PATH must be the image's (JDK 25 or newer).
set -eu
jar=$1
cache=$2
log=$(mktemp)
rm -f "$cache"

export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9
export DIGESTO_WEBHOOK_TOKEN=aot-training-run-not-a-secret
export ANOREG_WEBHOOK_TOKEN=aot-training-run-not-a-secret
export QUARKUS_FLYWAY_MIGRATE_AT_START=true
export QUARKUS_HTTP_PORT=0
export DESPACHO_INGRESS_PUBLISH_DEADLINE=1s
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java ${JAVA_OPTS:-} -Xmx512m -XX:AOTCacheOutput="$cache" -jar "$jar" > "$log" 2>&1 &
pid=$!
waited=0
until grep -q "Listening on" "$log"; do
    if ! kill -0 "$pid" 2> /dev/null || [ "$waited" -ge 120 ]; then
        cat "$log" >&2
        echo "aot-training: the app did not start (above); no cache" >&2
        kill "$pid" 2> /dev/null || true
        exit 1
    fi
    sleep 1
    waited=$((waited + 1))
done
# A few requests, so that the classes answering them are in the cache too: trained on the start alone, the first
# probe of a started pod took 0.27-0.68 s, with them 0.24-0.27 s (docs/benchmark.md, eighth session). Kafka is
# unreachable here: the webhook that passes its checks is answered 503 at the publish deadline, shortened for this
# run, and readiness DOWN once its Kafka check gives up (~3 s).
port=$(sed -n 's/.*Listening on: http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log" | head -n 1)
ask() {
    curl -s -o /dev/null --max-time 5 "$@" || true
}
for path in /q/health/started /q/health/live /q/health/ready /api/processos/0016377-46.2015.8.07.0003; do
    ask "http://127.0.0.1:$port$path"
done
webhook="http://127.0.0.1:$port/webhooks/digesto?token=$DIGESTO_WEBHOOK_TOKEN"
ask -H 'Content-Type: application/json' --data '[{"id": 1, "evt_type": 16, "data": {"vr_id": 1}}]' "$webhook"
ask -H 'Content-Type: application/json' --data '[{"id": 1,' "$webhook"
ask -H 'Content-Type: application/json' --data '[]' "$webhook&token=twice"
kill -TERM "$pid"
wait "$pid" || true # a JVM stopped by SIGTERM exits with 143 after writing the cache
if [ ! -s "$cache" ]; then
    cat "$log" >&2
    echo "aot-training: no cache written at $cache" >&2
    exit 1
fi
rm -f "$log"
echo "aot-training: $(wc -c < "$cache") bytes at $cache after a ${waited}-s start"
