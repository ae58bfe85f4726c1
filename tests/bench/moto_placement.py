"""Placement peer: moto's ECS run_task placing the benchmark's tasks on the same container instances.

moto only checks CPU, memory and TCP ports and fills instances greedily in registration order; it
has no strategies or constraints. Its run_task is timed in-process, on the backend, so request
parsing and serialisation are not counted against it. Prints one JSON object.
"""
import json
import sys
import time

import boto3
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ecs.models import ecs_backends

ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"]


def main() -> None:
    workload = json.load(open(sys.argv[1]))
    instances = workload["cluster"]["containerInstances"]
    tasks = workload["service"]["desiredCount"]
    container = workload["taskDefinition"]["containerDefinitions"][0]
    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        ecs = boto3.client("ecs", region_name="us-east-1")
        image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        ecs.create_cluster(clusterName="bench")
        per_zone = [0, 0, 0]
        for i, _ in enumerate(instances):
            per_zone[i % 3] += 1
        ids = []
        for zone, count in zip(ZONES, per_zone):
            reservation = ec2.run_instances(
                ImageId=image, MinCount=count, MaxCount=count, InstanceType="m5.large",
                Placement={"AvailabilityZone": zone},
            )
            ids += [i["InstanceId"] for i in reservation["Instances"]]
        for instance_id in ids:
            ecs.register_container_instance(
                cluster="bench",
                instanceIdentityDocument=json.dumps({"instanceId": instance_id}),
            )
        ecs.register_task_definition(
            family="web",
            containerDefinitions=[{
                "name": container["name"], "image": container.get("image", "nginx"),
                "cpu": container["cpu"], "memory": container["memory"],
                "portMappings": container["portMappings"],
            }],
        )
        backend = ecs_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]
        start = time.perf_counter()
        placed = backend.run_task(
            "bench", "web", tasks, None, "bench", None, "EC2", None, "service:web",
        )
        elapsed = (time.perf_counter() - start) * 1000
        print(json.dumps({"motoRunTaskMs": elapsed, "placed": len(placed), "instances": len(ids)}))


if __name__ == "__main__":
    main()
