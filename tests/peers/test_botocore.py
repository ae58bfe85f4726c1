"""botocore as the referee of request shapes: every request muster exports passes botocore's own
ParamValidator against the service model, and every malformed request botocore rejects, muster
rejects too."""

import copy
import json

import gen
import muster

SERVICES = {
    "RegisterInstance": "servicediscovery",
    "CreateService": "servicediscovery",
    "RegisterContainerInstance": "ecs",
    "DeregisterContainerInstance": "ecs",
    "UpdateContainerInstancesState": "ecs",
}


# Exported and checked against botocore, but not mutated: muster checks the members its rules
# use, not every nested member of these larger shapes.
EXPORT_ONLY = {"ecs:CreateService": "ecs", "UpdateService": "ecs"}


def input_shapes():
    import botocore.session

    session = botocore.session.get_session()
    services = {**SERVICES, **EXPORT_ONLY}
    models = {name: session.get_service_model(name) for name in set(services.values())}
    return {op: models[svc].operation_model(muster.api_name(op)).input_shape for op, svc in services.items()}


def botocore_errors(validator, shape, params):
    report = validator.validate(params, shape)
    return report.generate_report() if report.has_errors() else ""


def test_exported_json_passes_botocore_validation(fixtures):
    from botocore.validate import ParamValidator

    shapes = input_shapes()
    validator = ParamValidator()
    corpus = fixtures + gen.corpus(
        31,
        {
            "RegisterInstance": 300,
            "CreateService": 100,
            "RegisterContainerInstance": 60,
            "DeregisterContainerInstance": 40,
            "UpdateContainerInstancesState": 40,
            "ecs:CreateService": 150,
            "UpdateService": 80,
        },
    )
    verdicts = muster.validities(corpus)
    assert all(ok for (op, _), (ok, _) in zip(corpus, verdicts) if op in EXPORT_ONLY), [
        (item, codes) for item, (ok, codes) in zip(corpus, verdicts) if not ok and item[0] in EXPORT_ONLY
    ][:3]
    corpus = [item for item, (ok, _) in zip(corpus, verdicts) if ok]
    assert len(corpus) > 700
    texts = muster.exports(corpus, "json")
    failures = []
    for (operation, request), text in zip(corpus, texts):
        params = json.loads(text)
        assert params == request
        errors = botocore_errors(validator, shapes[operation], params)
        if errors:
            failures.append((operation, request, errors))
    assert not failures, failures[:3]


WRONG_TYPES = ["", "x", 0, 7, -1, 2**31, 2**63, 1.5, True, False, None, [], ["x"], [1], {}, {"x": "y"}, {"Key": 1}]


def paths(value, here=()):
    """Every path into a JSON value, containers first."""
    yield here
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, here + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, here + (i,))


def get(value, path):
    for step in path:
        value = value[step]
    return value


def mutations(r, request):
    """Malformed variants: wrong types, missing and unknown members, out-of-range values."""
    all_paths = list(paths(request))
    out = []
    for _ in range(12):
        mutated = copy.deepcopy(request)
        path = r.choice(all_paths)
        kind = r.random()
        if not path:
            if kind < 0.5:
                mutated[r.choice(["Unknown", "serviceId", "CLUSTER", "x"])] = "v"
            else:
                key = r.choice(list(mutated) or ["x"])
                mutated.pop(key, None)
            out.append(mutated)
            continue
        parent = get(mutated, path[:-1])
        if kind < 0.5:
            parent[path[-1]] = r.choice(WRONG_TYPES)
        elif kind < 0.7 and isinstance(parent, dict):
            del parent[path[-1]]
        elif kind < 0.85:
            target = get(mutated, path)
            if isinstance(target, dict):
                target[r.choice(["Bogus", "ttl", "Name", "value", "extra"])] = r.choice(WRONG_TYPES)
            elif isinstance(target, list):
                target.append(r.choice(WRONG_TYPES))
            else:
                parent[path[-1]] = r.choice(WRONG_TYPES)
        else:
            target = get(mutated, path)
            if isinstance(target, str):
                parent[path[-1]] = ""
            elif isinstance(target, bool):
                parent[path[-1]] = str(target).lower()
            elif isinstance(target, int):
                parent[path[-1]] = r.choice([-1, 0, 11, -(2**31) - 1, 2**40])
            elif isinstance(target, list):
                parent[path[-1]] = []
        out.append(mutated)
    return out


def test_what_botocore_rejects_muster_rejects(fixtures):
    from botocore.validate import ParamValidator

    shapes = input_shapes()
    validator = ParamValidator()
    r = gen.rng(37)
    seeds = [item for item in fixtures if item[0] in SERVICES] + gen.corpus(41, {op: 100 for op in SERVICES})
    corpus = []
    for operation, request in seeds:
        corpus += [(operation, m) for m in mutations(r, request)]
    corpus += [(op, value) for op in SERVICES for value in [{}, [], "x", None, {"": ""}]]
    verdicts = muster.validities(corpus)
    rejected = 0
    missed = []
    for (operation, request), (valid, _) in zip(corpus, verdicts):
        errors = botocore_errors(validator, shapes[operation], request)
        if errors:
            rejected += 1
            if valid:
                missed.append({"operation": operation, "request": request, "botocore": errors})
    assert len(corpus) > 3000
    assert rejected > 0.5 * len(corpus), rejected
    assert not missed, json.dumps(missed[:5], ensure_ascii=False, indent=1)


# The limits in the model that ParamValidator does not enforce (maximum lengths, patterns, enums
# and numeric ranges), each broken alone in a valid request: muster must reject every one.
PATTERN_BREAKERS = ["#", " ", "\t", "\u0000", "é", "{", '"', "a b", ".."]


def breaks_pattern(shape):
    """A value within the shape's length limits that its pattern refuses, or None."""
    import re

    pattern = shape.metadata.get("pattern")
    if not pattern:
        return None
    low, high = shape.metadata.get("min", 1), shape.metadata.get("max", 64)
    for c in PATTERN_BREAKERS:
        for value in (c * max(low, 1), "a" * (max(low, 1) - 1) + c):
            try:
                if low <= len(value) <= high and not re.fullmatch(pattern, value):
                    return value
            except re.error:  # a Java-only construct: leave this pattern to the fixtures
                return None
    return None


def limit_breakers(shape, value):
    """(what, path, bad value) for each limit of `shape` reachable from `value`."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                for what, path, bad in limit_breakers(member, value[name]):
                    yield what, (name,) + path, bad
            elif member.type_name in ("string", "integer", "long"):
                for what, path, bad in limit_breakers(member, None):
                    yield what, (name,) + path, bad
    elif kind == "list" and isinstance(value, list) and value:
        top = shape.metadata.get("max")
        if top is not None:
            yield f"more than {top} items", (), (value * (top + 1))[: top + 1]
        for what, path, bad in limit_breakers(shape.member, value[0]):
            yield what, (0,) + path, bad
    elif kind == "map" and isinstance(value, dict) and value:
        first_key = next(iter(value))
        top = shape.metadata.get("max")
        if top is not None:
            yield f"more than {top} entries", (), {**value, **{f"k{i}x": value[first_key] for i in range(top + 1)}}
        key_max = shape.key.metadata.get("max")
        if key_max:
            yield f"a key over {key_max} characters", (), {**value, "K" * (key_max + 1): value[first_key]}
        bad_key = breaks_pattern(shape.key)
        if bad_key is not None:
            yield f"a key {bad_key!r} off the pattern", (), {**value, bad_key: value[first_key]}
        value_max = shape.value.metadata.get("max")
        if value_max:
            yield f"a value over {value_max} characters", (), {**value, first_key: "v" * (value_max + 1)}
        bad_value = breaks_pattern(shape.value)
        if bad_value is not None:
            yield f"a value {bad_value!r} off the pattern", (), {**value, first_key: bad_value}
    elif kind == "string":
        if shape.enum:
            yield "a value outside the enum", (), "NOT_AN_ENUM_VALUE"
        top, low = shape.metadata.get("max"), shape.metadata.get("min")
        if top is not None:
            yield f"over {top} characters", (), "a" * (top + 1)
        if low:
            yield f"under {low} characters", (), "a" * (low - 1)
        bad = breaks_pattern(shape)
        if bad is not None:
            yield f"{bad!r} off the pattern", (), bad
    elif kind in ("integer", "long"):
        top, low = shape.metadata.get("max"), shape.metadata.get("min")
        if top is not None:
            yield f"above {top}", (), top + 1
        if low is not None:
            yield f"below {low}", (), low - 1


def with_value(request, path, value):
    out = copy.deepcopy(request)
    if not path:
        return value
    get(out, path[:-1])[path[-1]] = value
    return out


def test_every_model_limit_botocore_leaves_unchecked_muster_checks(fixtures):
    import botocore.session

    shapes = input_shapes()
    # Checked but not exported, so their valid fixtures are read here: DiscoverInstances, and a
    # service or namespace as GetService and GetNamespace return them (the context of the others;
    # a whole get-* output is unwrapped).
    cloud_map = botocore.session.get_session().get_service_model("servicediscovery")
    shapes["DiscoverInstances"] = cloud_map.operation_model("DiscoverInstances").input_shape
    shapes["Service"] = cloud_map.shape_for("Service")
    shapes["Namespace"] = cloud_map.shape_for("Namespace")
    requests = [item for item in fixtures if item[0] in SERVICES]
    for directory, operation in [("discover-instances", "DiscoverInstances"), ("service", "Service"), ("namespace", "Namespace")]:
        for path in sorted((muster.ROOT / "tests/fixtures" / directory).glob("valid-*.json")):
            request = json.loads(path.read_text())["request"]
            requests.append((operation, request.get(operation, request) if len(request) == 1 else request))
    cases = []
    for operation, request in requests:
        for what, path, bad in limit_breakers(shapes[operation], request):
            cases.append((operation, path, what, with_value(request, path, bad)))
    assert {op for op, *_ in cases} >= {"DiscoverInstances", "Service", "Namespace"}
    verdicts = muster.validities([(op, request) for op, _, _, request in cases])
    accepted = [
        f"{op} /{'/'.join(map(str, path))}: {what}" for (op, path, what, _), (valid, _) in zip(cases, verdicts) if valid
    ]
    assert len(cases) > 150, len(cases)
    assert not accepted, "\n".join(sorted(set(accepted))[:20])
