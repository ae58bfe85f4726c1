"""The exported AWS CLI commands, --cli-input-json files, boto3 scripts, JS SDK v3 modules and curl
commands, run for real against moto (a local AWS API server on 127.0.0.1): each call succeeds,
and what moto stored is the request."""

import json
import socket
import subprocess
import time
import zlib

import pytest

import gen
import muster

TOOLS = ["cli", "cli-input-json", "boto3", "js-sdk-v3", "curl"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto(work):
    port = free_port()
    log = open(work / "moto.log", "wb")
    proc = subprocess.Popen(
        [str(muster.VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=muster.clean_env(),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail("moto_server did not start: " + (work / "moto.log").read_text()[-2000:])
            time.sleep(0.2)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def client(url, service):
    import boto3

    return boto3.client(
        service, endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )


@pytest.fixture(scope="module")
def js_dir(work):
    """A directory for the JS modules whose node_modules is the test tooling's."""
    directory = work / "js-run"
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / "node_modules"
    if not link.exists():
        link.symlink_to(muster.ROOT / "tests/node_modules")
    return directory


def run_tool(tool, operation, request, url, directory, js_dir):
    """Exports the request for `tool` and runs the result; returns (exit status, output)."""
    reply = muster.export(operation, request, tool, endpoint_url=url)
    assert reply["ok"], reply
    text = reply["text"]
    env = muster.clean_env()
    directory.mkdir(parents=True, exist_ok=True)
    if tool in ("cli", "curl"):
        argv = ["bash", "-c", text]
    elif tool == "cli-input-json":
        (directory / reply["filename"]).write_text(text, encoding="ascii")
        argv = ["bash", "-c", reply["notes"][0].removeprefix("Run: ")]
    elif tool == "boto3":
        path = directory / reply["filename"]
        path.write_text(text, encoding="utf-8")
        argv = [str(muster.VENV_BIN / "python"), str(path)]
    else:
        path = js_dir / f"{directory.name}-{reply['filename']}"
        path.write_text(text, encoding="utf-8")
        argv = ["node", str(path)]
    done = subprocess.run(argv, capture_output=True, env=env, cwd=directory, timeout=120)
    output = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
    if tool == "curl" and '"__type"' in output:
        return 1, output
    return done.returncode, output + "\n" + text


def instance_requests(service_id, tool):
    r = gen.rng(zlib.crc32(tool.encode()))
    plain = {
        "ServiceId": service_id,
        "InstanceId": f"{tool}-plain",
        "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "8080", "stage": "prod"},
    }
    hostile = {
        "ServiceId": service_id,
        "InstanceId": f"--{tool}",
        "CreatorRequestId": "é😀 $HOME `id` 'q' \"d\" \\ \n\t-x",
        "Attributes": {
            "AWS_INSTANCE_IPV4": "10.0.0.2",
            "AWS_INSTANCE_PORT": "443",
            "quote's": "it's \"quoted\" $HOME `id` \\ back",
            "-dash": "--value",
            "empty": "",
            "file": "file://etc/passwd",
            "comma,eq=": "a=b,c=d [x] {y}",
            "tab": "a\tb  ",
        },
    }
    generated = gen.register_instance(r, service_id=service_id)
    generated["InstanceId"] = f"{tool}-generated"
    return [plain, hostile, generated]


def test_register_instance_through_every_tool(moto, work, js_dir):
    sd = client(moto, "servicediscovery")
    sd.create_private_dns_namespace(Name="example.local", Vpc="vpc-12345678")
    namespace = sd.list_namespaces()["Namespaces"][0]["Id"]
    service = sd.create_service(
        Name="web", NamespaceId=namespace,
        DnsConfig={"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]},
    )["Service"]["Id"]
    failures = []
    for tool in TOOLS:
        for i, request in enumerate(instance_requests(service, tool)):
            (valid, codes), = muster.validities([("RegisterInstance", request)])
            assert valid, codes
            status, output = run_tool(tool, "RegisterInstance", request, moto, work / "moto" / f"{tool}-{i}", js_dir)
            if status != 0:
                failures.append((tool, request["InstanceId"], output[-1500:]))
                continue
            stored = sd.get_instance(ServiceId=service, InstanceId=request["InstanceId"])["Instance"]
            if stored["Attributes"] != request["Attributes"]:
                failures.append((tool, "attributes", stored["Attributes"], request["Attributes"]))
            if "CreatorRequestId" in request and stored.get("CreatorRequestId") != request["CreatorRequestId"]:
                failures.append((tool, "CreatorRequestId", stored.get("CreatorRequestId"), request["CreatorRequestId"]))
    listed = sd.list_instances(ServiceId=service)["Instances"]
    assert len(listed) == 3 * len(TOOLS) - sum(1 for f in failures if len(f) == 3)
    assert not failures, json.dumps(failures[:3], ensure_ascii=False, indent=1)


def test_create_service_through_every_tool(moto, work, js_dir):
    sd = client(moto, "servicediscovery")
    sd.create_http_namespace(Name="http-ns")
    namespace = next(n["Id"] for n in sd.list_namespaces()["Namespaces"] if n["Name"] == "http-ns")
    failures = []
    for tool in TOOLS:
        request = {
            "Name": f"svc-{tool}",
            "NamespaceId": namespace,
            "Description": "é😀 $HOME `id` 'q' \"d\" \\ -x",
            "Type": "HTTP",
            "Tags": [{"Key": "team", "Value": "core"}, {"Key": "note", "Value": "it's $x"}],
        }
        status, output = run_tool(tool, "CreateService", request, moto, work / "moto" / f"svc-{tool}", js_dir)
        if status != 0:
            failures.append((tool, output[-1500:]))
            continue
        summary = next(s for s in sd.list_services()["Services"] if s["Name"] == request["Name"])
        stored = sd.get_service(Id=summary["Id"])["Service"]
        for key in ("Name", "NamespaceId", "Description", "Type"):
            if stored.get(key) != request[key]:
                failures.append((tool, key, stored.get(key), request[key]))
        tags = sd.list_tags_for_resource(ResourceARN=stored["Arn"])["Tags"]
        if sorted(tags, key=lambda t: t["Key"]) != sorted(request["Tags"], key=lambda t: t["Key"]):
            failures.append((tool, "Tags", tags))
    assert not failures, json.dumps(failures[:3], ensure_ascii=False, indent=1)


def test_container_instances_through_every_tool(moto, work, js_dir):
    ec2 = client(moto, "ec2")
    ecs = client(moto, "ecs")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2_instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ecs.create_cluster(clusterName="prod")
    r = gen.rng(97)
    failures = []

    def arns():
        return set(ecs.list_container_instances(cluster="prod")["containerInstanceArns"])

    def run(tool, operation, request, step):
        (valid, codes), = muster.validities([(operation, request)])
        assert valid, (operation, request, codes)
        status, output = run_tool(tool, operation, request, moto, work / "moto" / f"ecs-{tool}-{step}", js_dir)
        if status != 0:
            failures.append((tool, operation, output[-1500:]))
        return status == 0

    for tool in TOOLS:
        before = arns()
        register = gen.register_container_instance(r, ec2_instance_id=ec2_instance, cluster="prod")
        if not run(tool, "RegisterContainerInstance", register, "register"):
            continue
        new = arns() - before
        if len(new) != 1:
            failures.append((tool, "registered", sorted(new)))
            continue
        (arn,) = new
        described = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])["containerInstances"][0]
        if described["ec2InstanceId"] != ec2_instance or described["status"] != "ACTIVE":
            failures.append((tool, "described", described["ec2InstanceId"], described["status"]))
        update = {"cluster": "prod", "containerInstances": [arn], "status": "DRAINING"}
        if run(tool, "UpdateContainerInstancesState", update, "update"):
            status = ecs.describe_container_instances(cluster="prod", containerInstances=[arn])["containerInstances"][0]["status"]
            if status != "DRAINING":
                failures.append((tool, "status", status))
        deregister = {"cluster": "prod", "containerInstance": arn, "force": True}
        if run(tool, "DeregisterContainerInstance", deregister, "deregister") and arn in arns():
            failures.append((tool, "still registered", arn))
    assert not failures, json.dumps(failures[:3], ensure_ascii=False, indent=1)


def test_ecs_services_through_every_tool(moto, work, js_dir):
    ecs = client(moto, "ecs")
    ecs.create_cluster(clusterName="svc-cluster")
    family = ecs.register_task_definition(
        family="web", networkMode="bridge",
        containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128, "portMappings": [{"containerPort": 8080, "hostPort": 0}]}],
    )["taskDefinition"]
    r = gen.rng(101)
    failures = []
    for tool in TOOLS:
        request = gen.ecs_create_service(r, cluster="svc-cluster", task_definition=f"web:{family['revision']}", name=f"svc-{tool}")
        request["launchType"] = "EC2"
        request["placementConstraints"] = [
            {"type": "memberOf", "expression": "attribute:stack == \"it's $HOME `id` a,b=c [x]\""},
            {"type": "memberOf", "expression": f"attribute:team != {gen.query_value(r)}"},
        ]
        request["placementStrategy"] = [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"},
        ]
        request["serviceRegistries"] = [{"registryArn": gen.REGISTRY_ARN, "containerName": "web", "containerPort": 8080}]
        request.pop("networkConfiguration", None)
        (valid, codes), = muster.validities([("ecs:CreateService", request)])
        assert valid, codes
        status, output = run_tool(tool, "ecs:CreateService", request, moto, work / "moto" / f"ecs-svc-{tool}", js_dir)
        if status != 0:
            failures.append((tool, "create", output[-1500:]))
            continue
        (stored,) = ecs.describe_services(cluster="svc-cluster", services=[request["serviceName"]], include=["TAGS"])["services"]
        checks = {
            "serviceName": stored["serviceName"],
            "desiredCount": stored["desiredCount"],
            "launchType": stored.get("launchType"),
            "serviceRegistries": stored.get("serviceRegistries"),
            "taskDefinition": stored["taskDefinition"].rsplit("/", 1)[-1],
        }
        if "tags" in request:
            checks["tags"] = stored.get("tags")
        # moto keeps placement only when it reports it; when it does, it must be the request's.
        for key in ("placementConstraints", "placementStrategy"):
            if stored.get(key):
                checks[key] = stored[key]
        for key, value in checks.items():
            if value != request[key]:
                failures.append((tool, key, value, request[key]))
        # The described service imports back to a CreateService request with the same values.
        imported = muster.batch([{"cmd": "import", "text": json.dumps({"services": [stored], "failures": []}, default=str)}])[0]
        assert imported["ok"] and imported["operation"] == "ecs:CreateService", imported
        for key in ("serviceName", "desiredCount", "launchType", "serviceRegistries"):
            if imported["request"].get(key) != request[key]:
                failures.append((tool, "import", key, imported["request"].get(key)))
        update = {"cluster": "svc-cluster", "service": request["serviceName"], "desiredCount": request["desiredCount"] + 3, "forceNewDeployment": True}
        status, output = run_tool(tool, "UpdateService", update, moto, work / "moto" / f"ecs-svc-{tool}-update", js_dir)
        if status != 0:
            failures.append((tool, "update", output[-1500:]))
            continue
        (stored,) = ecs.describe_services(cluster="svc-cluster", services=[request["serviceName"]])["services"]
        if stored["desiredCount"] != update["desiredCount"]:
            failures.append((tool, "updated desiredCount", stored["desiredCount"], update["desiredCount"]))
    assert not failures, json.dumps(failures[:3], ensure_ascii=False, indent=1, default=str)


def test_moto_listens_on_loopback_only(moto):
    assert moto.startswith("http://127.0.0.1:")
