#!/usr/bin/env bash
# Push and pull throughput of a ~200 MB, 5-layer image: Berth's registry against Debian's
# docker-registry (CNCF distribution 2.8) in the same run, RUNS paired runs (default 5), order
# alternating. Each run starts both registries on fresh storage, so every layer is uploaded
# (no cross-repository mounts) and pulled with nothing cached locally. Loopback only.
# WARM=1: before the measured push, each freshly started registry first takes one unmeasured push
# and pull of a different image of the same shape (four 50 MB random layers of its own; only the 2 MB busybox
# base is shared with the measured image) to another repository, as a registry that has been up for
# a while would have: this measures steady state rather than a JVM's first minute, whose JIT
# compiler is still at work through the first ~300 MB. Both registries get the same warm-up.
# SERIES=1: both registries are started once and warmed up as with WARM=1, then take the RUNS paired
# runs one after another, each with a payload of its own (fresh random layers): a registry that has
# been serving for a while, which is what a registry is for; the JIT is done compiling by then.
# Besides wall-clock seconds, each registry's CPU seconds for the measured push and pull are printed
# (from /proc/<pid>/stat), which a busy machine disturbs far less.
#   [WARM=1 | SERIES=1] [BERTH_JAR=other.jar] berth-e2e/src/test/resources/ecr/bench.sh [RUNS]   (needs berth-cli/target/berth.jar)
set -euo pipefail
runs="${1:-5}"
warm="${WARM:-0}"
series="${SERIES:-0}"
[ "$series" = 1 ] && warm=1
root="$(cd "$(dirname "$0")/../../../../.." && pwd)"
jar="${BERTH_JAR:-$root/berth-cli/target/berth.jar}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -B -DskipTests package -pl berth-cli -am"; exit 1; }
unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=berth AWS_SECRET_ACCESS_KEY=berth AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
work="$(mktemp -d)"; export DOCKER_CONFIG="$work/docker"; mkdir -p "$DOCKER_CONFIG"
bport=45431; rport=45432
src=berth-bench/payload:src
warmsrc=berth-bench/warmup:src
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  docker rmi -f "$src" "$warmsrc" $(docker images -q --filter "reference=127.0.0.1:$bport/*") $(docker images -q --filter "reference=127.0.0.1:$rport/*") >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# the payload: busybox plus four 50 MB layers of random bytes (incompressible, like real binaries)
ctx="$work/ctx"; mkdir -p "$ctx"
build_payload() {
  docker rmi -f "$src" >/dev/null 2>&1 || true
  for i in 1 2 3 4; do head -c 50000000 /dev/urandom > "$ctx/l$i.bin"; done
  printf 'FROM berth-test/busybox:latest\nCOPY l1.bin /l1\nCOPY l2.bin /l2\nCOPY l3.bin /l3\nCOPY l4.bin /l4\n' > "$ctx/Dockerfile"
  docker build -q -t "$src" "$ctx" >/dev/null
  rm -f "$ctx"/l*.bin
}
build_payload
if [ "$warm" = 1 ]; then
  for i in 1 2 3 4; do head -c 50000000 /dev/urandom > "$ctx/l$i.bin"; done
  printf 'FROM berth-test/busybox:latest\nCOPY l1.bin /w1\nCOPY l2.bin /w2\nCOPY l3.bin /w3\nCOPY l4.bin /w4\n' > "$ctx/Dockerfile"
  docker build -q -t "$warmsrc" "$ctx" >/dev/null
  rm -f "$ctx"/l*.bin
fi

wait_http() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }

start_berth() {
  rm -rf "$work/berth"; mkdir -p "$work/berth"
  "$java" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -jar "$jar" server --port $bport --data-dir "$work/berth" >"$work/berth.log" 2>&1 &
  pids+=($!); berth_pid=$!
  wait_http "http://127.0.0.1:$bport/v2/"
  aws ecr create-repository --repository-name bench --endpoint-url "http://127.0.0.1:$bport" >/dev/null
  [ "$warm" = 1 ] && aws ecr create-repository --repository-name warm --endpoint-url "http://127.0.0.1:$bport" >/dev/null
  aws ecr get-login-password --endpoint-url "http://127.0.0.1:$bport" | docker login -u AWS --password-stdin "127.0.0.1:$bport" >/dev/null 2>&1
}
start_ref() {
  rm -rf "$work/ref"; mkdir -p "$work/ref"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$work/ref" $rport > "$work/ref.yml"
  /usr/bin/docker-registry serve "$work/ref.yml" >"$work/ref.log" 2>&1 &
  pids+=($!); ref_pid=$!
  wait_http "http://127.0.0.1:$rport/v2/"
}
now() { date +%s.%N; }
# the unmeasured warm-up push and pull (WARM=1)
warmup() {
  [ "$warm" = 1 ] || return 0
  docker tag "$warmsrc" "$1/warm:v1"; docker push -q "$1/warm:v1" >/dev/null
  docker rmi "$1/warm:v1" "$warmsrc" >/dev/null; docker pull -q "$1/warm:v1" >/dev/null
  docker tag "$1/warm:v1" "$warmsrc"; docker rmi "$1/warm:v1" >/dev/null
}
# CPU seconds (user + system) a process has used so far
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# push then pull one registry (host, pid); prints "push_s pull_s push_cpu_s pull_cpu_s"
measure() {
  local target="$1/bench:v$tag" t0 t1 t2 t3 c0 c1 c2
  docker tag "$src" "$target"
  c0=$(cpu "$2"); t0=$(now); docker push -q "$target" >/dev/null; t1=$(now); c1=$(cpu "$2")
  docker rmi "$target" "$src" >/dev/null
  docker image inspect "$target" >/dev/null 2>&1 && { echo "image still local"; exit 1; }
  t2=$(now); docker pull -q "$target" >/dev/null; t3=$(now); c2=$(cpu "$2")
  docker tag "$target" "$src"; docker rmi "$target" >/dev/null
  echo "$(echo "$t1 - $t0" | bc) $(echo "$t3 - $t2" | bc) $(echo "$c1 - $c0" | bc) $(echo "$c2 - $c1" | bc)"
}

size_mb=$(docker image inspect "$src" --format '{{.Size}}' | awk '{printf "%.0f", $1/1000000}')
echo "image: $size_mb MB, $(docker image inspect "$src" --format '{{len .RootFS.Layers}}') layers; $runs paired runs; warm-up push and pull: $([ "$warm" = 1 ] && echo yes || echo no); one registry process for all runs: $([ "$series" = 1 ] && echo yes || echo no)"
echo "run berth_push_s berth_pull_s berth_push_cpu_s berth_pull_cpu_s ref_push_s ref_pull_s ref_push_cpu_s ref_pull_cpu_s"
: > "$work/results"
tag=1
if [ "$series" = 1 ]; then
  start_berth; start_ref
  warmup "127.0.0.1:$bport"; warmup "127.0.0.1:$rport"
fi
for r in $(seq 1 "$runs"); do
  if [ "$series" = 1 ]; then
    [ "$r" -gt 1 ] && build_payload
    tag=$r
  else
    start_berth; start_ref
    warmup "127.0.0.1:$bport"; warmup "127.0.0.1:$rport"
  fi
  if [ $((r % 2)) -eq 1 ]; then b=$(measure "127.0.0.1:$bport" $berth_pid); d=$(measure "127.0.0.1:$rport" $ref_pid)
  else d=$(measure "127.0.0.1:$rport" $ref_pid); b=$(measure "127.0.0.1:$bport" $berth_pid); fi
  echo "$r $b $d" | tee -a "$work/results"
  if [ "$series" != 1 ]; then
    kill $berth_pid $ref_pid; wait $berth_pid $ref_pid 2>/dev/null || true
    docker logout "127.0.0.1:$bport" >/dev/null 2>&1 || true
  fi
done
python3 - "$work/results" "$size_mb" <<'PY'
import statistics, sys
rows = [list(map(float, l.split()[1:])) for l in open(sys.argv[1]) if l.strip()]
mb = float(sys.argv[2])
med = [statistics.median(r[i] for r in rows) for i in range(8)]
ratio = lambda i, j: statistics.median(r[j] / r[i] for r in rows)
print(f"median push: berth {med[0]:.2f}s ({mb/med[0]:.0f} MB/s, {med[2]:.2f} CPU-s)  reference {med[4]:.2f}s ({mb/med[4]:.0f} MB/s, {med[6]:.2f} CPU-s)  berth/ref throughput {ratio(0,4):.2f}x")
print(f"median pull: berth {med[1]:.2f}s ({mb/med[1]:.0f} MB/s, {med[3]:.2f} CPU-s)  reference {med[5]:.2f}s ({mb/med[5]:.0f} MB/s, {med[7]:.2f} CPU-s)  berth/ref throughput {ratio(1,5):.2f}x")
PY
