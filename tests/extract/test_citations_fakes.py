"""A small stand-in corpus for the citation extractor's tests.

It implements only what the extractor reads from ``lettercheck.corpus.Corpus`` — ``acts`` (id, title, names,
abbreviations, versions, in-force dates) and ``act_by_name(text, on=)`` — so the grammar's tests do not change
whenever the real corpus grows, and can add acts of their own to show that names come from data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class FakeVersion:
    type: str
    number: int
    date: date


@dataclass(frozen=True)
class FakeAct:
    id: str
    title: str
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    versions: tuple[FakeVersion, ...] = ()
    in_force_from: date | None = None
    in_force_to: date | None = None

    def in_force_on(self, on: date) -> bool:
        return (self.in_force_from is None or on >= self.in_force_from) and (
            self.in_force_to is None or on <= self.in_force_to
        )


def _key(text: str) -> str:
    t = " ".join(text.lower().split())
    for prefix in ("lov om ",):
        if t.startswith(prefix):
            t = t[len(prefix) :]
    return t.removesuffix("s")


@dataclass
class FakeCorpus:
    acts: dict[str, FakeAct] = field(default_factory=dict)

    def act_by_name(self, text: str, on: date | None = None) -> Any:
        key = _key(text)
        cands = [
            a
            for a in self.acts.values()
            if key in {_key(a.title), *(_key(n) for n in a.names)} or text in a.abbreviations
        ]
        if len(cands) <= 1:
            return cands[0] if cands else None
        pick = [a for a in cands if a.in_force_on(on)] if on else [a for a in cands if a.in_force_to is None]
        return pick[0] if len(pick) == 1 else None


def fake_corpus(*extra: FakeAct) -> FakeCorpus:
    acts = [
        FakeAct("aktivloven", "Lov om aktiv socialpolitik", ("aktivloven",), ("LAS",)),
        FakeAct("sygedagpengeloven", "Lov om sygedagpenge", ("sygedagpengeloven",)),
        FakeAct(
            "retssikkerhedsloven",
            "Lov om retssikkerhed og administration på det sociale område",
            ("retssikkerhedsloven",),
            ("RSL",),
        ),
        FakeAct("forvaltningsloven", "Forvaltningsloven", ("forvaltningsloven",), ("FVL",)),
        FakeAct("serviceloven", "Lov om social service", ("serviceloven",)),
        FakeAct(
            "lab",
            "Lov om en aktiv beskæftigelsesindsats",
            ("beskæftigelsesindsatsloven", "lab-loven"),
            ("LAB",),
            (FakeVersion("LOV", 548, date(2019, 5, 7)), FakeVersion("LBK", 280, date(2024, 3, 1))),
            in_force_from=date(2020, 1, 1),
        ),
        FakeAct(
            "lab_2003",
            "Lov om en aktiv beskæftigelsesindsats",
            ("beskæftigelsesindsatsloven", "lab-loven"),
            ("LAB",),
            (FakeVersion("LBK", 685, date(2005, 6, 29)),),
            in_force_to=date(2019, 12, 31),
        ),
        FakeAct("pensionsloven", "Lov om social pension", ("pensionsloven",)),
        FakeAct("barnets_lov", "Barnets lov", ("barnets lov",)),
        *extra,
    ]
    return FakeCorpus({a.id: a for a in acts})
