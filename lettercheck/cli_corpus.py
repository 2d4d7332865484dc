"""``lettercheck corpus``: validate, show and query the legal-reference corpus, and import LexDania XML.

The group is attached to the main CLI with ``main.add_command(corpus)``. Output is plain text for people and
JSON (``--format json``) for tools; problems print as ``file:line: message`` so editors and CI can jump to them.
Exit codes follow the rest of lettercheck: 0 fine, 1 problems found, 2 bad input or unusable corpus.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
import yaml

from lettercheck.corpus import (
    Act,
    Corpus,
    CorpusError,
    LexDaniaError,
    Version,
    compile_corpus,
    iter_sections,
    lexdania_overlay,
    load_corpus,
    parse_document_ref,
    parse_lexdania,
    validate_corpus,
)


class _UsageProblem(click.ClickException):
    """Bad input or an unusable corpus: exit code 2, as for configuration errors elsewhere."""

    exit_code = 2


def _as_date(value: datetime | None) -> date:
    return value.date() if value else date.today()


_AS_OF = click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge on this date (YYYY-MM-DD) instead of today.",
)
_CORPUS = click.option(
    "--corpus",
    "overlays",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A YAML overlay layered over the bundled corpus (repeatable).",
)
_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


def _load(overlays: Sequence[str]) -> Corpus:
    try:
        return load_corpus(tuple(overlays))
    except CorpusError as e:
        raise _UsageProblem(str(e)) from None


def _resolve_act(corpus: Corpus, text: str, on: date) -> Act:
    act = corpus.acts.get(text) or corpus.act_by_name(text, on)
    if act is None:
        known = ", ".join(sorted(corpus.acts))
        raise _UsageProblem(f"the corpus knows no act {text!r} on {on.isoformat()} (act ids: {known})")
    return act


@click.group("corpus")
def corpus() -> None:
    """Inspect, validate and extend the legal-reference corpus (acts, versions, sections, bodies, terms, rates)."""


# --------------------------------------------------------------------------------------------------- validate
@corpus.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--no-bundled",
    is_flag=True,
    help="Check the files on their own instead of layered over the bundled corpus.",
)
def validate(paths: tuple[str, ...], no_bundled: bool) -> None:
    """Check the bundled corpus, or overlay files layered over it, for schema and consistency errors.

    Prints each problem as ``file:line: message`` and exits 1 when there is any.
    """
    if no_bundled and not paths:
        raise _UsageProblem("--no-bundled needs at least one PATH")
    problems = validate_corpus(paths, include_bundled=not no_bundled)
    for p in problems:
        click.echo(str(p))
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", err=True)
        raise SystemExit(1)
    built, _ = compile_corpus(paths, include_bundled=not no_bundled)
    if built is not None:
        versions = sum(len(a.versions) for a in built.acts.values())
        click.echo(
            f"ok: {len(built.acts)} acts, {versions} versions, {len(built.bodies)} bodies, "
            f"{len(built.terms)} terms, {len(built.rates)} rates"
        )


# ------------------------------------------------------------------------------------------------------- show
def _interval(corpus: Corpus, v: Version) -> str:
    start, end = corpus.version_interval(v)
    return f"{start.isoformat()} .. {end.isoformat() if end else ''}"


def _sections_version(corpus: Corpus, act: Act, on: date) -> Version | None:
    cur = corpus.version_in_force(act.id, on)
    if cur is not None and cur.sections:
        return cur
    with_sections = [v for v in act.versions if v.sections]
    return with_sections[-1] if with_sections else None


@corpus.command("show")
@click.argument("act_name", metavar="ACT")
@_AS_OF
@_FORMAT
@_CORPUS
def show(act_name: str, as_of: datetime | None, fmt: str, overlays: tuple[str, ...]) -> None:
    """What the corpus knows about ACT (an id, title, popular name or abbreviation), and what is in force."""
    corp = _load(overlays)
    on = _as_date(as_of)
    act = _resolve_act(corp, act_name, on)
    cur = corp.version_in_force(act.id, on)
    listed = _sections_version(corp, act, on)
    verified = corp.verified_until_for(act.id)
    if fmt == "json":
        data: dict[str, Any] = act.to_dict()
        data["as_of"] = on.isoformat()
        data["in_force"] = cur.to_dict() if cur else None
        data["in_force_on_as_of"] = act.in_force_on(on)
        data["verified_until_effective"] = verified.isoformat() if verified else None
        data["section_list_version"] = listed.label if listed else None
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    lines = [f"{act.id} — {act.title}"]
    if act.names or act.abbreviations:
        lines.append(
            f"  names: {', '.join(act.names) or '-'}; abbreviations: {', '.join(act.abbreviations) or '-'}"
        )
    if act.in_force_from or act.in_force_to:
        lines.append(f"  act in force: {act.in_force_from or '…'} .. {act.in_force_to or ''}".rstrip())
    if act.replaced_by:
        lines.append(f"  replaced by {act.replaced_by[0]} on {act.replaced_by[1].isoformat()}")
    lines.append(f"  source: {act.source}")
    if cur is not None:
        lines.append(f"  in force on {on.isoformat()}: {cur.label} ({cur.confidence})")
    else:
        lines.append(f"  in force on {on.isoformat()}: no version known")
    if verified and on > verified:
        lines.append(
            f"  note: version chain verified only until {verified.isoformat()}; a newer version may exist"
        )
    lines.append("versions:")
    for v in act.versions:
        mark = "*" if cur is not None and v.key == cur.key else " "
        lines.append(f"  {mark} {v.label:<28} {_interval(corp, v):<26} {v.confidence:<9} {v.source}")
    if act.sections:
        lines.append("section facts:")
        for f in act.sections:
            when = ""
            if f.from_ or f.to:
                when = f" {f.from_.isoformat() if f.from_ else '…'} .. {f.to.isoformat() if f.to else ''}".rstrip()
            target = f" -> {f.moved_to}" if f.moved_to else ""
            signs = "§§" if len(f.sections) > 1 else "§"
            lines.append(f"    {signs} {', '.join(f.sections)}: {f.status}{target}{when} ({f.confidence})")
    if listed is not None:
        complete = "complete list" if listed.sections_complete else "partial list"
        lines.append(f"sections of {listed.label} ({complete}, {len(listed.sections)} sections):")
        for sec, count, repealed in iter_sections(listed):
            lines.append(f"    § {sec}: {'repealed' if repealed else f'{count} stk.'}")
    click.echo("\n".join(lines))


# ----------------------------------------------------------------------------------------------------- lookup
@corpus.command("lookup")
@click.argument("reference")
@_AS_OF
@click.option(
    "--act", "act_name", default=None, help="The act the letter names with the reference (id or name)."
)
@_FORMAT
@_CORPUS
def lookup(
    reference: str, as_of: datetime | None, act_name: str | None, fmt: str, overlays: tuple[str, ...]
) -> None:
    """Which act and version a reference such as "LBK nr. 1032 af 23/06/2016" is, and its status on a date."""
    ref = parse_document_ref(reference)
    if ref is None:
        raise _UsageProblem(
            f'cannot read {reference!r} as a LOV/LBK reference (e.g. "LBK nr. 1032 af 23/06/2016")'
        )
    corp = _load(overlays)
    on = _as_date(as_of)
    act_id = _resolve_act(corp, act_name, on).id if act_name else None
    status = corp.document_status(ref, on, act_id=act_id)
    if fmt == "json":
        click.echo(json.dumps(status.to_dict(), ensure_ascii=False, indent=2))
        return
    lines = [ref.text or reference]
    if status.act:
        lines.append(f"  act: {status.act} ({status.act_title})")
    lines.append(f"  status on {on.isoformat()}: {status.status}")
    lines.append(f"  {status.message}")
    if status.version is not None:
        lines.append(f"  corpus version: {status.version.label} — {status.version.source}")
    if status.in_force is not None and (status.version is None or status.in_force.key != status.version.key):
        lines.append(f"  in force on {on.isoformat()}: {status.in_force.label} — {status.in_force.source}")
    click.echo("\n".join(lines))


# -------------------------------------------------------------------------------------------- import-lexdania
_HEADER = (
    "# lettercheck corpus overlay, written by `lettercheck corpus import-lexdania`.\n"
    "# Layer it over the bundled corpus with --corpus or `corpus = [...]` in the configuration.\n"
)


@corpus.command("import-lexdania")
@click.argument("xml_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Overlay YAML to create or update (default: print it).",
)
@click.option("--act", "act_id", default=None, help="Corpus act id; a new id adds the act.")
@click.option("--source", default=None, help="Source URL to record (default: the document's ELI).")
@_CORPUS
def import_lexdania(
    xml_file: str, output: str | None, act_id: str | None, source: str | None, overlays: tuple[str, ...]
) -> None:
    """Add or update one LOV/LBK version, with its full section list and stk. counts, from LexDania XML."""
    try:
        doc = parse_lexdania(Path(xml_file).read_bytes())
    except (LexDaniaError, OSError) as e:
        raise _UsageProblem(f"{xml_file}: {e}") from None
    corp = _load(overlays)
    existing: dict[str, Any] | None = None
    if output and Path(output).exists():
        try:
            loaded = yaml.safe_load(Path(output).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise _UsageProblem(f"{output}: cannot read the existing overlay: {e}") from None
        existing = loaded if isinstance(loaded, dict) else None
    try:
        data = lexdania_overlay(doc, corp, act_id=act_id, source=source, existing=existing)
    except LexDaniaError as e:
        raise _UsageProblem(f"{xml_file}: {e}") from None
    text = _HEADER + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=110
    )
    name = output or "<import-lexdania>"
    _, problems = compile_corpus(overlays, extra=[(name, text.encode("utf-8"))])
    if problems:
        for p in problems:
            click.echo(str(p))
        raise SystemExit(1)
    target = data["acts"][-1]["id"] if act_id is None else act_id
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(
            f"{doc.type} nr. {doc.number} af {doc.date.strftime('%d/%m/%Y')} of {target}: "
            f"{len(doc.sections)} sections written to {output}",
            err=True,
        )
    else:
        click.echo(text, nl=False)
