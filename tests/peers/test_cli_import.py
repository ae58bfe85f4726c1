"""muster's import of AWS CLI command lines against the AWS CLI itself: for thousands of
generated option values (shorthand with quotes, escapes, brackets and commas; JSON; lists; flags),
the request muster reads equals the parameters the CLI would send, and muster refuses what the
CLI refuses."""

import json
import shlex

import gen
import muster

KEYS = ["a", "Key", "Value", "Type", "TTL", "k.1", "x-y", "_z", "b#", "p/q", "c:d", "", "Name"]
TOKENS = ["=", ",", "[", "]", "{", "}", "'", '"', "\\", "\\,", " ", "  ", "@", "=", "a", "bc", "1", "-2",
          "é", "😀", "\t", "\n", "x y", "''", '""', "\\'", '\\"', "file", "://", "true", "[]", "{}"]


def shorthand_text(r, keys=KEYS, unicode=True):
    """Mostly well-formed `k=v` lists with traps mixed in."""
    parts = []
    for _ in range(r.randint(1, 4)):
        key = r.choice(keys)
        roll = r.random()
        if roll < 0.4:
            value = "".join(r.choice(TOKENS if unicode else [t for t in TOKENS if t.isascii()]) for _ in range(r.randint(0, 4)))
        elif roll < 0.6:
            value = "[" + ",".join(r.choice(["a", "1", "'x,y'", "", " b ", "{k=v}", "[]"]) for _ in range(r.randint(0, 3))) + "]"
        elif roll < 0.75:
            value = "{" + ",".join(f"{r.choice(keys)}={r.choice(['v', '1', '', 'x y'])}" for _ in range(r.randint(0, 2))) + "}"
        elif roll < 0.9:
            quote = r.choice(["'", '"'])
            value = quote + gen.anything(r, 10, nul=False).replace(quote, "\\" + quote) + quote
        else:
            value = gen.anything(r, 8, nul=False) if unicode else "v"
        parts.append(f"{key}={value}")
    text = ",".join(parts)
    if r.random() < 0.15:
        # A stray token anywhere.
        i = r.randint(0, len(text))
        text = text[:i] + r.choice(TOKENS) + text[i:]
    return text


def json_text(r):
    value = {gen.attribute_key(r): r.choice([gen.attribute_value(r), 1, True, None, ["x"], {"a": "b"}]) for _ in range(r.randint(0, 3))}
    text = json.dumps(value, ensure_ascii=r.random() < 0.5)
    return r.choice(["", " ", "\n"]) + text


BASE = {
    "register-instance": ["servicediscovery", "register-instance", "--service-id", "srv-p5zdwlg5uvvzjita", "--instance-id", "i-1"],
    "create-service": ["servicediscovery", "create-service", "--name", "web"],
    "register-container-instance": ["ecs", "register-container-instance"],
    "update-container-instances-state": ["ecs", "update-container-instances-state", "--status", "DRAINING"],
    "deregister-container-instance": ["ecs", "deregister-container-instance", "--container-instance", "abc"],
}


def cases():
    r = gen.rng(23)
    out = []
    for _ in range(700):
        out.append(BASE["register-instance"] + ["--attributes", shorthand_text(r)])
    for _ in range(200):
        out.append(BASE["register-instance"] + ["--attributes", json_text(r)])
    for _ in range(300):
        out.append(BASE["create-service"] + ["--dns-config", shorthand_text(r, ["NamespaceId", "RoutingPolicy", "DnsRecords", "Type", "TTL", "x"], unicode=False)])
    for _ in range(200):
        out.append(BASE["create-service"] + ["--tags"] + [shorthand_text(r, ["Key", "Value", "x"]) for _ in range(r.randint(1, 3))])
    for _ in range(150):
        out.append(BASE["create-service"] + ["--health-check-config", shorthand_text(r, ["Type", "ResourcePath", "FailureThreshold"], unicode=False)])
    for _ in range(200):
        words = [shorthand_text(r, ["name", "type", "integerValue", "longValue", "doubleValue", "stringSetValue"], unicode=False) for _ in range(r.randint(1, 3))]
        out.append(BASE["register-container-instance"] + ["--total-resources"] + words)
    for _ in range(200):
        words = [r.choice(["a1", "-x", "[\"j\"]", " [1]", "b c", "", "file://x", "é", "{}", "--status"]) for _ in range(r.randint(1, 3))]
        out.append(BASE["update-container-instances-state"] + ["--container-instances"] + words)
    for _ in range(100):
        flag = r.choice(["--force", "--no-force", "--force=true", "--forc", "--no-force --force", "--cluster=-x", "--cluster -x", "--cluster ''"])
        out.append(BASE["deregister-container-instance"] + shlex.split(flag))
    return out


def test_cli_import_agrees_with_the_aws_cli(cli_parser):
    argvs = cases()
    texts = ["aws " + " ".join(shlex.quote(word) for word in argv) for argv in argvs]
    replies = muster.batch([{"cmd": "import", "text": t} for t in texts])
    accepted = 0
    disagreements = []
    for argv, text, reply in zip(argvs, texts, replies):
        params, error = cli_parser.parse(argv + ["--region", "us-east-1"])
        if params is None:
            if reply["ok"]:
                disagreements.append({"argv": argv, "cli": "refused: " + error[-300:], "muster": reply["request"]})
        else:
            accepted += 1
            if not reply["ok"] or reply["request"] != params:
                disagreements.append({"argv": argv, "cli": params, "muster": reply.get("request", reply.get("error"))})
    # Both outcomes must be well represented, or the comparison says little.
    assert accepted > 0.4 * len(argvs), accepted
    assert len(argvs) - accepted > 0.05 * len(argvs), accepted
    assert not disagreements, json.dumps(disagreements[:5], ensure_ascii=False, indent=1)
