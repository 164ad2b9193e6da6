#!/usr/bin/env bash
# The seed workflow verbatim against Berth with the aws CLI v2 and docker: create a repository, log
# in with an ECR token, tag, push, remove, pull. Needs BERTH_ENDPOINT; uses DOCKER_CONFIG if set so
# the login stays out of the user's docker config. Only loopback is contacted.
set -euo pipefail
: "${BERTH_ENDPOINT:?}"
unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-berth}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-berth}" AWS_PAGER=""
aws() { /usr/bin/aws "$@"; } # Debian's aws CLI v2: a v1 may come first on PATH
registry="${BERTH_ENDPOINT#http://}"
tag="seed-$$"

aws ecr create-repository --repository-name demo --region us-east-1 --endpoint-url "$BERTH_ENDPOINT" >/dev/null
uri="$(aws ecr describe-repositories --repository-names demo --region us-east-1 --endpoint-url "$BERTH_ENDPOINT" \
  --query 'repositories[0].repositoryUri' --output text)"
[ "$uri" = "$registry/demo" ] || { echo "repositoryUri is $uri, expected $registry/demo"; exit 1; }
aws ecr get-login-password --region us-east-1 --endpoint-url "$BERTH_ENDPOINT" | docker login --username AWS --password-stdin "$registry"

cleanup() { docker rmi -f "demo:$tag" "$registry/demo:latest" >/dev/null 2>&1 || true; docker logout "$registry" >/dev/null 2>&1 || true; }
trap cleanup EXIT

docker tag berth-test/busybox:latest "demo:$tag"
docker tag "demo:$tag" "$registry/demo:latest" && docker push "$registry/demo:latest"
docker rmi "$registry/demo:latest" >/dev/null
docker pull "$registry/demo:latest"
docker image inspect "$registry/demo:latest" >/dev/null

n="$(aws ecr list-images --repository-name demo --region us-east-1 --endpoint-url "$BERTH_ENDPOINT" --query 'length(imageIds)' --output text)"
[ "$n" = "1" ] || { echo "expected 1 image in demo, found $n"; exit 1; }
echo "ecr seed: ok"
