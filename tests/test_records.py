"""``@record`` behaves exactly as ``@dataclass`` would (issue 10: it exists only to make start-up cheap).

Everything a caller can observe — construction and its errors, defaults and factories, repr, equality, hash
values (which decide the order sets iterate in), immutability, slots, pickles (bytes included: the compiled
caches written by the dataclass version must load into the record version) and the generated docstring —
is compared with a real dataclass built from the same class body. First for small classes that use each
supported feature, then for every record of lettercheck's own modules. Unsupported features must be refused
at decoration time, never behave differently.
"""

from __future__ import annotations

import dataclasses
import inspect
import itertools
import pickle
import random
import re
import sys
import types
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from lettercheck import records
from lettercheck.records import record

# ------------------------------------------------------------------------------------- representative bodies

#: (decorator arguments, class body): each uses the features of one kind of class in lettercheck
BODIES: dict[str, tuple[str, str]] = {
    # Location, Rule, packs' values: frozen slots with defaults, methods and a property
    "FrozenSlots": (
        "frozen=True, slots=True",
        '''
    """A frozen slots value."""

    a: int
    b: str | None = None
    c: tuple[int, ...] = ()

    def total(self) -> int:
        return self.a + len(self.c)

    @property
    def label(self) -> str:
        return f"{self.a}:{self.b}"
''',
    ),
    # Config, Limits, Packs: frozen with a factory, fields left out of repr and comparison, own __getstate__
    "FrozenDict": (
        "frozen=True",
        '''
    """A frozen value with a memo."""

    name: str
    n: int = 3
    items: tuple[str, ...] = field(default=(), repr=False)
    by: dict[str, int] = field(default_factory=dict, repr=False)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["memo"] = {}
        return state
''',
    ),
    # Letter, Finding, Citation: mutable slots with factories
    "MutableSlots": (
        "slots=True",
        '''
    """A mutable slots value."""

    text: str
    start: int = 0
    parts: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
''',
    ),
    # Summary, Baseline, RunOptions: a plain mutable class
    "Mutable": (
        "",
        '''
    """A plain mutable value."""

    path: str
    seen: set[str] = field(default_factory=set)
    hidden: int = 0
    _paths: set[str] | None = field(default=None, repr=False)
''',
    ),
    # hash=, compare= and ClassVar
    "HashOptions": (
        "frozen=True, slots=True",
        '''
    """Fields hashed or compared selectively."""

    KIND: ClassVar[str] = "kind"
    a: int
    b: int = field(default=0, hash=False)
    c: int = field(default=0, compare=False)
    d: int = field(default=0, compare=False, hash=True)
''',
    ),
    # FieldValue: its own fast __init__ over the slots
    "OwnInit": (
        "frozen=True, slots=True",
        '''
    """A frozen slots value with its own __init__."""

    a: int
    b: int = 2

    def __init__(self, a: int, b: int = 2) -> None:
        object.__setattr__(self, "a", a)
        object.__setattr__(self, "b", b * 10 if isinstance(b, int) else b)
''',
    ),
    # an own __eq__ (and so no own __hash__) and an own __repr__ are kept, the hash is generated
    "OwnEq": (
        "frozen=True",
        '''
    """Compared on one field only."""

    a: int
    b: int = 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, type(self)) and other.a == self.a

    def __repr__(self) -> str:
        return f"<{self.a}>"
''',
    ),
    # an own __hash__ on a mutable class is kept
    "OwnHash": (
        "",
        '''
    """Hashed by identity although mutable."""

    a: int

    def __hash__(self) -> int:
        return 7
''',
    ),
    # LetterType, Placeholder, _Sum: no docstring (dataclasses writes one from the signature)
    "NoDoc": ("frozen=True, slots=True", "\n    a: int\n    b: tuple[Pattern, ...] = ()\n"),
    "NoDocDict": ("", "\n    a: int\n    items: list[int] = field(default_factory=list)\n"),
    "Empty": ("frozen=True", '\n    """No fields."""\n'),
    "EmptySlots": ("frozen=True, slots=True", '\n    """No fields."""\n'),
    "OneField": ("frozen=True, slots=True", '\n    """One field."""\n\n    a: Any\n'),
}

_PRELUDE = "from __future__ import annotations\nfrom typing import Any, ClassVar\nfrom re import Pattern\n"


def _module(name: str, decorate: str, fieldfn: str) -> types.ModuleType:
    """A module holding every body, decorated by ``decorate`` (pickle finds classes through sys.modules)."""
    mod = types.ModuleType(name)
    mod.__dict__.update(records=records, dataclasses=dataclasses, field=eval(fieldfn))
    source = _PRELUDE + "".join(
        f"\n\n@{decorate}({args})\nclass {cls}:{body}" for cls, (args, body) in BODIES.items()
    )
    sys.modules[name] = mod
    exec(compile(source, name, "exec"), mod.__dict__)
    return mod


# same-length names, so that pickles of the two can be compared byte for byte
REC = _module("_records_rec", "records.record", "records.field")
REF = _module("_records_ref", "dataclasses.dataclass", "dataclasses.field")

_VALUES = [None, 0, 7, -1, "x", "", ("a", 2), (), date(2020, 1, 2), True, Decimal("1.50"), frozenset({1})]


def _errors(fn: Any, *args: Any, **kwargs: Any) -> tuple[type, str] | None:
    try:
        fn(*args, **kwargs)
    except Exception as e:  # the type and message are what is compared
        return type(e), str(e)
    return None


def _call(cls: type, *args: Any, **kwargs: Any) -> Any:
    try:
        return cls(*args, **kwargs)
    except Exception as e:
        return (type(e), str(e))


def _field_names(ref: type) -> list[str]:
    return [f.name for f in dataclasses.fields(ref)]


@pytest.mark.parametrize("name", list(BODIES))
def test_the_class_looks_like_the_dataclass(name: str) -> None:
    rec, ref = getattr(REC, name), getattr(REF, name)
    assert rec.__match_args__ == ref.__match_args__
    assert [f.name for f in records.fields(rec)] == _field_names(ref)
    assert str(inspect.signature(rec)) == str(inspect.signature(ref))
    assert rec.__doc__ == ref.__doc__
    assert rec.__qualname__ == ref.__qualname__ and rec.__name__ == ref.__name__
    assert rec.__init__.__annotations__ == ref.__init__.__annotations__
    assert ("__dict__" in dir(rec)) == ("__dict__" in dir(ref))
    assert getattr(rec, "__slots__", None) == getattr(ref, "__slots__", None)
    assert ("__weakref__" in dir(rec)) == ("__weakref__" in dir(ref))
    assert (rec.__hash__ is None) == (ref.__hash__ is None)
    for attr in ("KIND", "a", "b", "items", "by", "memo", "seen", "hidden", "_paths", "parts", "start"):
        assert _errors(getattr, rec, attr) == _errors(getattr, ref, attr)
        if hasattr(ref, attr) and not hasattr(getattr(ref, attr), "__get__"):
            assert getattr(rec, attr) == getattr(ref, attr)
    assert {k for k in vars(ref) if not k.startswith("__dataclass")} - {"__match_args__"} <= (
        set(vars(rec)) | {"__eq__", "__lt__"} - {"__record_fields__"}
    )


@pytest.mark.parametrize("name", list(BODIES))
def test_instances_behave_as_the_dataclass_ones(name: str) -> None:
    rec, ref = getattr(REC, name), getattr(REF, name)
    names = _field_names(ref)
    rnd = random.Random(name)
    for n in range(60):
        values = [rnd.choice(_VALUES) for _ in names]
        cut = rnd.randrange(len(values) + 1)
        args, kwargs = values[:cut], dict(zip(names[cut:], values[cut:], strict=True))
        if n % 3 == 0 and names:  # leave the defaults out
            args, kwargs = values[:1], {}
        a, b = _call(rec, *args, **kwargs), _call(ref, *args, **kwargs)
        if isinstance(b, tuple) and b and b[0] is TypeError:
            assert a == b
            continue
        assert repr(a) == repr(b)
        values_of = lambda x: [_no_address(repr(getattr(x, f))) for f in names]  # noqa: E731
        assert values_of(a) == values_of(b)
        same = _call(rec, *args, **kwargs)
        assert (a == same) == (b == _call(ref, *args, **kwargs))
        assert (a != same) == (b != _call(ref, *args, **kwargs))
        assert a.__eq__(b) == b.__eq__(a)  # NotImplemented, unless the class compares itself
        assert _errors(hash, a) == _errors(hash, b)
        if _errors(hash, b) is None:
            assert hash(a) == hash(b)
        for f in names:
            other = rnd.choice(_VALUES)
            assert _errors(setattr, a, f, other) == _errors(setattr, b, f, other)
            assert [getattr(a, g) for g in names] == [getattr(b, g) for g in names]
        assert repr(a) == repr(b)
        assert _errors(setattr, a, "new", 1) == _errors(setattr, b, "new", 1)
        assert _errors(getattr, a, "new") == _errors(getattr, b, "new")
        for f in [*names[:1], "new"]:
            assert _errors(delattr, a, f) == _errors(delattr, b, f)
            assert _errors(repr, a) == _errors(repr, b)


@pytest.mark.parametrize("name", list(BODIES))
def test_wrong_calls_fail_the_same_way(name: str) -> None:
    rec, ref = getattr(REC, name), getattr(REF, name)
    n = len(_field_names(ref))
    assert _errors(rec) == _errors(ref)
    assert _errors(rec, *range(n + 1)) == _errors(ref, *range(n + 1))
    assert _errors(rec, 1, nope=2) == _errors(ref, 1, nope=2)
    if n:
        assert _errors(rec, 1, **{_field_names(ref)[0]: 2}) == _errors(ref, 1, **{_field_names(ref)[0]: 2})


def test_defaults_and_factories_are_fresh_per_instance() -> None:
    for cls in (REC.MutableSlots, REC.Mutable, REC.FrozenDict):
        a, b = cls("x"), cls("x")
        for f in records.fields(cls):
            if f.default_factory is not records.MISSING:
                assert getattr(a, f.name) is not getattr(b, f.name)
                assert getattr(a, f.name) == f.default_factory()
    a = REC.MutableSlots("x")
    a.parts.append(1)
    assert REC.MutableSlots("x").parts == []
    assert REC.MutableSlots("x", parts=None).parts is None  # an explicit value, even None, is kept


def test_sets_and_dicts_of_records_iterate_in_the_dataclass_order() -> None:
    rnd = random.Random(5)
    for name in ("FrozenSlots", "HashOptions", "OneField", "OwnEq"):
        rec, ref = getattr(REC, name), getattr(REF, name)
        rows = [(rnd.randrange(1000), rnd.choice(["p", "q", None])) for _ in range(300)]
        mk = (lambda cls, r: cls(r[0])) if name in ("OneField", "OwnEq") else (lambda cls, r: cls(*r))
        assert [repr(x) for x in set(mk(rec, r) for r in rows)] == [
            repr(x) for x in set(mk(ref, r) for r in rows)
        ]
        assert [repr(x) for x in dict.fromkeys(mk(rec, r) for r in rows)] == [
            repr(x) for x in dict.fromkeys(mk(ref, r) for r in rows)
        ]


def test_hash_follows_hash_and_compare_options() -> None:
    rec, ref = REC.HashOptions, REF.HashOptions
    for args in itertools.product([1, 2], [3, 4], [5, 6], [7, 8]):
        assert hash(rec(*args)) == hash(ref(*args)) == hash((args[0], args[3]))
        for other in itertools.product([1, 2], [3, 4], [5, 6], [7, 8]):
            assert (rec(*args) == rec(*other)) == (ref(*args) == ref(*other))


# --------------------------------------------------------------------------------------------------- pickles


def _swap(name: str, cls: type) -> None:
    setattr(REF, name, cls)


@pytest.mark.parametrize("protocol", [2, 4, 5, None])
@pytest.mark.parametrize("name", list(BODIES))
def test_pickles_are_the_dataclass_pickles(name: str, protocol: int | None) -> None:
    rec, ref = getattr(REC, name), getattr(REF, name)
    names = _field_names(ref)
    rnd = random.Random(name)
    for _ in range(10):
        values = [rnd.choice(_VALUES) for _ in names]
        a, b = rec(*values), ref(*values)
        dumped = pickle.dumps(a, protocol=protocol)
        assert dumped.replace(b"_records_rec", b"_records_ref") == pickle.dumps(b, protocol=protocol)
        back, ref_back = pickle.loads(dumped), pickle.loads(pickle.dumps(b, protocol=protocol))
        assert type(back) is rec and repr(back) == repr(a)
        assert [getattr(back, f) for f in names] == [getattr(ref_back, f) for f in names]
        # a pickle written by the dataclass version (an old compiled cache) loads into the record class
        old = pickle.dumps(b, protocol=protocol)
        try:
            _swap(name, rec)
            moved = pickle.loads(old)
        finally:
            _swap(name, ref)
        assert type(moved) is rec
        assert [getattr(moved, f) for f in names] == [getattr(pickle.loads(old), f) for f in names]
        if name != "FrozenDict":
            assert moved == a
        if rec.__hash__ is not None:
            assert hash(moved) == hash(a)


def test_a_frozen_memo_is_left_out_of_the_pickle() -> None:
    a = REC.FrozenDict("x", by={"k": 1})
    a.memo["cached"] = 1
    assert pickle.loads(pickle.dumps(a)).memo == {}
    assert a.memo == {"cached": 1}


def test_slots_classes_have_no_instance_dict() -> None:
    for name in ("FrozenSlots", "MutableSlots", "HashOptions", "NoDoc", "OneField", "EmptySlots"):
        cls = getattr(REC, name)
        obj = cls(*([1] * len(records.fields(cls))))
        assert not hasattr(obj, "__dict__")
        assert cls.__slots__ == tuple(f.name for f in records.fields(cls))
    with pytest.raises(AttributeError):
        REC.MutableSlots("x").nope = 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        REC.FrozenSlots(1).a = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        REC.FrozenDict("x").n = 2


def test_repr_of_a_record_inside_itself() -> None:
    a, b = REC.MutableSlots("x"), REF.MutableSlots("x")
    a.extra["me"], b.extra["me"] = a, b
    assert repr(a) == repr(b).replace("_records_ref", "_records_rec")


# ------------------------------------------------------------------------------------ dataclasses' helpers


def test_fields_replace_and_asdict_as_dataclasses_does() -> None:
    outer_rec, outer_ref = REC.FrozenDict, REF.FrozenDict
    a = outer_rec("x", 2, items=("a",), by={"k": 1})
    b = outer_ref("x", 2, items=("a",), by={"k": 1})
    assert repr(records.replace(a, n=5)) == repr(dataclasses.replace(b, n=5))
    assert records.replace(a, n=5).by is a.by
    assert _errors(records.replace, a, nope=1)[0] is _errors(dataclasses.replace, b, nope=1)[0] is TypeError
    assert records.asdict(a) == dataclasses.asdict(b)
    nested = REC.MutableSlots("t", parts=[1, 2], extra={"in": REC.FrozenSlots(1, "b", (2,))})
    assert records.asdict(nested) == dataclasses.asdict(
        REF.MutableSlots("t", parts=[1, 2], extra={"in": REF.FrozenSlots(1, "b", (2,))})
    )
    assert [(f.name, f.repr, f.compare, f.hash) for f in records.fields(a)] == [
        (f.name, f.repr, f.compare, f.hash) for f in dataclasses.fields(b)
    ]
    with pytest.raises(TypeError):
        records.fields(b)
    with pytest.raises(TypeError):
        records.asdict(b)


# ---------------------------------------------------------------------------------------------- unsupported


def _decorate(source: str, **namespace: Any) -> Any:
    ns: dict[str, Any] = {"record": record, "field": records.field, "dataclasses": dataclasses, **namespace}
    exec(compile(_PRELUDE + source, "<unsupported>", "exec"), ns)
    return ns


@pytest.mark.parametrize(
    "source",
    [
        "@record(order=True)\nclass A:\n    a: int\n",
        "@record(kw_only=True)\nclass A:\n    a: int\n",
        "@record(unsafe_hash=True)\nclass A:\n    a: int\n",
        "@record(eq=False)\nclass A:\n    a: int\n",
        "@record(init=False)\nclass A:\n    a: int\n",
        "@record(repr=False)\nclass A:\n    a: int\n",
        "@record(match_args=False)\nclass A:\n    a: int\n",
        "@record(weakref_slot=True, slots=True)\nclass A:\n    a: int\n",
        "@record(nonsense=True)\nclass A:\n    a: int\n",
        "class B:\n    pass\n@record\nclass A(B):\n    a: int\n",
        "@record\nclass B:\n    b: int\n@record\nclass A(B):\n    a: int\n",
        "@record\nclass A:\n    a: int\n    def __post_init__(self) -> None:\n        pass\n",
        "@record\nclass A:\n    a: dataclasses.InitVar[int]\n",
        "@record\nclass A:\n    a: InitVar[int]\n",
        "@record\nclass A:\n    _: KW_ONLY\n    a: int\n",
        "@record\nclass A:\n    a: int = dataclasses.field(default=1)\n",
        "@record(frozen=True)\nclass A:\n    a: int\n    def __setattr__(self, n, v):\n        pass\n",
        "@record(slots=True)\nclass A:\n    __slots__ = ('a',)\n    a: int\n",
        "@record\nclass A:\n    a: int = 1\n    b: int\n",
        "@record\nclass A:\n    a = field(default=1)\n",
    ],
)
def test_what_is_not_supported_is_refused_at_decoration(source: str) -> None:
    with pytest.raises(TypeError):
        _decorate(source, InitVar=dataclasses.InitVar, KW_ONLY=dataclasses.KW_ONLY)


def test_a_mutable_default_is_refused_as_dataclasses_refuses_it() -> None:
    source = "@{}\nclass A:\n    a: list[int] = []\n"
    with pytest.raises(ValueError) as rec_error:
        _decorate(source.format("record"))
    with pytest.raises(ValueError) as ref_error:
        _decorate(source.format("dataclasses.dataclass"))
    assert str(rec_error.value) == str(ref_error.value)
    with pytest.raises(ValueError):
        records.field(default=1, default_factory=list)


# ---------------------------------------------------------------------------------- lettercheck's own records

#: modules whose records are compared with the dataclass their source would make with ``@dataclass``
_MODULES = [
    "lettercheck.config",
    "lettercheck.packs",
    "lettercheck.runner",
    "lettercheck.registry",
    "lettercheck.report",
    "lettercheck.checks.payments",
    "lettercheck.baseline",
    "lettercheck.corpus",
    "lettercheck.model",
    "lettercheck.lettertypes",
    "lettercheck.extract.amounts",
    "lettercheck.extract.citation_grammar",
    "lettercheck.extract.citations",
    "lettercheck.extract.dates",
    "lettercheck.extract.payments",
    "lettercheck.extract.tokenize",
]
_DECORATOR = re.compile(r"^@(record(?:\(([^)]*)\))?)\nclass (\w+)\b", re.M)


def _own_records() -> list[tuple[str, str]]:
    out = []
    for modname in _MODULES:
        module = __import__(modname, fromlist=["_"])
        out += [(modname, m.group(3)) for m in _DECORATOR.finditer(inspect.getsource(module))]
    return out


OWN = _own_records()


def _no_address(text: str) -> str:
    return re.sub(r" at 0x[0-9a-f]+>", ">", text)


def _own_reference(modname: str, name: str) -> type:
    """The class as ``@dataclass`` makes it from the same body (``field`` becoming ``dataclasses.field``)."""
    module = sys.modules[modname]
    source = inspect.getsource(module)
    m = next(m for m in _DECORATOR.finditer(source) if m.group(3) == name)
    end = source.index("\n\n\n", m.start())
    args = m.group(2) or ""
    block = f"@dataclasses.dataclass({args})\n" + source[m.end(1) + 1 : end]
    ns: dict[str, Any] = {**vars(module), "dataclasses": dataclasses, "field": dataclasses.field}
    exec(compile("from __future__ import annotations\n" + block, f"<reference {name}>", "exec"), ns)
    return ns[name]


def test_lettercheck_uses_records() -> None:
    names = {name for _, name in OWN}
    assert {
        "Config",
        "Limits",
        "Packs",
        "Element",
        "Rule",
        "Input",
        "Summary",
        "Baseline",
        "Version",
    } <= names


@pytest.mark.parametrize(("modname", "name"), OWN)
def test_a_lettercheck_record_behaves_as_its_dataclass(modname: str, name: str) -> None:
    rec, ref = getattr(sys.modules[modname], name), _own_reference(modname, name)
    names = _field_names(ref)
    assert rec.__match_args__ == ref.__match_args__ == tuple(names)
    assert str(inspect.signature(rec)) == str(inspect.signature(ref))
    assert rec.__doc__ == ref.__doc__
    assert getattr(rec, "__slots__", None) == getattr(ref, "__slots__", None)
    assert (rec.__hash__ is None) == (ref.__hash__ is None)
    assert [(f.name, f.repr, f.compare, f.hash) for f in records.fields(rec)] == [
        (f.name, f.repr, f.compare, f.hash) for f in dataclasses.fields(ref)
    ]
    rnd = random.Random(name)
    required = [f for f in dataclasses.fields(ref) if f.default is dataclasses.MISSING]
    required = [f for f in required if f.default_factory is dataclasses.MISSING]
    for _ in range(20):
        values = [rnd.choice(_VALUES) for _ in required]
        a, b = rec(*values), ref(*values)
        # a default object's repr names its address (Letter's SourceMap): compare without it
        assert _no_address(repr(a)) == _no_address(repr(b).replace(ref.__qualname__, rec.__qualname__, 1))
        values_of = lambda x: [_no_address(repr(getattr(x, f))) for f in names]  # noqa: E731
        assert values_of(a) == values_of(b)
        assert _errors(hash, a) == _errors(hash, b)
        if _errors(hash, b) is None:
            assert hash(a) == hash(b)
        assert (a == rec(*values)) == (
            b == ref(*values)
        )  # equal, unless a field's default compares by identity
        assert a.__eq__(b) is NotImplemented
        assert _no_address(repr(pickle.loads(pickle.dumps(a)))) == _no_address(repr(a))
        for f in [*names[:1], "new"]:
            assert _errors(setattr, a, f, 1) == _errors(setattr, b, f, 1)
            assert _errors(delattr, a, f) == _errors(delattr, b, f)


# ------------------------------------------------------------------------------------- the lazy __init__


def test_init_is_generated_on_first_call_with_the_same_signature() -> None:
    source = (
        "@{}(frozen=True, slots=True)\nclass A:\n    a: int\n    b: list[int] = field(default_factory=list)\n"
    )
    rec = _decorate(source.format("record"))["A"]
    ref = _decorate(source.format("dataclasses.dataclass"), field=dataclasses.field)["A"]
    stub = rec.__dict__["__init__"]
    assert (
        str(inspect.signature(rec))
        == str(inspect.signature(ref))
        == "(a: 'int', b: 'list[int]' = <factory>) -> None"
    )
    assert stub.__qualname__ == "A.__init__" and stub.__doc__ is None
    assert _errors(rec, 1, 2, 3) == _errors(ref, 1, 2, 3)
    assert _errors(rec, b=2) == _errors(ref, b=2)
    assert rec.__dict__["__init__"] is stub  # a failed call generates nothing
    a = rec(1)
    generated = rec.__dict__["__init__"]
    assert generated is not stub and generated.__qualname__ == "A.__init__"
    assert str(inspect.signature(generated)) == str(inspect.signature(ref.__init__))
    assert repr(a) == "A(a=1, b=[])" and rec(2, [3]).b == [3]
    obj = object.__new__(rec)
    stub(obj, 5)  # a reference kept from before still initialises
    assert obj.a == 5 and obj.b == [] and rec.__dict__["__init__"] is generated


@pytest.mark.parametrize("name", ["self", "_factory", "_d0", "_s12", "_f3"])
def test_a_field_named_as_the_generated_init_s_own_names_is_refused(name: str) -> None:
    with pytest.raises(TypeError):
        _decorate(f"@record\nclass A:\n    {name}: int\n")


# ------------------------------------------------------- start-up work the records made room for (packs)


def _texts() -> list[str]:
    from tests.conftest import FIXTURES

    rnd = random.Random(3)
    base = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(FIXTURES.rglob("*.xml"))[:40]]
    extra = ["Det Sociale Nævn", "ΣΑΣ İstanbul µ Ǆ", "{{navn}}", "TODO", "KLAGEVEJLEDNING\nDu kan klage", "ß"]
    out = list(base)
    for _ in range(120):
        t = rnd.choice(base) if base else ""
        i = rnd.randrange(len(t) + 1)
        out.append(t[i : i + rnd.randrange(400)] + rnd.choice(extra) + rnd.choice(["", "İ", "µ", "K"]))
    return out


def test_interpreted_prefilters_answer_as_the_compiled_ones() -> None:
    """A LiteralIndex answers its first texts by interpreting the prefilters and compiles them after: both
    must give the same answers, for the whole group and pattern by pattern within a slice of a text."""
    from lettercheck import corpus, packs

    pk, c = packs.load_packs(), corpus.load_corpus()
    groups = [tuple(t.phrases) for t in pk.letter_types] + [tuple(e.patterns) for e in pk.elements.values()]
    groups += [tuple(p.pattern for p in pk.placeholders), tuple(d.pattern for d in pk.debris)]
    groups += [
        tuple(b.pattern for b in c.bodies if b.pattern),
        tuple(t.pattern for t in c.terms if t.pattern),
    ]
    texts = _texts()
    rnd = random.Random(4)
    for g in filter(None, groups):
        index = packs.LiteralIndex(g)
        one = packs._OnePlans(index)
        compiled_all = one.define_all()
        exprs, tests = one._source()
        compiled_one = [packs._define("one_", e, tests) for e in exprs]
        for t in texts:
            state = packs._state(t)
            expected = compiled_all(t, state.low_fast, state.get_low)
            got = [p is None or packs._holds(p, t, state.low_fast, state.get_low) for p in index.plans()]
            assert got == expected
            start = rnd.randrange(len(t) + 1)
            w = packs._Within(index, t, start, rnd.randrange(start, len(t) + 1))
            for k, fn in enumerate(compiled_one):
                assert w[k] == fn(w._text, w._low, w._true_low)
        fresh = packs.LiteralIndex(g)
        answers = [list(fresh.live(t)) for t in texts[: packs.LiteralIndex.WARM_UP + 3]]
        assert fresh._all is not None  # compiled after the warm-up
        assert answers == [
            compiled_all(t, packs._state(t).low_fast, packs._state(t).get_low) for t in texts[:11]
        ]


def test_the_corpus_cache_carries_its_patterns_prefilters(tmp_path: Any, monkeypatch: Any) -> None:
    from lettercheck import compiled, corpus, packs

    monkeypatch.setenv("LETTERCHECK_CORPUS_CACHE", str(tmp_path))
    corpus._load_cached.cache_clear()
    try:
        first = corpus.load_corpus()
        corpus._load_cached.cache_clear()
        monkeypatch.setattr(compiled, "PREFILTER_SEEDS", {})
        second = corpus.load_corpus()
        assert second is not first and second.hash == first.hash
        patterns = [x.pattern for x in (*second.bodies, *second.terms) if x.pattern is not None]
        assert patterns and len(compiled.PREFILTER_SEEDS) == len({(p.pattern, p.flags) for p in patterns})
        for p in patterns:
            key = (p.pattern, p.flags, "re")
            seeded = packs._from_seed(compiled.PREFILTER_SEEDS[key])
            assert seeded == packs._find_prefilter(*key)
    finally:
        corpus._load_cached.cache_clear()
