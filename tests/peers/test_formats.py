"""The code and template formats, read back by their own tools: CloudFormation by cfn-lint and
PyYAML, Terraform by python-hcl2, boto3 by Python's ast, JS by node, the CLI input YAML by
PyYAML, the HTTP text by hand, PowerShell by a decoder of its quoting rules (there is no pwsh
here) and the AWS CLI's own parser."""

import ast
import json
import re
import shutil
import subprocess

import pytest
import yaml

import gen
import muster


def cloud_map_corpus(fixtures, seed, n):
    corpus = [item for item in fixtures if item[0] in ("RegisterInstance", "CreateService")]
    corpus += gen.corpus(seed, {"RegisterInstance": n, "CreateService": n})
    verdicts = muster.validities(corpus)
    return [item for item, (ok, _) in zip(corpus, verdicts) if ok]


def full_corpus(fixtures, seed, n):
    corpus = fixtures + gen.corpus(seed, {op: n for op in muster.OPERATIONS})
    verdicts = muster.validities(corpus)
    valid = [item for item, (ok, _) in zip(corpus, verdicts) if ok]
    assert len(valid) > 0.9 * len(corpus)
    return valid


def test_cloudformation_templates_pass_cfn_lint_and_carry_the_request(work, fixtures):
    corpus = []
    for operation, request in cloud_map_corpus(fixtures, 51, 40):
        keys = [t["Key"] for t in request.get("Tags", [])]
        refused = muster.export(operation, request, "cloudformation-yaml")
        if not refused["ok"]:
            # CloudFormation's tag rules: unique keys, no aws: prefix, no line breaks.
            assert "tag key" in refused["error"], refused
            assert len(set(keys)) < len(keys) or any(
                k.startswith("aws:") or any(b in k for b in "\n\r\x85\u2028\u2029") for k in keys
            ), refused
            continue
        corpus.append((operation, request))
    assert len(corpus) > 60
    yamls = muster.exports(corpus, "cloudformation-yaml")
    jsons = muster.exports(corpus, "cloudformation-json")
    directory = work / "cfn"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    files = []
    for i, ((operation, request), y, j) in enumerate(zip(corpus, yamls, jsons)):
        from_yaml = yaml.safe_load(y)
        from_json = json.loads(j)
        assert from_yaml == from_json, y
        (resource,) = from_json["Resources"].values()
        properties = resource["Properties"]
        if operation == "RegisterInstance":
            assert resource["Type"] == "AWS::ServiceDiscovery::Instance"
            expected = {"ServiceId": request["ServiceId"], "InstanceId": request["InstanceId"], "InstanceAttributes": request["Attributes"]}
        else:
            assert resource["Type"] == "AWS::ServiceDiscovery::Service"
            expected = {k: v for k, v in request.items() if k != "CreatorRequestId"}
        assert properties == expected
        for ext, text in (("yaml", y), ("json", j)):
            path = directory / f"t{i}.{ext}"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
    done = subprocess.run(
        [str(muster.VENV_BIN / "cfn-lint"), "--format", "parseable", *files],
        capture_output=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout.decode()[-3000:] + done.stderr.decode()[-1000:]


HCL_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def hcl_string(raw):
    """Decodes a quoted HCL string as python-hcl2 returns it (quotes and escapes kept)."""
    assert raw.startswith('"') and raw.endswith('"'), raw
    s, out, i = raw[1:-1], [], 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            kind = s[i + 1]
            if kind in "uU":
                width = 4 if kind == "u" else 8
                out.append(chr(int(s[i + 2 : i + 2 + width], 16)))
                i += 2 + width
            else:
                out.append(HCL_ESCAPES[kind])
                i += 2
        elif s.startswith("$${", i) or s.startswith("%%{", i):
            out.append(c + "{")
            i += 3
        else:
            out.append(c)
            i += 1
    return "".join(out)


def hcl_map(raw):
    return {hcl_string(k): hcl_string(v) for k, v in raw.items() if not k.startswith("__")}


def python_hcl2_can_read(request):
    """python-hcl2 (unlike Terraform) wants a `}` after every `$${` / `%%{` escape."""
    texts = []

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                texts.append(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            texts.append(v)

    walk(request)
    return not any(re.search(r"[$%]\{[^}]*$", t) for t in texts)


def test_terraform_parses_with_python_hcl2_to_the_request(fixtures):
    import hcl2

    corpus = cloud_map_corpus(fixtures, 53, 150)
    replies = muster.batch([{"cmd": "export", "operation": op, "request": req, "format": "terraform"} for op, req in corpus])
    checked = 0
    for (operation, request), reply in zip(corpus, replies):
        if not reply["ok"]:
            # Terraform's dns_config requires a namespace the API lets a request leave out, and
            # its tags are a map, so one key cannot appear twice.
            keys = [t["Key"] for t in request.get("Tags", [])]
            assert operation == "CreateService", reply
            assert "NamespaceId" not in request or len(keys) != len(set(keys)), reply
            continue
        if not python_hcl2_can_read(request):
            continue
        parsed = hcl2.loads(reply["text"])
        (resource,) = parsed["resource"]
        (rtype,) = resource
        (body,) = resource[rtype].values()
        if operation == "RegisterInstance":
            assert rtype == '"aws_service_discovery_instance"'
            assert hcl_string(body["service_id"]) == request["ServiceId"]
            assert hcl_string(body["instance_id"]) == request["InstanceId"]
            assert hcl_map(body["attributes"]) == request["Attributes"]
        else:
            assert rtype == '"aws_service_discovery_service"'
            assert hcl_string(body["name"]) == request["Name"]
            if "Description" in request:
                assert hcl_string(body["description"]) == request["Description"]
            if "Tags" in request:
                assert hcl_map(body["tags"]) == {t["Key"]: t["Value"] for t in request["Tags"]}
            if "DnsConfig" in request:
                (dns,) = body["dns_config"]
                records = [{"Type": hcl_string(r["type"]), "TTL": r["ttl"]} for r in dns["dns_records"]]
                assert records == request["DnsConfig"]["DnsRecords"]
                assert hcl_string(dns["namespace_id"]) == request["NamespaceId"]
        checked += 1
    assert checked > 0.8 * len(corpus), checked


def call_kwargs(tree):
    """The keyword arguments of the `client.<method>(...)` call, evaluated."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "client":
            kwargs = {}
            for kw in node.keywords:
                value = ast.literal_eval(kw.value)
                if kw.arg is None:
                    kwargs.update(value)
                else:
                    kwargs[kw.arg] = value
            return node.func.attr, kwargs
    raise AssertionError("no client call")


def test_boto3_scripts_parse_and_pass_the_request(fixtures):
    corpus = full_corpus(fixtures, 57, 40)
    texts = muster.exports(corpus, "boto3")
    for (operation, request), text in zip(corpus, texts):
        tree = ast.parse(text)
        method, kwargs = call_kwargs(tree)
        assert method == re.sub(r"(?<!^)(?=[A-Z])", "_", muster.api_name(operation)).lower()
        assert kwargs == request, text


def test_js_modules_pass_node_check_and_carry_the_request(work, fixtures):
    corpus = full_corpus(fixtures, 59, 30)
    texts = muster.exports(corpus, "js-sdk-v3")
    directory = work / "js"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for i, text in enumerate(texts[:25]):
        path = directory / f"m{i}.mjs"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run(["node", "--check", str(path)], capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode() + text
    # Every input literal, evaluated by node itself.
    literals = []
    for text in texts:
        start = text.index("const input = ") + len("const input = ")
        end = text.index(";\n\nconst response = ")
        literals.append(text[start:end])
    (directory / "literals.json").write_text(json.dumps(literals), encoding="utf-8")
    script = "const fs = require('fs'); const l = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));" \
             "process.stdout.write(JSON.stringify(l.map(x => Function('return (' + x + ')')())));"
    done = subprocess.run(["node", "-e", script, str(directory / "literals.json")], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    values = json.loads(done.stdout)
    for (operation, request), value, text in zip(corpus, values, texts):
        assert value == request, text


def test_cli_input_yaml_reads_back_with_pyyaml(fixtures):
    corpus = full_corpus(fixtures, 61, 100)
    texts = muster.exports(corpus, "cli-input-yaml")
    for (operation, request), text in zip(corpus, texts):
        assert yaml.safe_load(text) == request, text


def test_http_requests_are_well_formed(fixtures):
    corpus = full_corpus(fixtures, 67, 30)
    texts = muster.exports(corpus, "http")
    for (operation, request), text in zip(corpus, texts):
        head, body = text.split("\r\n\r\n", 1)
        lines = head.split("\r\n")
        assert lines[0] == "POST / HTTP/1.1"
        headers = dict(line.split(": ", 1) for line in lines[1:])
        service = "ecs" if operation in muster.ECS_OPERATIONS else "servicediscovery"
        prefix = "Route53AutoNaming_v20170314" if service == "servicediscovery" else "AmazonEC2ContainerServiceV20141113"
        assert headers["Host"] == f"{service}.us-east-1.amazonaws.com"
        assert headers["Content-Type"] == "application/x-amz-json-1.1"
        assert headers["X-Amz-Target"] == f"{prefix}.{muster.api_name(operation)}"
        assert int(headers["Content-Length"]) == len(body.encode("utf-8"))
        assert json.loads(body) == request


Q = "'\u2018\u2019\u201a\u201b"  # PowerShell ends a single-quoted string at any of these
PS_PART = re.compile(f"([^\\s{Q}]+)|[{Q}]((?:[^{Q}]|[{Q}]{{2}})*)[{Q}]")
PS_WORD = re.compile(f"(?:[^\\s{Q}]+|[{Q}](?:[^{Q}]|[{Q}]{{2}})*[{Q}])+")


def powershell_words(command):
    """Splits a PowerShell command (backtick continuations, single-quoted strings) into words."""
    command = command.replace(" `\n", " ")
    words = []
    for token in PS_WORD.finditer(command):
        word = ""
        for part in PS_PART.finditer(token.group(0)):
            if part.group(1) is not None:
                word += part.group(1)
            else:
                word += re.sub(f"([{Q}])\\1", r"\1", part.group(2))
        words.append(word)
    return words


def test_powershell_commands_decode_to_the_request(fixtures, cli_parser):
    if shutil.which("pwsh"):
        pytest.skip("pwsh is installed; run the real thing instead")  # pragma: no cover
    corpus = full_corpus(fixtures, 71, 60)
    texts = muster.exports(corpus, "powershell")
    direct = 0
    for (operation, request), text in zip(corpus, texts):
        if text.startswith("$request = @'\n"):
            body = text[len("$request = @'\n"): text.index("\n'@\n")]
            assert body.isascii()
            assert json.loads(body) == request
            assert "--cli-input-json 'file://" in text
            continue
        direct += 1
        words = powershell_words(text.strip())
        assert words[0] == "aws"
        params, error = cli_parser.parse(words[1:])
        assert params == request, (text, error)
    assert direct > 20, direct


def ecs_service_corpus(seed, n):
    corpus = gen.corpus(seed, {"ecs:CreateService": n})
    corpus += [item for item in gen.corpus(seed + 1, {"ecs:CreateService": n}) if "networkConfiguration" in item[1]][:10]
    verdicts = muster.validities(corpus)
    assert all(ok for ok, _ in verdicts), [(i, c) for i, (ok, c) in zip(corpus, verdicts) if not ok][:3]
    return corpus


def cfn_value(value):
    """An ECS request value with every structure member in CloudFormation's PascalCase."""
    if isinstance(value, dict):
        return {k[:1].upper() + k[1:]: cfn_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [cfn_value(v) for v in value]
    return value


def test_ecs_services_in_cloudformation_pass_cfn_lint(work):
    corpus = []
    for operation, request in ecs_service_corpus(73, 60):
        reply = muster.export(operation, request, "cloudformation-yaml")
        if not reply["ok"]:
            keys = [t["key"] for t in request.get("tags", [])]
            assert "appears twice" in reply["error"] and len(set(keys)) < len(keys), reply
            continue
        corpus.append((operation, request))
    assert len(corpus) > 50
    refused = muster.export("UpdateService", {"service": "web", "desiredCount": 1}, "cloudformation-yaml")
    assert not refused["ok"] and "UpdateService changes a service that exists" in refused["error"]
    yamls = muster.exports(corpus, "cloudformation-yaml")
    jsons = muster.exports(corpus, "cloudformation-json")
    directory = work / "cfn-ecs"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    files = []
    for i, ((operation, request), y, j) in enumerate(zip(corpus, yamls, jsons)):
        template = json.loads(j)
        assert yaml.safe_load(y) == template, y
        (resource,) = template["Resources"].values()
        assert resource["Type"] == "AWS::ECS::Service"
        expected = {}
        for key, value in request.items():
            if key == "clientToken":
                continue
            name = "PlacementStrategies" if key == "placementStrategy" else key[:1].upper() + key[1:]
            expected[name] = cfn_value(value)
        assert resource["Properties"] == expected, y
        for ext, text in (("yaml", y), ("json", j)):
            path = directory / f"t{i}.{ext}"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
    done = subprocess.run(
        [str(muster.VENV_BIN / "cfn-lint"), "--format", "parseable", *files],
        capture_output=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout.decode()[-3000:] + done.stderr.decode()[-1000:]


def test_ecs_services_in_terraform_parse_with_python_hcl2():
    import hcl2

    corpus = ecs_service_corpus(79, 80)
    replies = muster.batch([{"cmd": "export", "operation": op, "request": req, "format": "terraform"} for op, req in corpus])
    checked = 0
    for (operation, request), reply in zip(corpus, replies):
        if not reply["ok"]:
            keys = [t["key"] for t in request.get("tags", [])]
            assert "appears twice" in reply["error"] and len(set(keys)) < len(keys), reply
            continue
        if not python_hcl2_can_read(request):
            continue
        (resource,) = hcl2.loads(reply["text"])["resource"]
        assert list(resource) == ['"aws_ecs_service"']
        (body,) = resource['"aws_ecs_service"'].values()
        assert hcl_string(body["name"]) == request["serviceName"]
        assert hcl_string(body["cluster"]) == request["cluster"]
        assert hcl_string(body["task_definition"]) == request["taskDefinition"]
        assert body["desired_count"] == request["desiredCount"]
        if "launchType" in request:
            assert hcl_string(body["launch_type"]) == request["launchType"]
        strategies = [{k: hcl_string(v) for k, v in b.items() if not k.startswith("__")} for b in body.get("ordered_placement_strategy", [])]
        assert strategies == request.get("placementStrategy", [])
        constraints = [{k: hcl_string(v) for k, v in b.items() if not k.startswith("__")} for b in body.get("placement_constraints", [])]
        assert constraints == request.get("placementConstraints", [])
        registries = [
            {{"registry_arn": "registryArn", "container_name": "containerName", "container_port": "containerPort", "port": "port"}[k]: (v if isinstance(v, int) else hcl_string(v))
             for k, v in b.items() if not k.startswith("__")}
            for b in body.get("service_registries", [])
        ]
        assert registries == request.get("serviceRegistries", [])
        if "networkConfiguration" in request:
            vpc = request["networkConfiguration"]["awsvpcConfiguration"]
            (network,) = body["network_configuration"]
            assert [hcl_string(s) for s in network["subnets"]] == vpc["subnets"]
            assert [hcl_string(s) for s in network["security_groups"]] == vpc["securityGroups"]
            assert network["assign_public_ip"] == (vpc["assignPublicIp"] == "ENABLED")
        if "deploymentConfiguration" in request:
            config = request["deploymentConfiguration"]
            assert body["deployment_minimum_healthy_percent"] == config["minimumHealthyPercent"]
            assert body["deployment_maximum_percent"] == config["maximumPercent"]
        if "tags" in request:
            assert hcl_map(body["tags"]) == {t["key"]: t["value"] for t in request["tags"]}
        checked += 1
    assert checked > 0.7 * len(corpus), checked
