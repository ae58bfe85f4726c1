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
