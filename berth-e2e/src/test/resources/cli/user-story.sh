#!/usr/bin/env bash
# The foundation's user story with Debian's aws CLI v2 against a running Berth.
# Needs BERTH_ENDPOINT (e.g. http://127.0.0.1:4566) and BERTH_CLUSTER; run from this directory.
set -euo pipefail
unset AWS_CA_BUNDLE
export AWS_ACCESS_KEY_ID=berth AWS_SECRET_ACCESS_KEY=berth AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
aws() { /usr/bin/aws --endpoint-url "$BERTH_ENDPOINT" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
c="$BERTH_CLUSTER"

arn=$(aws ecs create-cluster --cluster-name "$c" --query cluster.clusterArn --output text)
[ "$arn" = "arn:aws:ecs:us-east-1:000000000000:cluster/$c" ] || fail "cluster arn $arn"

td=$(aws ecs register-task-definition --cli-input-json file://web.json --query taskDefinition.taskDefinitionArn --output text)
[[ "$td" == *":task-definition/cli-web:"* ]] || fail "task definition $td"

tasks=$(aws ecs run-task --cluster "$c" --task-definition cli-web --count 2 --query 'tasks[].taskArn' --output text)
set -- $tasks
[ $# -eq 2 ] || fail "run-task gave $# tasks: $tasks"

aws ecs wait tasks-running --cluster "$c" --tasks "$@"
for t in "$@"; do
  read -r ip port < <(aws ecs describe-tasks --cluster "$c" --tasks "$t" \
      --query 'tasks[0].containers[0].networkBindings[0].[bindIP,hostPort]' --output text)
  body=$(curl -sf --max-time 5 "http://$ip:$port/") || fail "no HTTP answer from $ip:$port"
  [ "$body" = "cli-ok" ] || fail "body '$body' from $ip:$port"
done

aws ecs stop-task --cluster "$c" --task "$1" --reason "stopped from the aws CLI" >/dev/null
aws ecs wait tasks-stopped --cluster "$c" --tasks "$1"
read -r status code reason exitcode < <(aws ecs describe-tasks --cluster "$c" --tasks "$1" \
    --query 'tasks[0].[lastStatus,stopCode,stoppedReason,containers[0].exitCode]' --output text | tr '\t' '|' | { IFS='|' read -r a b r e; echo "$a $b ${r// /_} $e"; })
[ "$status" = STOPPED ] || fail "status $status"
[ "$code" = UserInitiated ] || fail "stopCode $code"
[ "$reason" = "stopped_from_the_aws_CLI" ] || fail "stoppedReason $reason"
[ "$exitcode" = 137 ] || fail "exit code $exitcode"

aws ecs stop-task --cluster "$c" --task "$2" >/dev/null
aws ecs wait tasks-stopped --cluster "$c" --tasks "$2"

# a service of two kept running, then scaled in and deleted, with the CLI's waiters. The waiters
# sleep 15 s between attempts, so a quick poll first lets each succeed on its first attempt.
settle() { # settle QUERY VALUE: describe-services until QUERY gives VALUE (at most 60 s)
  for _ in $(seq 1 300); do
    [ "$(aws ecs describe-services --cluster "$c" --services cli-svc --query "$1" --output text)" = "$2" ] && return 0
    sleep 0.2
  done
  fail "service never reached $1 = $2"
}
aws ecs create-service --cluster "$c" --service-name cli-svc --task-definition cli-web --desired-count 2 >/dev/null
settle 'services[0].runningCount' 2
aws ecs wait services-stable --cluster "$c" --services cli-svc
read -r running desired < <(aws ecs describe-services --cluster "$c" --services cli-svc \
    --query 'services[0].[runningCount,desiredCount]' --output text)
[ "$running" = 2 ] && [ "$desired" = 2 ] || fail "service running $running desired $desired"
steady=$(aws ecs describe-services --cluster "$c" --services cli-svc --query 'services[0].events[0].message' --output text)
[ "$steady" = "(service cli-svc) has reached a steady state." ] || fail "newest service event '$steady'"
aws ecs update-service --cluster "$c" --service cli-svc --desired-count 0 >/dev/null
settle 'services[0].runningCount' 0
aws ecs wait services-stable --cluster "$c" --services cli-svc
left=$(aws ecs list-tasks --cluster "$c" --service-name cli-svc --desired-status RUNNING --query 'length(taskArns)' --output text)
[ "$left" = 0 ] || fail "$left service tasks left after scaling to 0"
aws ecs delete-service --cluster "$c" --service cli-svc >/dev/null
settle 'services[0].status' INACTIVE
aws ecs wait services-inactive --cluster "$c" --services cli-svc
echo "cli user story: ok"
