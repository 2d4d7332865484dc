"""The act-name lookup of the citation grammar against the patterns it replaced.

The trigger used to be one ``regex`` pattern whose ``act`` alternative listed every act name (``\\L<names>``),
and ``act_at`` the same names on their own; compiling the names cost ~10 ms at every start. The grammar now looks
the names up in a table on the folded text (:func:`fold_text`). These tests keep the old patterns as the
reference and compare both at every offset of real and mangled texts, and check the folding over all of Unicode.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml

from lettercheck.corpus import load_corpus
from lettercheck.extract import citation_grammar as G
from tests.extract.test_citations_fakes import FakeAct, fake_corpus

ROOT = Path(__file__).resolve().parents[2]


def _old_trigger(g: G.Grammar) -> Any:
    """The trigger pattern as it was, with the names in it."""
    return regex.compile(
        r"(?P<eli>(?i:https?://)?(?:www\.)?(?i:retsinformation)\.dk/eli/)"
        r"|(?P<sec>§)"
        r"|" + G._NOT_W_BEFORE + r"(?:"
        r"(?P<stk>(?i:stk)(?:\.|(?= ?[0-9])) ?(?=[0-9]))"
        r"|(?P<kap>(?:kapitel|Kapitel|kap\.|Kap\.) ?(?=[0-9]))"
        r"|(?P<art>(?i:artikel|artiklerne|art\.) ?(?=[0-9]))"
        r"|(?P<amend>(?i:lov|loven|lovforslag) (?i:om) (?i:ændring) (?i:af) )"
        r"|(?P<doc>(?:(?i:\L<docwords>)|\L<docabbrs>" + G._NOT_W + r")(?= ?(?i:nr\.?|nummer)? ?[0-9]))"
        r"|(?P<lbkof>(?i:bekendtgørelse) (?i:af) (?=(?i:lov|loven) ))"
        r"|(?P<act>(?:(?=(?i:\L<heads>))(?i:\L<names>)|(?P<abbr>\L<abbrs>)(?:'s?)?)"
        + G._NOT_W
        + r"(?!-"
        + G._W
        + ")(?!@))"
        r"|(?P<short>(?i:lovens|bestemmelsens|paragraffens|(?:samme|denne|nævnte|ovennævnte|førnævnte"
        r"|sidstnævnte|den nævnte) (?:lovs?|bestemmelses|paragrafs))" + G._NOT_W + ")"
        r"|(?P<gen>" + G._W + r"[\wæøåÆØÅ-]{1,40}?(?i:lovens?)" + G._NOT_W + "(?!@))"
        r"|(?P<utitle>(?i:lov|loven|bekendtgørelse|bekendtgørelsen) (?i:om) (?=" + G._W + "))"
        r")",
        docwords=sorted(G.DOC_WORDS, key=len, reverse=True),
        docabbrs=list(G.DOC_ABBRS),
        names=g._names_list,
        heads=sorted({n[:3] for n in g._names_list}),
        abbrs=g._abbr_list,
    )


def _old_act_at(g: G.Grammar) -> Any:
    return regex.compile(
        r"(?:(?P<name>(?i:\L<names>))|(?P<abbr>\L<abbrs>)(?P<agen>'s?)?)" + G._NOT_W + r"(?!-" + G._W + ")",
        names=g._names_list,
        abbrs=g._abbr_list,
    )


def _texts() -> list[str]:
    out: list[str] = []
    for name in ("passages_a.yaml", "passages_b.yaml"):
        for item in yaml.safe_load((ROOT / "bench" / "citations" / name).read_text(encoding="utf-8")):
            out.append(item["text"])
    for path in sorted((ROOT / "tests" / "fixtures" / "letters").glob("*.txt")):
        out.append(path.read_text(encoding="utf-8"))
    return out


def _mangled(g: G.Grammar, seed: int) -> list[str]:
    """Act names and abbreviations in odd company: other cases, "ſ", "İ", the Kelvin sign, "@", "-", "'s"."""
    rnd = random.Random(seed)
    words = [*g._names_list, *g._abbr_list, "lovens", "samme lov", "lov om ændring af", "LBK nr. 3", "§ 2"]
    tails = ["", " ", "s", "'s", "'", "@x", "-sag", "- ", "-", ".", "2", "æ", "_", " § 4", "s § 3", ")"]
    tails.append("\u0301")
    heads = ["", " ", "x", "-", "(", "«", "i ", "2"]
    out: list[str] = []
    for _ in range(1500):
        w = rnd.choice(words)
        if len(w) > 3 and rnd.random() < 0.3:
            w = w[: rnd.randrange(3, len(w))]  # a name cut short
        r = rnd.random()
        if r < 0.2:
            w = w.upper()
        elif r < 0.35:
            w = w.title()
        elif r < 0.5:
            w = "".join(
                rnd.choice({"s": "ſS", "i": "İI", "k": "\u212aK", "å": "\u212bÅ"}.get(c, c))
                if rnd.random() < 0.5
                else c
                for c in w
            )
        out.append(rnd.choice(heads) + w + rnd.choice(tails) + rnd.choice(tails))
    texts = ["\n".join(out[i : i + 30]) for i in range(0, len(out), 30)]
    # a name or abbreviation at the very end of the text, whole and cut short ("retssikkerhedsloven" is also the
    # start of "retssikkerhedslovens")
    texts += [w[:n] for w in words for n in {len(w), len(w) - 1, 3}]
    return texts + out


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if (old.lastgroup, old.start(), old.end()) != (new.lastgroup, new.start(), new.end()):
        return False
    if old.lastgroup == "act":
        return old.group("abbr") == new.group("abbr")
    return True


@pytest.mark.parametrize("which", ["bundled", "fake"])
def test_trigger_and_act_match_equal_the_name_patterns(which: str) -> None:
    corpus = (
        load_corpus()
        if which == "bundled"
        else fake_corpus(FakeAct("ferieloven", "Lov om ferie", ("ferieloven",), ("FL",)))
    )
    g = G.Grammar(list(corpus.acts.values()) if isinstance(corpus.acts, dict) else list(corpus.acts))
    assert g._names.safe
    trigger, act_at = _old_trigger(g), _old_act_at(g)
    texts = _texts() + _mangled(g, 7)
    for text in texts:
        low = G.lower_text(text)
        fold = G.fold_text(text, low)
        assert len(fold) == len(text)
        for k in range(len(text)):
            assert _same(trigger.match(text, k), g.trigger_match(text, fold, k)), (text[k : k + 60], k)
            old, new = act_at.match(text, k), g.act_match(text, fold, k)
            assert (old is None) == (new is None), (text[k : k + 60], k)
            if old is not None:
                assert (old.span(), old.group("abbr")) == ((new.start(), new.end()), new.group("abbr"))


def test_fold_matches_regex_case_insensitivity_over_unicode() -> None:
    """For each character a name may hold, ``(?i:c)`` matches exactly the characters that fold to ``c``."""
    every = "".join(chr(c) for c in range(0x110000))
    folded = G.fold_text(every)
    assert len(folded) == len(every)
    for c in G._FOLD_CHARS:
        matched = {m.start() for m in regex.finditer(r"(?i:\L<c>)", every, c=[c])}
        assert matched == {i for i, f in enumerate(folded) if f == c}, c


def test_unsafe_names_fall_back_to_the_pattern() -> None:
    """A name with a character the folding was not checked for is matched by the named-list pattern."""
    g = G.Grammar([FakeAct("x", "Lov om ¿særlige ting", ("¿særloven",), ())])
    assert not g._names.safe
    text = "efter ¿SÆRLOVEN § 3 og ¿særlovens § 4"
    fold = G.fold_text(text)
    m = g.act_match(text, fold, 6)
    assert m is not None and text[m.start() : m.end()] == "¿SÆRLOVEN"
    assert g.trigger_match(text, fold, 6).lastgroup == "act"


_VALUE_TAILS = (
    *(
        " i lov",
        " i, stk",
        " i og 3",
        " i og",
        " i eller 4",
        " i stk. 2",
        " i stk",
        " i",
        " i ",
        " i)",
        " i-",
    ),
    *(" a", " a-", " a-b", " a-bc", " ab-cd", " ab", "-", "-3", " - 3", "– 4", " til 5", " til", " tilbage"),
    *(", og 3", ",og 3", ", og", ", 3", ",3", ",  3", ", nr. 2", ", stk. 2", ", samt 4", ", eller 5"),
    *(
        ". Hvis",
        ". Pkt",
        ". PKT.",
        ". pkt.",
        ".3",
        ". 2. pkt",
        ". 2",
        ".",
        ". ",
        ".  H",
        ". Å",
        ". P",
        ")",
        ";",
        ":",
    ),
    *(
        "",
        " skal",
        " samt 4",
        " og/eller 5",
        " og/eller",
        " & 4",
        " / 4",
        "/4",
        "&",
        " stk. 2",
        " I",
        " é",
        " æ",
    ),
    *(
        " ø-",
        " ø-aa",
        " 2",
        "0",
        " §",
        "§",
        " kr.",
        " måneder",
        " (LAS)",
        " LAS",
        "a",
        "i",
        " S",
        " s",
        " o",
        " e",
    ),
    *(" t", " ,", " -", "  ", " \u0301"),
)


def test_lone_value_is_what_the_general_reader_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hand-read lone number ("§ 66 i …", "stk. 2. Hvis") equals :meth:`_values` without it, everywhere."""
    from lettercheck.extract import citations as C
    from lettercheck.extract.tokenize import clean_text

    g = G.grammar_for(load_corpus())
    rnd = random.Random(5)
    texts = [
        f"x {head}{digits}{a}{b} y"
        for head in ("§", "§ ", "§§ ", "stk. ", "nr. ", "Stk. ", "stk ", "")
        for digits in ("1", "12", "1234", "12345", "007")
        for a in _VALUE_TAILS
        for b in rnd.sample(_VALUE_TAILS, 2)
    ]
    texts += _texts()
    lone = C._Parser._lone_value
    hits = 0
    for text in texts:
        p = C._Parser(clean_text(text), g)
        for pos in range(len(p.t)):
            for kind, plural in (("sec", False), ("stk", True), ("nr", True)):
                fast = lone(p, pos, kind)
                if fast is None:
                    continue
                hits += 1
                with monkeypatch.context() as m:
                    m.setattr(C._Parser, "_lone_value", lambda self, pos, kind: None)
                    assert fast == p._values(pos, kind, plural), (p.t[pos : pos + 30], kind)
    assert hits > 10_000


def test_word_start_is_the_walk_back() -> None:
    rnd = random.Random(1)
    texts = [
        "".join(rnd.choice("ab -_.1²\u0301æ--x\n") for _ in range(rnd.randrange(1, 120))) for _ in range(3000)
    ]
    texts += ["a" * n + " " + "b-" * m for n in range(0, 60, 7) for m in range(0, 60, 5)] + _texts()[:50]
    for text in texts:
        for i in range(len(text)):
            k = i
            stop = max(0, k - 48)
            while k > stop and (text[k - 1].isalnum() or text[k - 1] == "-"):
                k -= 1
            assert G._word_start(text, i) == k, (text, i)


def test_lower_text_is_str_lower() -> None:
    """The Latin-1 shortcut lowers each of its 256 characters as ``str.lower`` does, alone and in text."""
    latin1 = "".join(chr(c) for c in range(256))
    assert G.lower_text(latin1) == latin1.lower()
    for text in [*_texts(), "İstanbul ÆØÅ – ſ", "Σ OΣ"]:
        low = G.lower_text(text)
        assert len(low) == len(text)
        if len(text.lower()) == len(text):
            assert low == text.lower()
