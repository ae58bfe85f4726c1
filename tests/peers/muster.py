"""Drives muster-core through its `peer` example: JSON lines in, JSON lines out, one process for
a whole batch. Also the paths and environment every peer test shares."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEER = Path(os.environ.get("MUSTER_PEER", ROOT / "target/debug/examples/peer"))
WORK = ROOT / "target/peers-work"
VENV_BIN = Path(os.environ.get("MUSTER_PEERS_VENV", ROOT / "target/peers-venv")) / "bin"

OPERATIONS = [
    "RegisterInstance",
    "CreateService",
    "RegisterContainerInstance",
    "DeregisterContainerInstance",
    "UpdateContainerInstancesState",
    "ecs:CreateService",
    "UpdateService",
]

# The API name of each operation where muster's name differs (ECS's CreateService shares its name
# with Cloud Map's).
API_NAMES = {"ecs:CreateService": "CreateService"}
ECS_OPERATIONS = {
    "RegisterContainerInstance", "DeregisterContainerInstance", "UpdateContainerInstancesState",
    "ecs:CreateService", "UpdateService",
}


def api_name(operation):
    return API_NAMES.get(operation, operation)


def batch(commands, timeout=300):
    """Runs many commands through one peer process; returns the replies in order."""
    if not commands:
        return []
    text = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in commands)
    done = subprocess.run(
        [str(PEER)], input=text.encode(), capture_output=True, timeout=timeout, check=True
    )
    lines = done.stdout.decode().split("\n")[:-1]
    assert len(lines) == len(commands), done.stderr.decode()[-2000:]
    return [json.loads(line) for line in lines]


def export(operation, request, fmt, **options):
    return batch([{"cmd": "export", "operation": operation, "request": request, "format": fmt, "options": options}])[0]


def exports(items, fmt, **options):
    """Exports (operation, request) pairs in one batch; every export must succeed."""
    replies = batch(
        [{"cmd": "export", "operation": op, "request": req, "format": fmt, "options": options} for op, req in items]
    )
    for (op, req), reply in zip(items, replies):
        assert reply["ok"], f"{op} {fmt}: {reply.get('error')}\n{json.dumps(req, ensure_ascii=False)}"
    return [r["text"] for r in replies]


def validities(items):
    """muster's verdict on each (operation, request): (valid, error codes)."""
    replies = batch([{"cmd": "validate", "operation": op, "request": req} for op, req in items])
    out = []
    for reply in replies:
        assert reply["ok"], reply
        out.append((reply["valid"], reply["errors"]))
    return out


def clean_env(**extra):
    """An environment with dummy credentials and no user AWS configuration."""
    WORK.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(WORK),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(WORK / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(WORK / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "PYTHONIOENCODING": "utf-8",
    }
    env.update(extra)
    return env
