"""Berth with boto3 (Debian's python3-boto3): the foundation's user story and an error.
Needs BERTH_ENDPOINT and BERTH_CLUSTER."""
import os
import sys

import boto3
from botocore.exceptions import ClientError

os.environ.pop("AWS_CA_BUNDLE", None)
ecs = boto3.client("ecs", endpoint_url=os.environ["BERTH_ENDPOINT"], region_name="us-east-1",
                   aws_access_key_id="berth", aws_secret_access_key="berth")
cluster = os.environ["BERTH_CLUSTER"]


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


ecs.create_cluster(clusterName=cluster)
ecs.register_task_definition(family="py-sleep", containerDefinitions=[{
    "name": "app", "image": "berth-test/busybox:latest", "memory": 32, "stopTimeout": 1,
    "command": ["sleep", "600"]}])
run = ecs.run_task(cluster=cluster, taskDefinition="py-sleep", count=1, startedBy="boto3")
check(not run["failures"], "run_task failures: %s" % run["failures"])
arn = run["tasks"][0]["taskArn"]
ecs.get_waiter("tasks_running").wait(cluster=cluster, tasks=[arn], WaiterConfig={"Delay": 1, "MaxAttempts": 60})
listed = ecs.list_tasks(cluster=cluster, startedBy="boto3")["taskArns"]
check(listed == [arn], "list_tasks %s" % listed)
ecs.stop_task(cluster=cluster, task=arn)
ecs.get_waiter("tasks_stopped").wait(cluster=cluster, tasks=[arn], WaiterConfig={"Delay": 1, "MaxAttempts": 60})
task = ecs.describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]
check(task["stopCode"] == "UserInitiated", "stopCode %s" % task.get("stopCode"))
try:
    ecs.list_tasks(cluster="no-such-cluster")
    check(False, "expected ClusterNotFoundException")
except ClientError as e:
    check(e.response["Error"]["Code"] == "ClusterNotFoundException", "error code %s" % e.response["Error"]["Code"])
    check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, "status")
print("boto3 smoke: ok")
