"""The corpus's value classes (``@record(frozen=True)``) behave exactly as ``@dataclass(frozen=True)`` would.

``record`` exists only to make importing the corpus cheap at start-up (issue 10); everything a caller can
observe — construction, defaults, repr, equality, hash values (which decide the order sets iterate in),
immutability, pickling — is compared here with a real frozen dataclass built from the same class body.
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import random
import re
from datetime import date
from typing import Any

import pytest

from lettercheck import corpus

_SOURCE = inspect.getsource(corpus)
RECORDS = re.findall(r"^@record\(frozen=True\)\nclass (\w+)", _SOURCE, re.M)


def _reference(name: str) -> type:
    """The same class body, decorated with ``@dataclass(frozen=True)`` instead."""
    start = _SOURCE.index(f"@record(frozen=True)\nclass {name}:")
    end = _SOURCE.index("\n\n\n", start)
    block = _SOURCE[start:end].replace("@record(frozen=True)", "@dataclasses.dataclass(frozen=True)", 1)
    namespace: dict[str, Any] = {**vars(corpus), "dataclasses": dataclasses}
    exec(compile("from __future__ import annotations\n" + block, f"<reference {name}>", "exec"), namespace)
    return namespace[name]


def _errors(fn: Any, *args: Any) -> tuple[type, str] | None:
    try:
        fn(*args)
    except Exception as e:  # the type and message are what is compared
        return type(e), str(e)
    return None


def test_every_value_class_of_the_corpus_is_a_record() -> None:
    assert len(RECORDS) >= 12
    assert {"Version", "Act", "Body", "Term", "SectionStatus", "DocumentStatus"} <= set(RECORDS)


@pytest.mark.parametrize("name", RECORDS)
def test_a_record_behaves_as_a_frozen_dataclass(name: str) -> None:
    rec, ref = getattr(corpus, name), _reference(name)
    fields = [f.name for f in dataclasses.fields(ref)]
    assert rec.__match_args__ == ref.__match_args__ == tuple(fields)
    params = lambda cls: [(p.name, p.default) for p in inspect.signature(cls.__init__).parameters.values()]  # noqa: E731
    assert params(rec) == params(ref)
    rnd = random.Random(name)
    for _ in range(30):
        values = [rnd.choice([None, 7, "x", ("a", 2), date(2020, 1, 2), True]) for _ in fields]
        a, b = rec(*values), ref(*values)
        assert repr(a) == repr(b).replace(ref.__qualname__, rec.__qualname__, 1)
        assert hash(a) == hash(b)
        assert a == rec(**dict(zip(fields, values, strict=True)))
        assert (a != rec(*values)) is False
        assert a != b and a.__eq__(b) is NotImplemented
        other = ["changed", *values[1:]]
        assert (a == rec(*other)) == (b == ref(*other))
        assert _errors(setattr, a, fields[0], 1) == _errors(setattr, b, fields[0], 1)
        assert _errors(setattr, a, "new", 1) == _errors(setattr, b, "new", 1)
        assert _errors(delattr, a, fields[0]) == _errors(delattr, b, fields[0])
        assert pickle.loads(pickle.dumps(a)) == a
    assert (_errors(rec) is None) == (_errors(ref) is None)
    too_many = range(len(fields) + 1)
    assert _errors(rec, *too_many)[0] is _errors(ref, *too_many)[0] is TypeError


def test_the_bundled_corpus_compares_and_hashes_as_before() -> None:
    c = corpus.load_corpus()
    for act in list(c.acts.values())[:5]:
        for v in act.versions:
            assert v == pickle.loads(pickle.dumps(v))
            assert hash(v) == hash(tuple(getattr(v, f) for f in type(v).__match_args__))
