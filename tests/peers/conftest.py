"""Shared fixtures for the peer tests."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import muster  # noqa: E402


def valid_fixtures():
    """Every `valid-*` fixture request of the operations muster exports."""
    dirs = {
        "register-instance": "RegisterInstance",
        "create-service": "CreateService",
        "register-container-instance": "RegisterContainerInstance",
        "deregister-container-instance": "DeregisterContainerInstance",
        "update-container-instances-state": "UpdateContainerInstancesState",
        "ecs-create-service": "ecs:CreateService",
        "ecs-update-service": "UpdateService",
    }
    out = []
    for directory, operation in dirs.items():
        for path in sorted((muster.ROOT / "tests/fixtures" / directory).glob("valid-*.json")):
            out.append((operation, json.loads(path.read_text())["request"]))
    assert len(out) > 20
    return out


@pytest.fixture(scope="session")
def fixtures():
    return valid_fixtures()


@pytest.fixture(scope="session")
def cli_parser():
    from awsparse import CliParser

    return CliParser()


@pytest.fixture(scope="session")
def work():
    muster.WORK.mkdir(parents=True, exist_ok=True)
    return muster.WORK
