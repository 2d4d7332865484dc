"""The rule registry: every rule's code, name, default severity and documentation in one place.

A rule is a function decorated with :func:`rule`. Its docstring *is* its documentation (shown by
``lettercheck explain``, listed by ``lettercheck rules``, exported to SARIF), so code and docs cannot drift
apart. Rules live in ``lettercheck/checks/<family>.py``; every module in that package is imported on first
use, so adding a rule is adding a function, with no list to update.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from lettercheck.model import Finding, Severity
from lettercheck.records import record

if TYPE_CHECKING:
    from lettercheck.context import Context

CheckFn = Callable[["Context"], Iterable[Finding]]

FAMILIES = {
    "LC0": "meta",
    "LC1": "citations",
    "LC2": "payments",
    "LC3": "content",
    "LC4": "template",
    "LC5": "privacy",
    "LC9": "input",
}


@record(frozen=True, slots=True)
class Rule:
    """One rule: its code, name and default severity, its documentation, and the check that raises it."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: CheckFn | None  # None for rules raised by the pipeline itself (LC9xx)
    module: str
    #: False for opt-in rules, enabled only when named by their full code (``--extend-select LC109``)
    default: bool = True

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:3], "other")

    def to_dict(self) -> dict[str, str | bool]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "family": self.family,
            "summary": self.summary,
            "default": self.default,
        }


#: Every rule code, and whether it is on by default — declared here so that checking ``--select LC1``
#: against the known codes does not import every check module (and compile its patterns) at start-up.
#: ``tests/test_startup.py`` keeps it equal to what the check modules register.
CODES: dict[str, bool] = {
    **dict.fromkeys(("LC001", "LC002"), True),
    **dict.fromkeys(("LC101", "LC102", "LC103", "LC104", "LC105", "LC106", "LC107", "LC108"), True),
    "LC109": False,
    **dict.fromkeys(("LC201", "LC202", "LC203", "LC204", "LC205", "LC206"), True),
    **dict.fromkeys(("LC301", "LC302", "LC303", "LC304", "LC305", "LC306"), True),
    **dict.fromkeys(("LC401", "LC402", "LC403", "LC501"), True),
    **dict.fromkeys(("LC900", "LC901", "LC902", "LC903", "LC904", "LC905", "LC906"), True),
}

_RULES: dict[str, Rule] = {}
_loaded = False
#: the sorted registry load_all() hands out, rebuilt only when a rule is registered after it was made
_sorted: dict[str, Rule] | None = None


def rule(code: str, name: str, severity: Severity, *, default: bool = True) -> Callable[[CheckFn], CheckFn]:
    """Register a check function as rule ``code``; the docstring's first line is the summary."""

    def deco(fn: CheckFn) -> CheckFn:
        _register(code, name, severity, fn.__doc__ or "", fn, fn.__module__, default)
        return fn

    return deco


def declare(code: str, name: str, severity: Severity, doc: str, module: str) -> None:
    """Register a rule that the pipeline raises itself (unreadable input, resource limits)."""
    _register(code, name, severity, doc, None, module)


def _register(
    code: str, name: str, severity: Severity, doc: str, fn: CheckFn | None, module: str, default: bool = True
) -> None:
    if code in _RULES and _RULES[code].module != module:
        raise RuntimeError(f"rule {code} registered twice ({_RULES[code].module} and {module})")
    global _sorted
    doc = inspect.cleandoc(doc)
    summary = doc.splitlines()[0].strip() if doc else name
    _RULES[code] = Rule(code, name, severity, summary, doc, fn, module, default)
    _sorted = None


def load_all() -> dict[str, Rule]:
    """Import every module of ``lettercheck.checks`` once, then return the registry sorted by code.

    The same dict is returned on every call (it is asked for per letter and per finding): treat it as
    read-only.
    """
    global _loaded, _sorted
    if not _loaded:
        import importlib
        import pkgutil

        import lettercheck.checks as pkg

        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
        _loaded = True
    if _sorted is None:
        _sorted = dict(sorted(_RULES.items()))
    return _sorted


def get(code: str) -> Rule:
    rules = load_all()
    try:
        return rules[code] if code in rules else rules[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None


def known_selector(selector: str) -> bool:
    """Whether ``selector`` (``ALL``, a code or a prefix, any case) names at least one rule; imports no check."""
    s = selector.upper()
    return s == "ALL" or any(code.startswith(s) for code in CODES)


def selected(rule: Rule, select: Iterable[str], extend: Iterable[str], ignore: Iterable[str]) -> bool:
    """Ruff's selection model: ``select`` replaces the default set, ``extend-select`` adds, ``ignore`` wins.

    Opt-in rules (``default=False``) run only when a selector names their full code, so ``ALL`` or ``LC1``
    never switch on a rule that was made opt-in because it is noisy for most users.
    """
    select, extend = list(select), list(extend)
    if matches(rule.code, ignore):
        return False
    if not rule.default:
        return rule.code in {s.strip().upper() for s in (*select, *extend)}
    return matches(rule.code, extend) or (matches(rule.code, select) if select else True)


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Whether ``code`` is named by any selector, each a full code or a prefix (``LC1``, ``LC10``, ``ALL``)."""
    for sel in selectors:
        sel = sel.strip().upper()
        if sel == "ALL" or code.startswith(sel):
            return True
    return False
