#!/usr/bin/env bash
# Local Apache Kafka 4.x (KRaft, single node) from its Maven Central jars.
#   kafka.sh up | down | status | restart | perf-test <args...>
# Data and jars live in .local/kafka (git-ignored). Ports: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${PARK_LOCAL_DIR:-$root/.local}/kafka"
# KAFKA_LIBS_DIR lets a second broker (the fault test's) share the jars already fetched
libs="${KAFKA_LIBS_DIR:-$state/libs}"
data="$state/data"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-9093}"
pidfile="$state/kafka.pid"
logfile="$state/kafka.log"

die() { echo "kafka: $*" >&2; exit 1; }

need_tools() {
  command -v java >/dev/null || die "java not found. Install a JDK 17+ (Debian: apt-get install openjdk-17-jre-headless)."
  command -v mvn >/dev/null || [ -f "$libs/.complete" ] || die "mvn not found; it fetches Kafka's jars from Maven Central. Install it (Debian: apt-get install maven)."
}

fetch_jars() {
  [ -f "$libs/.complete" ] && [ "$libs/.complete" -nt "$here/kafka/pom.xml" ] && return 0
  echo "kafka: fetching Apache Kafka jars from Maven Central (once)…"
  rm -rf "$libs" && mkdir -p "$libs"
  mvn -q -B -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$libs" -DincludeScope=runtime \
    || die "could not fetch Kafka's jars with Maven (is Maven Central reachable? see the output above)."
  touch "$libs/.complete"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

java_run() { java -Xms256m -Xmx1g -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" -cp "$libs/*" "$@"; }

configure() {
  mkdir -p "$data"
  sed -e "s#@KAFKA_PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$cport#g" -e "s#@DATA_DIR@#$data#g" \
    "$here/kafka/server.properties.template" > "$state/server.properties"
  if [ ! -f "$data/meta.properties" ]; then
    local cluster_id
    cluster_id="$(java_run kafka.tools.StorageTool random-uuid)"
    java_run kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" >/dev/null
  fi
}

up() {
  need_tools
  if running && port_open "$port"; then echo "kafka: already running on 127.0.0.1:$port"; return 0; fi
  if port_open "$port"; then echo "kafka: something already listens on 127.0.0.1:$port; using it"; return 0; fi
  fetch_jars
  configure
  echo "kafka: starting on 127.0.0.1:$port (log: $logfile)"
  # setsid: the broker outlives the shell (or test) that started it, and its process group
  setsid nohup java -Xms256m -Xmx1g -XX:+UseG1GC -Dlog4j2.configurationFile="$here/kafka/log4j2.properties" \
    -cp "$libs/*" kafka.Kafka "$state/server.properties" >"$logfile" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if port_open "$port"; then echo "kafka: ready"; return 0; fi
    running || { tail -n 30 "$logfile" >&2; die "the broker exited while starting (log above, full log: $logfile)."; }
    sleep 0.5
  done
  tail -n 30 "$logfile" >&2
  die "the broker did not open 127.0.0.1:$port within 60 s (log: $logfile)."
}

down() {
  if running; then
    local pid; pid="$(cat "$pidfile")"
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "kafka: stopped"
  else
    echo "kafka: not running"
  fi
  rm -f "$pidfile"
}

status() {
  if port_open "$port"; then echo "kafka: up on 127.0.0.1:$port"; else echo "kafka: down"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  restart) down; up ;;
  status) status ;;
  # Kafka's own producer-performance tool against the local broker (used by the ingest benchmark).
  perf-test) shift; fetch_jars; java_run org.apache.kafka.tools.ProducerPerformance "$@" ;;
  *) echo "usage: $0 up|down|restart|status|perf-test ARGS" >&2; exit 2 ;;
esac
