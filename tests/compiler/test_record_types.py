"""Data files: a value is what it looks like, and every field has a type the compiler enforces."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal
from rdflib.namespace import SKOS

from collab_graph.common.errors import DataError
from collab_graph.common.paths import Project
from collab_graph.compiler import compile_project
from collab_graph.compiler.fields import field_problems
from collab_graph.compiler.records import load_yaml

YAML_11_SURPRISES = [
    "ON",
    "no",
    "Yes",
    "off",
    "1:30",
    "0x1F",
    "010",
    "0o17",
    "+5",
    "1_000",
    "2015-04-01",
    "1.9",
    "1e999",
    ".inf",
    "NaN",
    "~x",
]


def load(tmp_path: Path, text: str):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "graph/x.yaml")


def test_yaml_1_1_implicit_types_stay_as_written(tmp_path):
    data = load(tmp_path, "aliases: [" + ", ".join(YAML_11_SURPRISES) + "]\nposition: 12\nflag: true\nempty:\n")
    assert data["aliases"] == YAML_11_SURPRISES
    assert data["position"] == 12 and data["flag"] is True and data["empty"] is None


@settings(derandomize=True, deadline=None, max_examples=200, database=None)
@given(st.text(st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufeff"), min_size=1, max_size=12).filter(str.strip))
def test_any_plain_scalar_is_its_own_text_or_an_exact_whole_number(text):
    """Whatever the spelling, a plain scalar loads as exactly that text, or as a number whose text it is."""
    import yaml

    from collab_graph.compiler.records import _Loader

    try:
        value = yaml.load(f"v: {text}\n", Loader=_Loader)["v"]
    except (yaml.YAMLError, TypeError):
        return  # not a plain scalar (a flow collection, a comment, a quote ...)
    if isinstance(value, bool):
        assert text.strip() in {"true", "false"}
    elif isinstance(value, int):
        assert str(value) == text.strip()
    elif value is not None and isinstance(value, str):
        assert value == text.strip() or "#" in text or ":" in text or text.strip()[0] in "'\"-?[{|>&*!%@`"


def test_the_compiled_graph_keeps_a_yaml_1_1_lookalike_alias(project_copy: Path):
    path = project_copy / "graph/organisations/ambulance.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  aliases: [EMAS]", "  aliases: [EMAS, ON, 0x1F, 010, 1:30]", 1), encoding="utf-8"
    )
    graph = compile_project(Project(project_copy)).graph
    labels = {str(o) for o in graph.objects(None, SKOS.altLabel)}
    assert {"ON", "0x1F", "010", "1:30"} <= labels
    assert Literal("True") not in set(graph.objects(None, SKOS.altLabel))


@pytest.mark.parametrize(
    ("record", "field", "message"),
    [
        ({"holder": None}, "holder", "must be text, got nothing (the field is empty)"),
        ({"note": ["a", "b"]}, "note", "must be text, got a list"),
        ({"name": 2015}, "name", "must be text, got the number 2015 (quote it to mean text)"),
        ({"aliases": "EMAS"}, "aliases", "must be a list of text, got 'EMAS'"),
        ({"position": "1.9"}, "position", "must be a whole number from 1 to 1000000, got '1.9'"),
        ({"position": 0}, "position", "must be a whole number from 1 to 1000000, got 0"),
        ({"start": "2015-02-30"}, "start", "must be a real date, got '2015-02-30'"),
        (
            {"amount": "010"},
            "amount",
            "must be a plain decimal number such as 1500000 or 2.5 (no exponent, leading zero or separator), got '010'",
        ),
        ({"amount": 10**16}, "amount", "must be less than 1,000,000,000,000,000 in size, got 10000000000000000"),
        ({"lines": [30, 12]}, "lines", "must be [first, last] line numbers with 1 <= first <= last, got [30, 12]"),
        ({"theme": "yes please"}, "theme", None),
    ],
)
def test_each_field_type(record, field, message):
    found = dict(field_problems(record))
    assert found.get(field) == message


def test_a_bad_field_fails_the_build_naming_file_line_record_and_field(project_copy: Path):
    path = project_copy / "graph/national.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    position: 1\n", "    position: 1.9\n", 1), encoding="utf-8")
    with pytest.raises(DataError) as failed:
        compile_project(Project(project_copy))
    assert [str(p) for p in failed.value.problems] == [
        "graph/national.yaml:105: workstream 'mobilisation-and-crisis-management': field 'position' must be a whole number from 1 to 1000000, got '1.9'"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1]\nb: *x\n", "graph/x.yaml:1: YAML syntax error: column 4: anchor &x is not allowed (write the value out)"),
        (
            "a: !!python/object:os.system x\n",
            "graph/x.yaml:1: YAML syntax error: column 4: tag tag:yaml.org,2002:python/object:os.system is not allowed (data files use plain YAML)",
        ),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "graph/x.yaml:1: YAML syntax error: column 23: nested deeper than 20 levels"),
        ("name: a\nname: b\n", "graph/x.yaml:2: YAML syntax error: column 1: key 'name' given twice in one record (first at line 1)"),
    ],
)
def test_refused_yaml(tmp_path, text, message):
    with pytest.raises(DataError) as failed:
        load(tmp_path, text)
    assert [str(p) for p in failed.value.problems] == [message]
