"""The exported AWS CLI commands, run by bash with an `aws` stub on PATH that prints its argv as
JSON: every value arrives byte for byte, and the AWS CLI's own argument processing turns that
argv into exactly the request."""

import json
import os
import subprocess

import gen
import muster


def stub_dir(work):
    """A directory whose `aws` is the peer binary, which prints its argv as JSON when so named."""
    directory = work / "stub-bin"
    directory.mkdir(parents=True, exist_ok=True)
    link = directory / "aws"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(muster.PEER)
    return directory


def run_bash(work, name, script):
    """Runs a bash script with the stub first on PATH; one argv (a JSON array) per aws call."""
    path = work / name
    path.write_text(script, encoding="utf-8")
    env = muster.clean_env(PATH=f"{stub_dir(work)}:/usr/bin:/bin")
    done = subprocess.run(["bash", str(path)], capture_output=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    return [json.loads(line) for line in done.stdout.decode().split("\n")[:-1]]


def quoting_corpus():
    r = gen.rng(7)
    values = list(gen.SHELL_TRAPS) + list(gen.UNICODE_TRAPS)
    values += [gen.anything(r, 40) for _ in range(1500)]
    values += ["".join(gen.unicode_char(r) for _ in range(r.randint(1, 30))) for _ in range(1500)]
    values += ["".join(chr(r.randint(1, 0x7F)) for _ in range(r.randint(1, 30))) for _ in range(500)]
    return values


def test_bash_quote_passes_arbitrary_unicode_byte_for_byte(work):
    values = quoting_corpus()
    replies = muster.batch([{"cmd": "quote", "text": v} for v in values])
    script = []
    expected = []
    for value, reply in zip(values, replies):
        if "\x00" in value:
            # No argv can carry NUL; the quoting function must refuse rather than truncate.
            assert reply["bash"] is None, repr(value)
            continue
        assert reply["bash"] is not None, repr(value)
        script.append(f"aws q {reply['bash']}")
        expected.append(["q", value])
    assert len(expected) > 3000
    got = run_bash(work, "quote.sh", "\n".join(script) + "\n")
    mismatches = [(e, g) for e, g in zip(expected, got) if e != g]
    assert len(got) == len(expected), f"{len(got)} argv lines for {len(expected)} commands"
    assert not mismatches, mismatches[:5]


def cli_corpus(fixtures):
    generated = gen.corpus(
        11,
        {
            "RegisterInstance": 1200,
            "CreateService": 200,
            "RegisterContainerInstance": 150,
            "DeregisterContainerInstance": 100,
            "UpdateContainerInstancesState": 100,
            "ecs:CreateService": 300,
            "UpdateService": 150,
        },
    )
    verdicts = muster.validities(generated)
    valid = [item for item, (ok, _) in zip(generated, verdicts) if ok]
    # The generators aim at valid requests; many refusals would mean the test checks little.
    assert len(valid) > 0.9 * len(generated), [
        (item, codes) for item, (ok, codes) in zip(generated, verdicts) if not ok
    ][:5]
    return fixtures + valid


def test_exported_commands_reach_the_aws_cli_as_the_request(work, fixtures, cli_parser):
    corpus = cli_corpus(fixtures)
    texts = muster.exports(corpus, "cli")
    argvs = run_bash(work, "commands.sh", "".join(texts))
    assert len(argvs) == len(corpus)
    failures = []
    for (operation, request), text, argv in zip(corpus, texts, argvs):
        params, error = cli_parser.parse(argv)
        if params != request:
            failures.append({"operation": operation, "request": request, "cli": params, "error": error[-500:], "text": text})
    assert not failures, json.dumps(failures[:3], ensure_ascii=False, indent=1)


def test_exported_commands_import_back(fixtures):
    corpus = cli_corpus(fixtures)
    texts = muster.exports(corpus, "cli")
    replies = muster.batch(
        [{"cmd": "import", "text": t, "operation": op} for t, (op, _) in zip(texts, corpus)]
    )
    failures = [
        (request, reply) for (_, request), reply in zip(corpus, replies) if not reply["ok"] or reply["request"] != request
    ]
    assert not failures, failures[:3]


def test_cli_input_json_files_reach_the_aws_cli(work, fixtures, cli_parser):
    """The cli-input-json export, read by the CLI through file:// exactly as the note says."""
    corpus = fixtures + gen.corpus(13, {"RegisterInstance": 150, "CreateService": 40})
    verdicts = muster.validities(corpus)
    corpus = [item for item, (ok, _) in zip(corpus, verdicts) if ok]
    replies = muster.batch(
        [{"cmd": "export", "operation": op, "request": req, "format": "cli-input-json"} for op, req in corpus]
    )
    failures = []
    for i, ((operation, request), reply) in enumerate(zip(corpus, replies)):
        assert reply["ok"], reply
        assert reply["text"].isascii()
        path = work / f"input-{i}.json"
        path.write_text(reply["text"], encoding="ascii")
        command = reply["notes"][0].removeprefix("Run: ").split()
        assert command[0] == "aws" and command[3] == "--cli-input-json", command
        argv = command[1:3] + ["--cli-input-json", f"file://{path}"] + command[5:]
        params, error = cli_parser.parse(argv)
        if params != request:
            failures.append((request, params, error[-300:]))
    assert not failures, failures[:3]
    assert os.path.exists(work / "input-0.json")
