"""muster's --cli-input-yaml reader against ruamel.yaml's safe loader, the one AWS CLI v2 reads
those files with: on thousands of generated documents (every scalar style, plain scalars YAML
types, comments, nested and same-indentation lists, flow collections, literal blocks, blank
lines with spaces before them), muster gives the same JSON, types included, or refuses where
the loader makes a date or a number JSON cannot hold. Also muster's own cli-input-yaml exports,
read back by both."""

import io
import json
import math
import datetime

from ruamel.yaml import YAML

import gen
import muster

PLAIN = [
    "yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "true", "True", "TRUE",
    "tRUE", "False", "1", "+1", "-1", "007", "0o17", "0x1F", "-0x1F", "0b101", "1_000", "1.5",
    "1.", "1.e2", ".5", "1e3", "1E+3", "-1.5e-3", "1.80.0", "12:30", "0017", "0.", "00.5", "1:2",
    "a#b", "x y z", "srv-p5zdwlg5uvvzjita", "10.0.0.1", "DockerVersion 20.10", "caf\u00e9",
    "\u65e5\u672c", "2024-01-01", ".inf", "-.inf", ".nan", "a/b", "50%", "-x", "=", "a'b", 'a"b',
]
KEYS = ["ServiceId", "name", "value", "Attributes", "a_b", "k1", "stringSetValue", "x-y"]
QUOTED_KEYS = ['"odd key"', '"k: v"', "'it''s'", '"#x"', '"n"']
ESCAPES = ["\\n", "\\t", '\\"', "\\\\", "\\u00e9", "\\x41", "\\/", "\\e", "\\N", "\\_", "\\L",
           "\\U0001F600", " ", "a", "#", ": "]


def scalar(r, in_flow=False):
    kind = r.randrange(4)
    if kind == 0:
        choices = [p for p in PLAIN if not in_flow or not any(c in p for c in ",[]{}#")]
        return r.choice(choices)
    if kind == 1:
        text = "".join(r.choice("ab #:,'\"\\-\u00e9") for _ in range(r.randint(0, 8)))
        return "'" + text.replace("'", "''") + "'"
    if kind == 2:
        return '"' + "".join(r.choice(ESCAPES) for _ in range(r.randint(0, 5))) + '"'
    if in_flow:
        return r.choice(PLAIN[:20])
    items = [scalar(r, True) for _ in range(r.randint(0, 3))]
    if r.random() < 0.5:
        return "[" + ", ".join(items) + "]"
    return "{" + ", ".join(f"{r.choice(KEYS)}{i}: {v}" for i, v in enumerate(items)) + "}"


def comment(r):
    return " # note: x" if r.random() < 0.2 else ""


def mapping(r, indent, depth):
    lines = []
    keys = r.sample(KEYS + QUOTED_KEYS, r.randint(1, 5))
    for key in keys:
        pad = " " * indent
        choice = r.random()
        if depth < 3 and choice < 0.2:
            lines.append(f"{pad}{key}:{comment(r)}")
            lines += mapping(r, indent + 2, depth + 1)
        elif depth < 3 and choice < 0.4:
            lines.append(f"{pad}{key}:{comment(r)}")
            lines += sequence(r, indent + r.choice([0, 2]), depth + 1)
        elif choice < 0.45:
            lines.append(f"{pad}{key}: |{r.choice(['', '-', '+'])}")
            # Blank lines first, with spaces the loader reads as empty lines (none, or the
            # block's indentation first) or fails on (fewer first); more than the block's
            # indentation is in the test below.
            for _ in range(r.choice([0, 0, 0, 1, 2])):
                lines.append(" " * r.choice([0, 0, indent + 2, indent + 2, indent + 2, indent + 1, 1]))
            for _ in range(r.randint(1, 3)):
                lines.append(pad + "  " + r.choice(["{", '  "a": 1,', "# not a comment", "}", "x: y"]))
        else:
            lines.append(f"{pad}{key}: {scalar(r)}{comment(r)}")
    return lines


def sequence(r, indent, depth):
    lines = []
    pad = " " * indent
    for _ in range(r.randint(1, 3)):
        if depth < 3 and r.random() < 0.4:
            inner = mapping(r, indent + 2, depth + 1)
            lines.append(pad + "- " + inner[0].lstrip(" "))
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {scalar(r)}{comment(r)}")
    return lines


def document(r):
    head = r.choice(["", "---\n", "# a skeleton\n"])
    return head + "\n".join(mapping(r, 0, 0)) + "\n"


def strict(value):
    """The value with its types spelled out (in Python, 1 == 1.0 == True)."""
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, list):
        return ("list", [strict(v) for v in value])
    if isinstance(value, dict):
        return ("map", sorted((str(k), strict(v)) for k, v in value.items()))
    return (type(value).__name__, value)


def json_cannot_hold(value):
    """Whether the loaded value holds a date, a time or a number JSON has no form for."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return True
    if isinstance(value, float):
        return math.isinf(value) or math.isnan(value)
    if isinstance(value, list):
        return any(json_cannot_hold(v) for v in value)
    if isinstance(value, dict):
        return any(json_cannot_hold(v) for v in value.values())
    return False


def load(text):
    return YAML(typ="safe", pure=True).load(io.StringIO(text))


def test_generated_documents_read_as_the_aws_cli_reads_them():
    r = gen.rng(41)
    documents = [document(r) for _ in range(3300)]
    replies = muster.batch([{"cmd": "yaml", "text": d} for d in documents])
    compared = 0
    for text, reply in zip(documents, replies):
        try:
            expected = load(text)
        except Exception as refused:  # The CLI would stop here too.
            assert not reply["ok"], (text, reply, refused)
            continue
        if json_cannot_hold(expected):
            assert not reply["ok"], (text, reply)
            continue
        assert reply["ok"], (text, reply, expected)
        assert strict(reply["value"]) == strict(expected), (text, reply["value"], expected)
        compared += 1
    assert compared > 2000, compared


def test_exported_cli_input_yaml_reads_back_in_both(fixtures):
    corpus = fixtures + gen.corpus(71, {op: 60 for op in muster.OPERATIONS})
    valid = [item for item, (ok, _) in zip(corpus, muster.validities(corpus)) if ok]
    texts = muster.exports(valid, "cli-input-yaml")
    replies = muster.batch([{"cmd": "yaml", "text": t} for t in texts])
    for (operation, request), text, reply in zip(valid, texts, replies):
        assert reply["ok"], (text, reply)
        assert strict(reply["value"]) == strict(request) == strict(load(text)), text
    assert len(valid) > 300
    # And through the import, which also finds the operation.
    imported = muster.batch([{"cmd": "import", "text": t, "operation": op} for (op, _), t in zip(valid[:200], texts)])
    for (operation, request), reply in zip(valid, imported):
        assert reply["ok"], reply
        assert reply["request"] == request
        assert reply["format"] in ("cli-input-yaml", "json")


def mutated(r, text):
    """`text` with a few characters inserted, removed or copied: mostly broken YAML."""
    alphabet = list(" \n:-#'\"[]{},|>&*!?~\\abc019.\t") + ["- ", ": ", "  ", "\n  ", "\n- "]
    for _ in range(r.randint(1, 4)):
        i = r.randrange(len(text) + 1)
        op = r.randrange(3)
        if op == 0:
            text = text[:i] + r.choice(alphabet) + text[i:]
        elif op == 1:
            text = text[:i] + text[i + 1:]
        else:
            j = r.randrange(len(text) + 1)
            text = text[:i] + text[j:j + r.randint(1, 10)] + text[i:]
    return text


def test_mutated_documents_are_read_as_the_aws_cli_reads_them_or_refused():
    """Broken and odd YAML: whatever muster reads, the CLI's loader reads the same way; where
    the loader fails or makes something JSON cannot hold, muster refuses. (muster may also
    refuse what the loader takes: never the other way round.)"""
    r = gen.rng(43)
    documents = [mutated(r, document(r)) for _ in range(6000)]
    replies = muster.batch([{"cmd": "yaml", "text": d} for d in documents])
    agreed = 0
    for text, reply in zip(documents, replies):
        try:
            expected = load(text)
            loaded = not json_cannot_hold(expected)
        except Exception:  # The CLI stops on it.
            loaded = False
        if reply["ok"]:
            assert loaded, (text, reply)
            assert strict(reply["value"]) == strict(expected), (text, reply["value"], expected)
            agreed += 1
    assert agreed > 1000, agreed


def test_blank_lines_with_more_spaces_than_the_block_are_refused():
    """Before a | block's first line, a blank line with more spaces than that line sets the
    loader's indentation: the block ends before its content, which the loader then fails on or
    reads as something else (a comment, the next key). muster refuses all of these."""
    documents = []
    for extra in (1, 2, 3):
        for content in ("x: y", "# not a comment", "{"):
            for head in ("a: |", "a: |-", "a: |+", "- b: |", "c:\n  b: |"):
                pad = "    " if head.startswith("c:") else "  "
                if head.startswith("- "):
                    pad = "    "
                documents.append(f"{head}\n{' ' * (len(pad) + extra)}\n{pad}{content}\nz: 1\n")
    replies = muster.batch([{"cmd": "yaml", "text": d} for d in documents])
    read_otherwise = 0
    for text, reply in zip(documents, replies):
        assert not reply["ok"], (text, reply)
        assert "reads its own way" in reply["error"], (text, reply)
        try:
            load(text)
            read_otherwise += 1
        except Exception:
            pass
    assert read_otherwise > 0, "some of these the loader reads, as something else"
