"""The exported AWS CLI commands, run by bash with an `aws` stub on PATH that prints its argv as
JSON: every value arrives byte for byte, and the AWS CLI's own argument processing turns that
argv into exactly the request."""

import json
import os
import re
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


def ansi_c_word(r):
    """A random `$'...'` word: every escape bash knows (with too few, enough and too many digits),
    `\\c` before letters, symbols, backslashes, non-ASCII and the closing quote, unknown escapes
    and plain text."""
    pieces = []
    for _ in range(r.randint(0, 6)):
        kind = r.randrange(9)
        if kind == 0:
            pieces.append("\\" + r.choice("abeEfnrtv\\'\"?"))
        elif kind == 1:
            pieces.append("\\" + "".join(r.choice("01234567") for _ in range(r.randint(1, 4))))
        elif kind == 2:
            letter, most = r.choice([("x", 2), ("u", 4), ("U", 8)])
            digits = "".join(r.choice("0123456789abcdefABCDEF") for _ in range(r.randint(0, most + 1)))
            pieces.append("\\" + letter + digits)
        elif kind == 3:
            # A backslash as X pairs with the next character, so it never stands last.
            target = r.choice(["A", "z", "?", "[", "_", "1", " ", "\\x", "\\'", "\\\\", "\\n", "\u00e9", "\u65e5", ""])
            pieces.append("\\c" + target)
        elif kind == 4:
            pieces.append("\\" + r.choice("qzdkQ8 9"))
        elif kind == 5:
            pieces.append(r.choice(["\u00e9", "\u65e5", "\U0001F600", "\u200f"]))
        else:
            pieces.append("".join(r.choice("ab c-_=:/.,@%+") for _ in range(r.randint(1, 5))))
    return "$'" + "".join(pieces) + "'"


def assert_read_as_bash(work, name, words):
    """muster's command-line reader against bash itself: each word as bash passes it, a refusal
    where bash would pass bytes that are not UTF-8 or cut the word at a NUL, and never a word bash
    would not pass."""
    replies = muster.batch([{"cmd": "split", "text": f"aws w {word}"} for word in words])
    got = run_bash(work, name, "".join(f"aws w {word}\n" for word in words))
    assert len(got) == len(words)
    compared = 0
    for word, reply, argv in zip(words, replies, got):
        passed = argv[1]
        if reply["ok"]:
            assert reply["words"] == ["aws", "w", passed], (word, reply, argv)
            compared += 1
        elif reply["error"] == "NotUtf8":
            # bash drops a \U code from 0x80000000 up, where muster refuses it with the others
            # beyond U+10FFFF.
            dropped = re.search(r"\\U[89a-fA-F][0-9a-fA-F]{7}", word)
            assert isinstance(passed, dict) or dropped, (word, argv)
        else:
            # A NUL: bash cuts the word there, so muster refuses rather than pass the rest.
            assert reply["error"] == "Nul", (word, reply)
    assert compared > 0.66 * len(words), compared


def test_ansi_c_words_read_as_bash_reads_them(work):
    r = gen.rng(23)
    assert_read_as_bash(work, "ansi-c.sh", [ansi_c_word(r) for _ in range(3000)])


def shell_word(r):
    """A random word as a user might paste it: plain text, backslash escapes, '...', "..." with
    its own escapes, and $'...', run together."""
    plain = "abcXYZ019-_=:/.,@%+\u00e9\u65e5"
    segments = []
    for _ in range(r.randint(1, 5)):
        kind = r.randrange(5)
        if kind == 0:
            segments.append("".join(r.choice(plain) for _ in range(r.randint(1, 6))))
        elif kind == 1:
            segments.append("\\" + r.choice(plain + " '\"\\$`!#&;|<>(){}*?[]~\t"))
        elif kind == 2:
            segments.append("'" + "".join(r.choice(plain + " \"\\$`!#&;|*?~\t") for _ in range(r.randint(0, 6))) + "'")
        elif kind == 3:
            inside = [r.choice([r.choice(plain + " '!#&;|*?~"), "\\\"", "\\\\", "\\$", "\\`", "\\a", "\\n"]) for _ in range(r.randint(0, 6))]
            segments.append('"' + "".join(inside) + '"')
        else:
            segments.append(ansi_c_word(r))
    return "".join(segments)


def test_pasted_words_read_as_bash_reads_them(work):
    """Words mixing every quoting form bash has."""
    r = gen.rng(29)
    assert_read_as_bash(work, "words.sh", [shell_word(r) for _ in range(3000)])
