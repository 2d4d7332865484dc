"""``@record``: what ``@dataclass`` makes of a class, for a fraction of its cost at import.

Every ``lettercheck check`` imports some forty value classes, and Python 3.11's ``@dataclass`` compiles six
generated functions per class (and a second class for ``slots=True``): ~50 ms of a 250 ms start-up budget
(issue 10). Here only ``__init__`` is generated — it runs per instance, so it must be at least as fast as
the dataclass one — and ``__repr__``, ``__eq__``, ``__hash__``, the frozen ``__setattr__``/``__delattr__`` and
the slots' ``__getstate__``/``__setstate__`` are shared closures over an ``attrgetter`` of the fields. They
behave as the dataclass ones do, byte for byte where it shows: the same repr, the same hash values (so sets
and dicts of records iterate in the same order), the same errors, the same pickles (a compiled cache written
by the dataclass version loads into the record version and back).

Only what this code base uses is supported: ``frozen``, ``slots``, field defaults and ``field(default=,
default_factory=, repr=, hash=, compare=)``, ``ClassVar`` annotations (not fields) and methods the class
defines itself (kept, as a dataclass keeps them). Anything else — ``order``, ``kw_only``, ``InitVar``, a
base class with fields, a ``dataclasses.field`` — raises TypeError at decoration time rather than behave
differently. ``dataclasses.fields()``/``replace()``/``asdict()`` do not know records; :func:`fields`,
:func:`replace` and :func:`asdict` here do the same for them.
"""

from __future__ import annotations

import _thread
import operator
import re
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["Field", "asdict", "field", "fields", "record", "replace"]

_T = TypeVar("_T")


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<missing>"


class _Factory:
    """The default an ``__init__`` parameter shows when its field has a ``default_factory`` (as dataclasses'
    own marker, it reads ``<factory>`` in a signature)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


MISSING: Any = _Missing()
_FACTORY: Any = _Factory()


class Field:
    """One field of a record: what :func:`field` was given, plus the name and annotation."""

    __slots__ = ("compare", "default", "default_factory", "hash", "name", "repr", "type")

    def __init__(
        self, default: Any, default_factory: Any, repr: bool, hash: bool | None, compare: bool
    ) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.type: Any = None
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.hash = hash
        self.compare = compare

    def __repr__(self) -> str:
        return (
            f"Field(name={self.name!r},type={self.type!r},default={self.default!r},"
            f"default_factory={self.default_factory!r},repr={self.repr!r},hash={self.hash!r},"
            f"compare={self.compare!r})"
        )


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] | Any = MISSING,
    repr: bool = True,
    hash: bool | None = None,
    compare: bool = True,
) -> Any:
    """``dataclasses.field`` for records (the keywords this code base uses)."""
    return Field(default, default_factory, repr, hash, compare)


#: the decorator's keywords that are not supported, with the value that means "not used"
_UNSUPPORTED = {
    "init": True,
    "repr": True,
    "eq": True,
    "order": False,
    "unsafe_hash": False,
    "match_args": True,
    "kw_only": False,
    "weakref_slot": False,
}

#: names the generated ``__init__`` uses for itself (see :func:`_make_init`)
_INTERNAL_NAME = re.compile(r"_factory|_[dfs]\d+")
#: how dataclasses recognises a ClassVar/InitVar annotation written as a string ("typing.ClassVar[int]")
_MODULE_IDENTIFIER = re.compile(r"^(?:\s*(\w+)\s*\.)?\s*(\w+)")


@overload
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, frozen: bool = False, slots: bool = False) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(field_specifiers=(field, Field))
def record(
    cls: type[_T] | None = None, /, *, frozen: bool = False, slots: bool = False, **options: Any
) -> Any:
    """``@dataclass`` / ``@dataclass(frozen=..., slots=...)`` at a fraction of the import cost (see module)."""
    for key, value in options.items():
        if key not in _UNSUPPORTED:
            raise TypeError(f"record() got an unexpected keyword argument {key!r}")
        if value != _UNSUPPORTED[key]:
            raise TypeError(f"record() does not support {key}={value!r}; use @dataclass")

    def wrap(cls: type[_T]) -> type[_T]:
        return _process(cls, frozen, slots)

    return wrap if cls is None else wrap(cls)


def _own_fields(cls: type) -> tuple[Field, ...]:
    """The class's fields in annotation order, as dataclasses finds them (ClassVar annotations are not)."""
    if cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: record does not support base classes; use @dataclass")
    out = []
    # the class's own annotations, as inspect.get_annotations(cls) gives them (without importing inspect)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        kind = _annotation_kind(annotation)
        if kind == "ClassVar":
            if isinstance(cls.__dict__.get(name), Field):
                raise TypeError(f"{cls.__name__}.{name}: record does not support field() on a ClassVar")
            continue
        if kind is not None:
            raise TypeError(f"{cls.__name__}.{name}: record does not support {kind}; use @dataclass")
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            f = value
        elif type(value).__name__ == "Field" and type(value).__module__ == "dataclasses":
            raise TypeError(f"{cls.__name__}.{name}: use lettercheck.records.field, not dataclasses.field")
        else:
            f = Field(value, MISSING, True, None, True)
        if name == "self" or _INTERNAL_NAME.fullmatch(name):
            raise TypeError(f"{cls.__name__}.{name}: a record field cannot be named {name!r}")
        f.name, f.type = name, annotation
        if f.default is not MISSING and f.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory"
            )
        out.append(f)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in {f.name for f in out}:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    return tuple(out)


def _annotation_kind(annotation: Any) -> str | None:
    """ "ClassVar", "InitVar" or "KW_ONLY" when the annotation is one (as a string or the object), else None."""
    if isinstance(annotation, str):
        m = _MODULE_IDENTIFIER.match(annotation)
        name = m.group(2) if m else ""
        if name in ("ClassVar", "InitVar", "KW_ONLY"):
            return name
        return None
    text = repr(annotation)
    for kind in ("ClassVar", "InitVar", "KW_ONLY"):
        if text.startswith((f"typing.{kind}", f"dataclasses.{kind}", f"<class 'dataclasses.{kind}'")):
            return kind
    return None


def _process(cls: type[_T], frozen: bool, slots: bool) -> type[_T]:
    original = cls
    own = cls.__dict__
    flds = _own_fields(cls)
    names = tuple(f.name for f in flds)
    seen_default = False
    for f in flds:
        if f.default is MISSING and f.default_factory is MISSING:
            if seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
        else:
            seen_default = True
    if "__post_init__" in own or any(hasattr(b, "__post_init__") for b in cls.__mro__):
        raise TypeError(f"{cls.__name__}: record does not support __post_init__; use @dataclass")
    if frozen:
        for method in ("__setattr__", "__delattr__"):
            if method in own:
                raise TypeError(f"Cannot overwrite attribute {method} in class {cls.__name__}")

    if slots:
        if "__slots__" in own:
            raise TypeError(f"{cls.__name__} already specifies __slots__")
        cls_dict = dict(own)
        cls_dict["__slots__"] = names
        for name in names:
            cls_dict.pop(name, None)
        cls_dict.pop("__dict__", None)
        cls_dict.pop("__weakref__", None)
        qualname = getattr(cls, "__qualname__", None)
        cls = type(cls)(cls.__name__, cls.__bases__, cls_dict)
        if qualname is not None:
            cls.__qualname__ = qualname
    else:
        # as dataclasses leaves them: a plain default stays a class attribute, a factory's field has none
        for f in flds:
            if isinstance(own.get(f.name), Field):
                if f.default is MISSING:
                    delattr(cls, f.name)
                else:
                    setattr(cls, f.name, f.default)

    methods: dict[str, Any] = {}
    if "__init__" not in own:
        methods["__init__"] = _lazy_init(cls, flds, frozen, slots)
    if "__repr__" not in own:
        methods["__repr__"] = _make_repr(tuple(f.name for f in flds if f.repr))
    if "__eq__" not in own:
        methods["__eq__"] = _make_eq(_key(tuple(f.name for f in flds if f.compare)))
    class_hash = own.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in own))
    if not explicit_hash:
        if frozen:
            hashed = tuple(f.name for f in flds if (f.compare if f.hash is None else f.hash))
            methods["__hash__"] = _make_hash(_key(hashed))
        else:
            cls.__hash__ = None  # type: ignore[assignment]  # as a mutable dataclass: unhashable
    if frozen:
        methods.update(_make_frozen(original, frozenset(names)))
        if slots:
            setters = tuple(cls.__dict__[n].__set__ for n in names)
            if "__getstate__" not in own:
                methods["__getstate__"] = _make_getstate(_key(names))
            if "__setstate__" not in own:
                methods["__setstate__"] = _make_setstate(setters)
    for name, fn in methods.items():
        fn.__name__ = name
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
        fn.__module__ = cls.__module__
        setattr(cls, name, fn)
    if "__match_args__" not in own:
        cls.__match_args__ = names  # type: ignore[attr-defined]
    cls.__record_fields__ = flds  # type: ignore[attr-defined]
    if not getattr(cls, "__doc__", None):
        import inspect  # only for a class without a docstring, as dataclasses writes one

        try:
            text = str(inspect.signature(cls)).replace(" -> None", "")
        except (TypeError, ValueError):
            text = ""
        cls.__doc__ = cls.__name__ + text
    return cls


# The body of every :func:`_lazy_init`: its code object, given the record's parameter names (no docstring:
# it would become each stub's, and a generated __init__ has none).
def _template(self):  # type: ignore[no-untyped-def]
    return _first(locals())  # type: ignore[name-defined]  # noqa: F821 - a global of each stub


def _lazy_init(cls: type, flds: tuple[Field, ...], frozen: bool, slots: bool) -> Any:
    """An ``__init__`` with the signature of the generated one that generates it on its first call and
    puts it in its place. Compiling it costs ~0.15 ms a class, and most records of a start from the
    compiled caches are unpickled, never constructed: a process that checks one letter builds only the
    few it makes. The stub is the template's code object with the record's parameters (``code.replace``),
    so a wrong call fails as the generated one would, and ``inspect.signature`` reads the same."""
    names = ("self", *(f.name for f in flds))
    defaults = tuple(
        _FACTORY if f.default_factory is not MISSING else f.default
        for f in flds
        if f.default is not MISSING or f.default_factory is not MISSING
    )
    made: list[Any] = []

    def first(args: dict[str, Any]) -> None:
        if not made:
            init = _make_init(cls, flds, frozen, slots)
            for attr in ("__name__", "__qualname__", "__module__", "__doc__"):
                setattr(init, attr, getattr(stub, attr))
            made.append(init)
            if cls.__dict__.get("__init__") is stub:
                type.__setattr__(cls, "__init__", init)
        made[0](**args)

    code = _template.__code__.replace(
        co_argcount=len(names), co_varnames=names, co_nlocals=len(names), co_name="__init__"
    )
    stub = type(_template)(code, {"_first": first, "locals": locals}, "__init__", defaults or None)
    stub.__annotations__ = {**{f.name: f.type for f in flds}, "return": None}
    return stub


def _make_init(cls: type, flds: tuple[Field, ...], frozen: bool, slots: bool) -> Any:
    """``__init__`` compiled from the field names, as dataclasses does, with the cheapest way to store each
    value: a frozen slots class calls the slot's own setter (half the time of ``object.__setattr__``), a
    frozen dict class updates the instance dict once, in field order, and a mutable one assigns."""
    params, lines, args, values = [], [], [], []
    for i, f in enumerate(flds):
        n = f.name
        if f.default_factory is not MISSING:
            params.append(f"{n}=_factory")
            args.append(f"_f{i}")
            values.append(f.default_factory)
            value = f"_f{i}() if {n} is _factory else {n}"
        elif f.default is not MISSING:
            params.append(f"{n}=_d{i}")
            args.append(f"_d{i}")
            values.append(f.default)
            value = n
        else:
            params.append(n)
            value = n
        if frozen and slots:
            args.append(f"_s{i}")
            values.append(cls.__dict__[n].__set__)
            lines.append(f"_s{i}(self, {value})")
        elif frozen:
            lines.append(f"{n!r}: {value},")
        else:
            lines.append(f"self.{n} = {value}")
    if frozen and not slots and lines:
        lines = ["self.__dict__.update({" + " ".join(lines) + "})"]
    body = "\n  ".join(lines) or "pass"
    source = (
        f"def _make(_factory{''.join(f', {a}' for a in args)}):\n"
        f" def __init__(self{''.join(f', {p}' for p in params)}):\n  {body}\n"
        " return __init__\n"
    )
    namespace: dict[str, Any] = {}
    exec(source, {}, namespace)  # built from the class's own field names, as dataclasses does
    init = namespace["_make"](_FACTORY, *values)
    init.__annotations__ = {**{f.name: f.type for f in flds}, "return": None}
    return init


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the named fields' values: what a dataclass compares and hashes."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    if names:
        one = operator.attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _make_repr(names: tuple[str, ...]) -> Any:
    running: set[tuple[int, int]] = set()
    getters = tuple((f"{n}=", operator.attrgetter(n)) for n in names)

    def __repr__(self: Any) -> str:
        key = id(self), _thread.get_ident()
        if key in running:  # a record inside itself, as dataclasses' recursive-repr guard writes it
            return "..."
        running.add(key)
        try:
            parts = [label + repr(get(self)) for label, get in getters]
        finally:
            running.discard(key)
        return self.__class__.__qualname__ + "(" + ", ".join(parts) + ")"

    return __repr__


def _make_eq(key: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _make_hash(key: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _make_frozen(cls: type, names: frozenset[str]) -> dict[str, Any]:
    """The frozen ``__setattr__``/``__delattr__`` of a dataclass, including its behaviour for slots classes
    (``cls`` is the class as written, not the slots class made from it, exactly as dataclasses has it)."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            from dataclasses import FrozenInstanceError

            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _make_getstate(key: Callable[[Any], tuple[Any, ...]]) -> Any:
    def __getstate__(self: Any) -> list[Any]:
        return list(key(self))  # a list of the values in field order, as a frozen slots dataclass pickles

    return __getstate__


def _make_setstate(setters: tuple[Callable[[Any, Any], None], ...]) -> Any:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for setter, value in zip(
            setters, state, strict=False
        ):  # as dataclasses: extra or missing values are ignored
            setter(self, value)

    return __setstate__


# ------------------------------------------------------------------------- dataclasses' helpers, for records


def fields(class_or_instance: Any) -> tuple[Field, ...]:
    """The record's fields in order (``dataclasses.fields`` for records)."""
    try:
        return class_or_instance.__record_fields__  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` with ``changes`` (``dataclasses.replace`` for records)."""
    for f in fields(obj):
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def asdict(obj: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for records: fields to a dict, recursing into records, dataclasses, lists,
    tuples and dicts, and deep-copying anything else."""
    if not hasattr(type(obj), "__record_fields__"):
        raise TypeError("asdict() should be called on record instances")
    return _asdict_inner(obj)  # type: ignore[no-any-return]


def _asdict_inner(obj: Any) -> Any:
    if hasattr(type(obj), "__record_fields__"):
        return {f.name: _asdict_inner(getattr(obj, f.name)) for f in fields(obj)}
    if hasattr(type(obj), "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_asdict_inner(v) for v in obj])
    if isinstance(obj, list | tuple):
        return type(obj)(_asdict_inner(v) for v in obj)
    if isinstance(obj, dict):
        return type(obj)((_asdict_inner(k), _asdict_inner(v)) for k, v in obj.items())
    import copy

    return copy.deepcopy(obj)
