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
# CLIENT=curl: the same transfers without the docker client, so the registry is what is measured:
# docker spends ~11 CPU-s gzipping a push and writes every pulled layer to disk, which makes a
# docker push or pull mostly the client's time. curl uploads four fresh 50 MB random blobs
# (POST, PATCH, PUT ?digest=) and a config at once, then PUTs the manifest: that is the push; the
# pull GETs the manifest, then all five blobs at once to /dev/null. Combines with WARM and SERIES.
# AA=1: an A/A run that measures the measure: a second docker-registry, on fresh storage of its own,
# stands in Berth's place, so the ratios show how far two identical registries land from 1.0x in
# this mode on this machine. Combines with the modes above.
# Besides wall-clock seconds, each registry's CPU seconds for the measured push and pull are printed
# (from /proc/<pid>/stat), which a busy machine disturbs far less.
# Berth runs as ./berth server runs it (the launcher's JVM flags, and its AOT cache on JDK 25+);
# './berth build' first builds it if needed and records that cache, outside the measured runs.
#   [WARM=1 | SERIES=1] [CLIENT=curl] [AA=1] [BERTH_JAR=other.jar] berth-e2e/src/test/resources/ecr/bench.sh [RUNS]
set -euo pipefail
runs="${1:-5}"
warm="${WARM:-0}"
series="${SERIES:-0}"
client="${CLIENT:-docker}"
aa="${AA:-0}"
[ "$series" = 1 ] && warm=1
root="$(cd "$(dirname "$0")/../../../../.." && pwd)"
[ "$aa" = 1 ] || "$root/berth" build
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
[ "$client" = curl ] || build_payload
if [ "$warm" = 1 ] && [ "$client" != curl ]; then
  for i in 1 2 3 4; do head -c 50000000 /dev/urandom > "$ctx/l$i.bin"; done
  printf 'FROM berth-test/busybox:latest\nCOPY l1.bin /w1\nCOPY l2.bin /w2\nCOPY l3.bin /w3\nCOPY l4.bin /w4\n' > "$ctx/Dockerfile"
  docker build -q -t "$warmsrc" "$ctx" >/dev/null
  rm -f "$ctx"/l*.bin
fi

wait_http() { for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1"; exit 1; }

start_berth() {
  rm -rf "$work/berth"; mkdir -p "$work/berth"
  if [ "$aa" = 1 ]; then
    start_registry "$work/berth" $bport; berth_pid=$reg_pid; token=none
    return 0
  fi
  "$root/berth" server --port $bport --data-dir "$work/berth" >"$work/berth.log" 2>&1 &
  pids+=($!); berth_pid=$!
  wait_http "http://127.0.0.1:$bport/v2/"
  aws ecr create-repository --repository-name bench --endpoint-url "http://127.0.0.1:$bport" >/dev/null
  [ "$warm" = 1 ] && aws ecr create-repository --repository-name warm --endpoint-url "http://127.0.0.1:$bport" >/dev/null
  token=$(aws ecr get-login-password --endpoint-url "http://127.0.0.1:$bport")
  echo "$token" | docker login -u AWS --password-stdin "127.0.0.1:$bport" >/dev/null 2>&1
}
# docker-registry on storage directory $1 (emptied) and port $2; its pid in reg_pid
start_registry() {
  rm -rf "$1"; mkdir -p "$1"
  printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$1" "$2" > "$1.yml"
  /usr/bin/docker-registry serve "$1.yml" >"$1.log" 2>&1 &
  pids+=($!); reg_pid=$!
  wait_http "http://127.0.0.1:$2/v2/"
}
start_ref() { start_registry "$work/ref" $rport; ref_pid=$reg_pid; }
now() { date +%s.%N; }
# CLIENT=curl: curl with Berth's credentials for Berth's port, without any for the reference's (and for both with AA=1)
rcurl() { case "$aa:$1" in 0:*":$bport"*) curl -sf -u "AWS:$token" "$@";; *) curl -sfL "$@";; esac; }
# pushes the blob in file $2 to registry URL $1 (POST, one PATCH, PUT ?digest=)
curl_blob() {
  local loc
  loc=$(rcurl "$1/v2/bench/blobs/uploads/" -X POST -D - -o /dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
  case "$loc" in http*) ;; *) loc="$1$loc";; esac
  loc=$(rcurl "$loc" -X PATCH -H 'Content-Type: application/octet-stream' --data-binary "@$2" -D - -o /dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="location" {print $2}')
  case "$loc" in http*) ;; *) loc="$1$loc";; esac
  case "$loc" in *\?*) loc="$loc&";; *) loc="$loc?";; esac
  rcurl "${loc}digest=sha256:$(sha256sum "$2" | cut -d' ' -f1)" -X PUT -o /dev/null
}
# four fresh 50 MB random layers and a config, with the manifest that names them, in $work/blobs
curl_payload() {
  rm -rf "$work/blobs"; mkdir -p "$work/blobs"
  for i in 1 2 3 4; do head -c 50000000 /dev/urandom > "$work/blobs/l$i"; done
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]},"run":%s}' "$RANDOM$RANDOM" > "$work/blobs/config"
  python3 - "$work/blobs" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
desc = lambda f, t: {"mediaType": t, "size": os.path.getsize(f), "digest": "sha256:" + hashlib.sha256(open(f, "rb").read()).hexdigest()}
m = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
     "config": desc(os.path.join(d, "config"), "application/vnd.oci.image.config.v1+json"),
     "layers": [desc(os.path.join(d, "l%d" % i), "application/vnd.oci.image.layer.v1.tar+gzip") for i in (1, 2, 3, 4)]}
open(os.path.join(d, "manifest"), "w").write(json.dumps(m))
open(os.path.join(d, "digests"), "w").write("\n".join([m["config"]["digest"]] + [l["digest"] for l in m["layers"]]) + "\n")
PY
}
# push and pull of the payload as tag $2 to and from registry host $1
curl_push() {
  local pids=() f
  for f in l1 l2 l3 l4 config; do curl_blob "http://$1" "$work/blobs/$f" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p"; done
  rcurl "http://$1/v2/bench/manifests/$2" -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' --data-binary "@$work/blobs/manifest" -o /dev/null
}
curl_pull() {
  local pids=() d
  rcurl "http://$1/v2/bench/manifests/$2" -H 'Accept: application/vnd.oci.image.manifest.v1+json' -o /dev/null
  while read -r d; do rcurl "http://$1/v2/bench/blobs/$d" -o /dev/null & pids+=($!); done < "$work/blobs/digests"
  for p in "${pids[@]}"; do wait "$p"; done
}
# the unmeasured warm-up push and pull (WARM=1)
warmup() {
  [ "$warm" = 1 ] || return 0
  if [ "$client" = curl ]; then curl_payload; curl_push "$1" warm; curl_pull "$1" warm; return 0; fi
  docker tag "$warmsrc" "$1/warm:v1"; docker push -q "$1/warm:v1" >/dev/null
  docker rmi "$1/warm:v1" "$warmsrc" >/dev/null; docker pull -q "$1/warm:v1" >/dev/null
  docker tag "$1/warm:v1" "$warmsrc"; docker rmi "$1/warm:v1" >/dev/null
}
# CPU seconds (user + system) a process has used so far
cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
# push then pull one registry (host, pid); prints "push_s pull_s push_cpu_s pull_cpu_s"
measure() {
  local target="$1/bench:v$tag" t0 t1 t2 t3 c0 c1 c2
  if [ "$client" = curl ]; then
    c0=$(cpu "$2"); t0=$(now); curl_push "$1" "v$tag"; t1=$(now); c1=$(cpu "$2")
    t2=$(now); curl_pull "$1" "v$tag"; t3=$(now); c2=$(cpu "$2")
    echo "$(echo "$t1 - $t0" | bc) $(echo "$t3 - $t2" | bc) $(echo "$c1 - $c0" | bc) $(echo "$c2 - $c1" | bc)"
    return 0
  fi
  docker tag "$src" "$target"
  c0=$(cpu "$2"); t0=$(now); docker push -q "$target" >/dev/null; t1=$(now); c1=$(cpu "$2")
  docker rmi "$target" "$src" >/dev/null
  docker image inspect "$target" >/dev/null 2>&1 && { echo "image still local"; exit 1; }
  t2=$(now); docker pull -q "$target" >/dev/null; t3=$(now); c2=$(cpu "$2")
  docker tag "$target" "$src"; docker rmi "$target" >/dev/null
  echo "$(echo "$t1 - $t0" | bc) $(echo "$t3 - $t2" | bc) $(echo "$c1 - $c0" | bc) $(echo "$c2 - $c1" | bc)"
}

if [ "$client" = curl ]; then
  size_mb=200
  echo "client: curl, no docker; image: four 50 MB random blobs, a config and a manifest; $runs paired runs; warm-up push and pull: $([ "$warm" = 1 ] && echo yes || echo no); one registry process for all runs: $([ "$series" = 1 ] && echo yes || echo no)"
else
  size_mb=$(docker image inspect "$src" --format '{{.Size}}' | awk '{printf "%.0f", $1/1000000}')
  echo "image: $size_mb MB, $(docker image inspect "$src" --format '{{len .RootFS.Layers}}') layers; $runs paired runs; warm-up push and pull: $([ "$warm" = 1 ] && echo yes || echo no); one registry process for all runs: $([ "$series" = 1 ] && echo yes || echo no)"
fi
[ "$aa" = 1 ] && echo "A/A: a second docker-registry stands in Berth's place (the columns and ratios named berth)"
echo "run berth_push_s berth_pull_s berth_push_cpu_s berth_pull_cpu_s ref_push_s ref_pull_s ref_push_cpu_s ref_pull_cpu_s"
: > "$work/results"
tag=1
if [ "$series" = 1 ]; then
  start_berth; start_ref
  warmup "127.0.0.1:$bport"; warmup "127.0.0.1:$rport"
fi
for r in $(seq 1 "$runs"); do
  if [ "$series" = 1 ]; then
    if [ "$client" = curl ]; then curl_payload; elif [ "$r" -gt 1 ]; then build_payload; fi
    tag=$r
  else
    start_berth; start_ref
    warmup "127.0.0.1:$bport"; warmup "127.0.0.1:$rport"
    [ "$client" = curl ] && curl_payload
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
