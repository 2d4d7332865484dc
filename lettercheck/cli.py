"""The ``lettercheck`` command line: check, extract, rules, explain, corpus.

Exit codes, as Ruff's: 0 no finding at or above the fail level, 1 findings, 2 usage or configuration error.
No traceback ever reaches the user: a broken letter is a finding, a broken setup is a one-line error.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from lettercheck import __version__
from lettercheck.config import Config, ConfigError, find_config_file, load_config_file
from lettercheck.cpr import mask
from lettercheck.model import Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(c.strip().upper() for c in v.split(",") if c.strip())
    return tuple(out)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


def resolve_config(
    config_file: str | None,
    paths: tuple[str, ...],
    overrides: dict[str, Any],
) -> Config:
    """The file's settings (explicit, or found by walking up from the first path) with CLI overrides on top."""
    if config_file:
        cfg = load_config_file(Path(config_file))
    else:
        start = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
        found = find_config_file(start if start.exists() else Path.cwd())
        cfg = load_config_file(found) if found else Config(root=str(Path.cwd()))
    changes = {k: v for k, v in overrides.items() if v not in (None, ())}
    return cfg.replace(**changes) if changes else cfg


@contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """stdout, or a file written atomically: readers of the report never see half of it."""
    if not path or path == "-":
        yield sys.stdout
        return
    import tempfile  # only when a report file is written: with shutil and random, ~9 ms of a start

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            yield f
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as e:
            click.echo(f"lettercheck: configuration error: {e}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("lettercheck: interrupted", err=True)
            ctx.exit(130)
        except Exception as e:  # last line of defence: a one-line error, never a traceback
            from lettercheck.cpr import mask

            click.echo(f"lettercheck: internal error: {type(e).__name__}: {mask(str(e))}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="lettercheck")
def main() -> None:
    """Lint generated Danish benefit letters: outdated statute citations, payment fields, required content."""


_FORMATS = ["text", "concise", "json", "json-lines", "sarif", "junit", "github", "csv", "html"]


def _split_globs(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        out.extend(g.strip() for g in v.split(",") if g.strip())
    return tuple(out)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="text", show_default=True)
@click.option("--select", multiple=True, help="Codes or prefixes to check (LC1, LC104). Default: all.")
@click.option("--ignore", multiple=True, help="Codes or prefixes not to check.")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to add to the selection.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--as-of", callback=_parse_date, help="Judge every letter as of this date (YYYY-MM-DD).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="Config file.")
@click.option(
    "-o", "--output", type=click.Path(), help="Write the report here (atomically) instead of stdout."
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary when clean.")
@click.option("--template", "force_template", is_flag=True, help="Treat every file as a template.")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(exists=True), help="Corpus overlay YAML.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: config `jobs`, else the number of cores).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the findings cache.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="LETTERCHECK_CACHE_DIR",
    help="Cache directory (default: config `cache-dir`, .lettercheck_cache). Env: LETTERCHECK_CACHE_DIR.",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Report only findings not in this baseline file; report baseline entries that are fixed.",
)
@click.option(
    "--update-baseline", is_flag=True, help="Write every current finding to the --baseline file and exit 0."
)
@click.option("--show-fixed", is_flag=True, help="List every fixed baseline entry (default: the first 20).")
@click.option("--statistics", is_flag=True, help="Print counts per rule code instead of the findings.")
@click.option(
    "--files-from",
    type=click.Path(allow_dash=True, dir_okay=False),
    help="Read paths to check from FILE, one per line (- for standard input).",
)
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    help="Globs of paths to skip, in addition to config `exclude` (comma-separated or repeated).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    help="Apply the excludes to files named explicitly too (for pre-commit, which names every file).",
)
@click.option("--show-files", is_flag=True, help="List the files that would be checked, and exit.")
@click.option(
    "--pdf-engine",
    type=click.Choice(["pypdf", "pdfium"]),
    help="PDF text engine (config `pdf-engine`): pypdf (default) or pdfium, faster: pip install 'lettercheck[pdfium]'.",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    as_of: date | None,
    config_file: str | None,
    output: str | None,
    quiet: bool,
    force_template: bool,
    corpus: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
    cache_dir: str | None,
    baseline_file: str | None,
    update_baseline: bool,
    show_fixed: bool,
    statistics: bool,
    files_from: str | None,
    exclude: tuple[str, ...],
    force_exclude: bool,
    show_files: bool,
    pdf_engine: str | None,
) -> None:
    """Check letters (files, directories, globs, .zip archives) and report findings."""
    from lettercheck import progress, runner
    from lettercheck.report import StatisticsReporter, get_reporter

    if files_from == "-" and "-" in paths:
        raise click.UsageError("standard input cannot be both a letter (-) and the --files-from list")
    all_paths = list(paths)
    if files_from:
        try:
            all_paths += runner.read_files_from(files_from)
        except (OSError, UnicodeDecodeError) as e:
            raise click.UsageError(f"--files-from {files_from}: cannot read: {e}") from None
    if not all_paths and not files_from:
        raise click.UsageError("give at least one file or directory (or - for standard input)")
    if update_baseline and not baseline_file:
        raise click.UsageError("--update-baseline needs --baseline FILE (the file to write)")
    if statistics and fmt not in ("text", "concise", "json"):
        raise click.UsageError("--statistics prints text or JSON; use --format text or json with it")
    overrides: dict[str, Any] = {
        "select": _split_codes(select),
        "ignore": _split_codes(ignore),
        "extend_select": _split_codes(extend_select),
        "as_of": as_of,
        "fail_on": Severity.parse(fail_on) if fail_on else None,
        "corpus": corpus,
        "cache_dir": str(Path(cache_dir).resolve()) if cache_dir else None,
        "pdf_engine": pdf_engine,
    }
    if force_template:
        overrides["force_template"] = True
    cfg = resolve_config(config_file, tuple(all_paths) or paths, overrides)
    if exclude:
        cfg = cfg.replace(exclude=cfg.exclude + _split_globs(exclude))
    _validate_selectors(cfg)
    inputs = runner.discover(all_paths, cfg, force_exclude=force_exclude)
    if show_files:
        with _output(output) as out:
            for item in inputs:
                out.write(mask(item.path) + "\n")
        sys.exit(EXIT_OK)

    options = runner.RunOptions(jobs=jobs)
    if not no_cache:
        from lettercheck.cache import Cache, cache_root
        from lettercheck.compiled import set_compiled_cache_dir

        options.cache = Cache.for_config(cfg)
        options.cache.touch()
        # the compiled corpus and packs live in lettercheck's own cache directory, never in the home directory
        set_compiled_cache_dir(cache_root(cfg) / "compiled")
    writer: bl.BaselineWriter | None = None
    if baseline_file:  # the baseline module only when a baseline is used
        from lettercheck import baseline as bl

        try:
            if not update_baseline or Path(baseline_file).exists():
                options.baseline = bl.Baseline.load(baseline_file)
            if update_baseline:
                writer = bl.BaselineWriter(baseline_file, options.baseline)
                options.observers.append(writer.observe)
        except bl.BaselineError as e:
            click.echo(f"lettercheck: baseline error: {e}", err=True)
            sys.exit(EXIT_ERROR)
    if progress.wanted(sys.stderr, quiet=quiet):
        options.progress = progress.Progress(sys.stderr)

    with _output(output) as out:
        try:
            if statistics:
                reporter = StatisticsReporter(out, options={"json": fmt == "json"})
            else:
                reporter = get_reporter(fmt, out, quiet=quiet, fail_on=str(cfg.fail_on))
        except ValueError as e:
            raise click.UsageError(str(e)) from None
        summary = runner.run(inputs, cfg, reporter, options)
        if summary.baseline is not None and fmt in ("text", "concise") and not statistics:
            from lettercheck import baseline as bl

            out.write(bl.format_text(summary.baseline, limit=10**9 if show_fixed else 20))
    if options.cache is not None:
        options.cache.prune()
    if writer is not None:
        n = writer.write()
        click.echo(
            f"lettercheck: wrote {n} finding{'s' * (n != 1)} to the baseline {baseline_file}", err=True
        )
        sys.exit(EXIT_OK)
    if exit_zero:
        sys.exit(EXIT_OK)
    sys.exit(EXIT_FINDINGS if summary.failing(cfg.fail_on) else EXIT_OK)


@main.command()
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    envvar="LETTERCHECK_CACHE_DIR",
    help="The cache directory to remove (default: config `cache-dir`).",
)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="Config file.")
def clean(cache_dir: str | None, config_file: str | None) -> None:
    """Remove lettercheck's cache: the configured one and any .lettercheck_cache below this directory.

    Only directories lettercheck made (they carry its CACHEDIR.TAG) are removed, so a mistyped
    --cache-dir cannot delete anything else.
    """
    from lettercheck import cache

    cfg = resolve_config(
        config_file, (), {"cache_dir": str(Path(cache_dir).resolve()) if cache_dir else None}
    )
    targets = [cache.cache_root(cfg)]
    skip = {".git", ".hg", ".svn", "node_modules", ".venv", "__pycache__"}
    for root, dirs, _files in os.walk("."):
        if ".lettercheck_cache" in dirs:
            targets.append(Path(root) / ".lettercheck_cache")
        dirs[:] = sorted(d for d in dirs if d not in skip and d != ".lettercheck_cache")
    seen: set[Path] = set()
    for t in targets:
        rt = t.resolve()
        if rt in seen or not t.exists():
            continue
        seen.add(rt)
        if cache.clean(t):
            click.echo(f"Removed {t}")
        else:
            click.echo(f"lettercheck: {t} is not a lettercheck cache (no CACHEDIR.TAG); left alone", err=True)


def _validate_selectors(cfg: Config) -> None:
    """Refuse a selector that names no rule, against the registry's declared codes: importing every check
    module to learn them would cost a start-up most of its budget."""
    selectors = (*cfg.select, *cfg.ignore, *cfg.extend_select)
    if not selectors:
        return
    from lettercheck.registry import known_selector

    for sel in selectors:
        if not known_selector(sel):
            raise click.UsageError(f"unknown rule code or prefix {sel!r} (see `lettercheck rules`)")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
@click.option("--as-of", callback=_parse_date, help="Use this letter date (YYYY-MM-DD).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path())
@click.option(
    "--pdf-engine",
    type=click.Choice(["pypdf", "pdfium"]),
    help="PDF text engine (config `pdf-engine`): pypdf (default) or pdfium, faster: pip install 'lettercheck[pdfium]'.",
)
def extract(
    paths: tuple[str, ...],
    fmt: str,
    as_of: date | None,
    config_file: str | None,
    output: str | None,
    pdf_engine: str | None,
) -> None:
    """Show what the readers and extractors found in letters (text, date, type, citations, payment)."""
    from lettercheck import runner
    from lettercheck.extraction import extract_file, format_text

    cfg = resolve_config(config_file, paths, {"as_of": as_of, "pdf_engine": pdf_engine})
    with _output(output) as out:
        if fmt == "json":
            out.write('{"schema": "lettercheck.extract/1", "files": [')
        first = True
        for item in runner.discover(paths, cfg, expand_archives=False):
            obj = extract_file(item.path, cfg)
            if fmt == "json":
                out.write(("\n  " if first else ",\n  ") + json.dumps(obj, ensure_ascii=False, default=str))
            else:
                out.write(format_text(obj))
            first = False
        if fmt == "json":
            out.write("\n]}\n")


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt: str) -> None:
    """List every rule: code, name, default severity, summary."""
    from lettercheck import registry

    rules = registry.load_all()
    if fmt == "json":
        out: dict[str, Any] = {"rules": [r.to_dict() for r in rules.values()]}
        try:
            from lettercheck.packs import describe, load_packs

            out["packs"] = describe(load_packs())
        except ImportError:
            pass
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in rules.values():
        click.echo(f"{r.code}  {r.name:<34} {r.severity!s:<8} {r.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print a rule's documentation: what, why (with the legal ground), an example, how to fix."""
    from lettercheck import registry

    try:
        r = registry.get(code)
    except KeyError:
        raise click.UsageError(f"unknown rule {code!r} (see `lettercheck rules`)") from None
    click.echo(f"# {r.code} {r.name} ({r.severity})\n")
    click.echo(r.doc)


class _LazyCorpusGroup(click.Group):
    """``lettercheck corpus``, whose subcommands live in :mod:`lettercheck.cli_corpus`.

    That module pulls in the corpus code and PyYAML; importing it at start-up cost every ``lettercheck check``
    ~100 ms for a command it does not run. It is imported only when ``corpus`` itself is run or its
    subcommands are listed (``lettercheck corpus --help``); ``lettercheck --help`` needs only the help line.
    """

    def _group(self) -> click.Group:
        from lettercheck.cli_corpus import corpus

        return corpus

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._group().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._group().get_command(ctx, cmd_name)


main.add_command(
    _LazyCorpusGroup(
        "corpus",
        help="Inspect, validate and extend the legal-reference corpus (acts, versions, sections, bodies, terms, "
        "rates).",
    )
)
