"""Seeded generators of hostile values and of valid requests built from them. Each field gets
the hostile characters its rules allow: attribute values only printable ASCII, space and tab;
CreatorRequestId, ServiceId, descriptions and tags anything at all."""

import json
import random

PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))
VALUE_CHARS = " \t" + PRINTABLE
SHELL_TRAPS = [
    "", "-", "--", "--help", "-x", "'", '"', "\\", "$", "$HOME", "${x}", "$(id)", "`id`", "!",
    "*", "?", "[a]", "{a,b}", "~", "~/x", "#", ";", "&&", "|", ">", "<", "=", ",", "a=b,c=d",
    "file://x", "fileb://x", "http://x", "https://x", "[1,2]", '{"a":1}', "%{x}", "$${", "@x",
    "trailing ", "x\\", "\\'", "'\\''", "%", "^", "\t", "a\tb",
]
UNICODE_TRAPS = [
    "é", "日本", "😀", "👩‍👩‍👧", "\u200b", "\u202e", "\u2028", "\u2029", "\ufeff", "\u0085",
    "\u00a0", "\u0301", "\U000e0001", "\ufffd", "\n", "\r\n", "\x1b[31m", "\x7f", "\x00",
    "\u3000", "\u2018", "\u2019",
]


def rng(seed):
    return random.Random(seed)


def from_pieces(r, pieces, alphabet, max_len):
    out = ""
    while len(out) < max_len and r.random() < 0.8:
        if r.random() < 0.5:
            out += r.choice(pieces)
        else:
            out += "".join(r.choice(alphabet) for _ in range(r.randint(1, 6)))
    return out[:max_len]


def attribute_value(r):
    """A valid Cloud Map attribute value: printable ASCII, space, tab; no leading whitespace."""
    ascii_traps = [p for p in SHELL_TRAPS if all(c in VALUE_CHARS for c in p)]
    value = from_pieces(r, ascii_traps, VALUE_CHARS, 60)
    return value.lstrip(" \t")


def attribute_key(r):
    """A valid custom attribute key: printable ASCII without spaces, not reserved."""
    traps = [p for p in SHELL_TRAPS if p and all(c in PRINTABLE for c in p)]
    key = from_pieces(r, traps, PRINTABLE, 30) or "k"
    if key.upper().startswith("AWS"):
        key = "x" + key
    return key


def unicode_char(r):
    """Any scalar value but NUL and surrogates, weighted toward the interesting planes."""
    while True:
        plane = r.random()
        if plane < 0.3:
            c = r.randint(1, 0x7F)
        elif plane < 0.6:
            c = r.randint(0x80, 0xFFFF)
        else:
            c = r.randint(0x10000, 0x10FFFF)
        if not 0xD800 <= c <= 0xDFFF:
            return chr(c)


def anything(r, max_len, nul=True):
    """Any string at all (no surrogates): shell traps, Unicode traps, random code points."""
    traps = SHELL_TRAPS + [t for t in UNICODE_TRAPS if nul or "\x00" not in t]
    out = ""
    while len(out) < max_len and r.random() < 0.85:
        pick = r.random()
        if pick < 0.4:
            out += r.choice(traps)
        elif pick < 0.7:
            out += "".join(unicode_char(r) for _ in range(r.randint(1, 4)))
        else:
            out += "".join(r.choice(PRINTABLE + " ") for _ in range(r.randint(1, 5)))
    out = out[:max_len]
    if not nul:
        out = out.replace("\x00", "")
    return out or "x"


def instance_id(r):
    chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_/:.@-"
    special = ["-", "--x", "file://x", "https://example.com", "@me", "a:b", "/", "..", "-0"]
    if r.random() < 0.3:
        return r.choice(special)
    return "".join(r.choice(chars) for _ in range(r.randint(1, 64)))


def register_instance(r, service_id=None, nul=True):
    attributes = {}
    if r.random() < 0.5:
        attributes["AWS_INSTANCE_IPV4"] = f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        attributes["AWS_INSTANCE_PORT"] = str(r.randint(1, 65535))
    for _ in range(r.randint(1, 5)):
        attributes[attribute_key(r)] = attribute_value(r)
    request = {
        "ServiceId": service_id or anything(r, 60, nul=nul),
        "InstanceId": instance_id(r),
    }
    if r.random() < 0.5:
        request["CreatorRequestId"] = anything(r, 40, nul=nul)
    request["Attributes"] = attributes
    return request


def service_name(r):
    label_chars = "abcdefghijklmnopqrstuvwxyz0123456789"
    labels = []
    for _ in range(r.randint(1, 3)):
        inner = "".join(r.choice(label_chars + "-_") for _ in range(r.randint(0, 8)))
        labels.append(r.choice(label_chars + "_") + inner + r.choice(label_chars + "_"))
    return ".".join(labels)


def create_service(r, namespace_id="ns-abcdefghijklmnop"):
    request = {"Name": service_name(r), "NamespaceId": namespace_id}
    if r.random() < 0.6:
        request["Description"] = anything(r, 80)
    kind = r.choice(["dns", "http", "custom"])
    if kind == "dns":
        records = r.choice([["A"], ["A", "SRV"], ["AAAA"], ["SRV"], ["A", "AAAA"]])
        request["DnsConfig"] = {
            "RoutingPolicy": "MULTIVALUE",
            "DnsRecords": [{"Type": t, "TTL": r.choice([0, 60, 300, 2147483647])} for t in records],
        }
        if r.random() < 0.3:
            request["HealthCheckCustomConfig"] = {"FailureThreshold": 1}
    elif kind == "http":
        request["Type"] = "HTTP"
    else:
        request["DnsConfig"] = {"RoutingPolicy": "WEIGHTED", "DnsRecords": [{"Type": "CNAME", "TTL": 30}]}
    if r.random() < 0.6:
        request["Tags"] = [
            {"Key": anything(r, 20), "Value": anything(r, 30) if r.random() < 0.8 else ""}
            for _ in range(r.randint(1, 3))
        ]
    return request


def tag_text(r, min_len, max_len):
    """ECS tag text: letters, digits, spaces (no tabs or line breaks) and _.:/=+-@."""
    alphabet = "abcXYZ019 _.:/=+-@éßж日本한٣\u00a0\u3000"
    n = r.randint(min_len, max_len)
    text = "".join(r.choice(alphabet) for _ in range(n))
    if text[:4].lower() == "aws:":
        text = "x" + text[1:]
    return text


IDENTITY_DOCUMENT = {
    "accountId": "123456789012",
    "architecture": "x86_64",
    "availabilityZone": "us-east-1a",
    "imageId": "ami-0abcdef1234567890",
    "instanceId": "i-0123456789abcdef0",
    "instanceType": "m5.large",
    "region": "us-east-1",
    "version": "2017-09-30",
}


def register_container_instance(r, ec2_instance_id="i-0123456789abcdef0", cluster=None):
    document = dict(IDENTITY_DOCUMENT, instanceId=ec2_instance_id)
    if r.random() < 0.5:
        document["pendingTime"] = anything(r, 20)
    request = {
        "cluster": cluster or r.choice(["default", "prod", "my_cluster-1"]),
        "instanceIdentityDocument": json.dumps(document, indent=r.choice([None, 2]), ensure_ascii=r.random() < 0.5),
        "instanceIdentityDocumentSignature": anything(r, 40),
        "totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": r.choice([1024, 2048, 4096])},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": r.choice([3000, 7680, 15000])},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
        ],
        "versionInfo": {
            "agentVersion": anything(r, 20),
            "agentHash": anything(r, 12),
            "dockerVersion": anything(r, 30),
        },
        "attributes": [
            {"name": "ecs.os-type", "value": "linux"},
            {"name": "ecs.capability.task-eni"},
        ],
    }
    if r.random() < 0.6:
        request["tags"] = [{"key": tag_text(r, 1, 20), "value": tag_text(r, 0, 30)} for _ in range(r.randint(1, 3))]
    return request


def container_instance_id(r):
    return "".join(r.choice("0123456789abcdef") for _ in range(32))


def deregister_container_instance(r):
    request = {"cluster": "prod", "containerInstance": container_instance_id(r)}
    if r.random() < 0.7:
        request["force"] = r.random() < 0.5
    return request


def update_container_instances_state(r):
    return {
        "cluster": "prod",
        "containerInstances": [container_instance_id(r) for _ in range(r.randint(1, 10))],
        "status": r.choice(["ACTIVE", "DRAINING"]),
    }


REGISTRY_ARN = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"


def query_value(r):
    """A hostile cluster-query value, quoted with the kind of quote it does not contain."""
    text = from_pieces(r, [p for p in SHELL_TRAPS if all(c in VALUE_CHARS for c in p)], VALUE_CHARS, 40)
    quote = r.choice(["'", '"'])
    return quote + text.replace(quote, "") + quote


def placement(r, request):
    """placementConstraints with hostile expressions and a placementStrategy (or neither)."""
    if r.random() < 0.8:
        constraints = [
            {"type": "memberOf", "expression": f"attribute:{r.choice(['stack', 'team', 'ecs.os-type'])} {r.choice(['==', '!='])} {query_value(r)}"}
            for _ in range(r.randint(1, 3))
        ]
        if r.random() < 0.4:
            constraints.append({"type": "distinctInstance"})
        request["placementConstraints"] = constraints
    choice = r.random()
    if choice < 0.4:
        request["placementStrategy"] = [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": r.choice(["memory", "cpu"])},
        ]
    elif choice < 0.6:
        request["placementStrategy"] = [{"type": "random"}]


def ecs_create_service(r, cluster=None, task_definition=None, name=None):
    request = {
        "cluster": cluster or r.choice(["prod", "default", "my_cluster-1", anything(r, 30)]),
        "serviceName": name or ("svc" + "".join(r.choice("abcXYZ019-_") for _ in range(r.randint(0, 20)))),
        "taskDefinition": task_definition or r.choice(["web:3", "web", anything(r, 30)]),
        "desiredCount": r.randint(0, 10),
    }
    if r.random() < 0.5:
        request["launchType"] = "EC2"
    placement(r, request)
    if r.random() < 0.7:
        registry = {"registryArn": REGISTRY_ARN}
        if r.random() < 0.6:
            registry["containerName"] = anything(r, 20) if task_definition is None else "web"
            registry["containerPort"] = 8080
        request["serviceRegistries"] = [registry]
    if r.random() < 0.4:
        request["deploymentConfiguration"] = {"minimumHealthyPercent": r.choice([0, 50, 100]), "maximumPercent": r.choice([150, 200])}
    if r.random() < 0.3:
        request["networkConfiguration"] = {"awsvpcConfiguration": {
            "subnets": [f"subnet-{r.randint(0, 16**17 - 1):017x}"],
            "securityGroups": [f"sg-{r.randint(0, 16**17 - 1):017x}"],
            "assignPublicIp": r.choice(["ENABLED", "DISABLED"]),
        }}
    if r.random() < 0.5:
        request["tags"] = [{"key": tag_text(r, 1, 20), "value": tag_text(r, 0, 30)} for _ in range(r.randint(1, 3))]
    if r.random() < 0.3:
        # Up to 36 ASCII characters from ! to ~, shell traps among them.
        traps = [t for t in SHELL_TRAPS if all(c in PRINTABLE for c in t)]
        token = ""
        while len(token) < 30 and r.random() < 0.85:
            token += r.choice(traps) if r.random() < 0.5 else r.choice(PRINTABLE)
        request["clientToken"] = token[:36]
    return request


def update_service(r, cluster=None, service=None):
    request = {"cluster": cluster or r.choice(["prod", anything(r, 30)]), "service": service or r.choice(["web", anything(r, 30)])}
    if r.random() < 0.7:
        request["desiredCount"] = r.randint(0, 10)
    if r.random() < 0.4:
        request["forceNewDeployment"] = r.random() < 0.5
    placement(r, request)
    if r.random() < 0.3:
        request["taskDefinition"] = anything(r, 30)
    return request


GENERATORS = {
    "RegisterInstance": register_instance,
    "CreateService": create_service,
    "RegisterContainerInstance": register_container_instance,
    "DeregisterContainerInstance": deregister_container_instance,
    "UpdateContainerInstancesState": update_container_instances_state,
    "ecs:CreateService": ecs_create_service,
    "UpdateService": update_service,
}


def corpus(seed, counts):
    """(operation, request) pairs: `counts` maps an operation to how many."""
    r = rng(seed)
    return [(op, GENERATORS[op](r)) for op, n in counts.items() for _ in range(n)]
