"""The command line: a thin layer over the Python API."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import Errors, WirewatchError
from .record import Record
from .settings import SETTINGS, load_settings
from .timestamps import parse_cli_date

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="wirewatch: news in, an evidence-backed record of who said and did what out.")
eval_app = typer.Typer(no_args_is_help=True, help="Score wirewatch on the public dev data.")
app.add_typer(eval_app, name="eval")
actors_app = typer.Typer(no_args_is_help=True,
                         help="The actor knowledge base: import dictionaries, look names up, learn from stored text.")
app.add_typer(actors_app, name="actors")

FORMATS = ("auto", "text", "html")


def _settings(config: Optional[Path], **overrides):
    try:
        return load_settings(config, **overrides)
    except WirewatchError as exc:
        raise typer.BadParameter(str(exc)) from None


def _check(date: Optional[str], format: str) -> Optional[str]:
    if format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    try:
        return parse_cli_date(date)
    except ValueError:
        raise typer.BadParameter(Errors.E006.format(value=date)) from None


@app.command()
def read(paths: List[Path] = typer.Argument(..., help="Files or directories to read."),
         date: Optional[str] = typer.Option(None, help="Document date when the input has none (YYYY-MM-DD[THH:MM])."),
         no_clean: bool = typer.Option(False, "--no-clean", help="Input is clean body text: keep it verbatim."),
         format: str = typer.Option("auto", help="auto, text or html."),
         config: Optional[Path] = typer.Option(None, help="A TOML settings file.")) -> None:
    """Print one JSON record per document (JSON Lines); stores nothing."""
    from .api import read_many

    date = _check(date, format)
    settings = _settings(config)
    readable = 0
    out = sys.stdout
    for record in read_many(paths, settings=settings, format=format, date=date, clean=not no_clean):
        readable += _readable(record)
        out.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
    out.flush()
    if not readable:
        raise typer.Exit(1)


def _readable(record: Record) -> bool:
    return bool(record.text) or not record.errors


@app.command()
def ingest(paths: List[Path] = typer.Argument(..., help="Files or directories to ingest."),
           db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
           date: Optional[str] = typer.Option(None, help="Document date when the input has none."),
           no_clean: bool = typer.Option(False, "--no-clean", help="Input is clean body text."),
           format: str = typer.Option("auto", help="auto, text or html."),
           workers: int = typer.Option(1, min=1, help="Worker processes on this machine (or Dask workers "
                                                      "of a LocalCluster)."),
           engine: str = typer.Option("local", help="local (in this process, or --workers processes) or dask."),
           scheduler: Optional[str] = typer.Option(None, help="A Dask scheduler's address (tcp://host:8786); "
                                                              "without it --engine dask starts a LocalCluster."),
           refresh: bool = typer.Option(False, help="Run documents again even when their input is stored."),
           config: Optional[Path] = typer.Option(None, help="A TOML settings file."),
           progress: Optional[bool] = typer.Option(None, help="Show a progress bar (default: on a terminal).")) -> None:
    """Read documents and store their records, batch by batch; the same input twice changes nothing, and
    a killed run started again goes on where it stopped."""
    from rich.console import Console

    from .api import _options
    from .engines import ENGINES
    from .ingest import estimate_documents, ingest_paths
    from .store import open_store

    date = _check(date, format)
    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine must be one of {', '.join(ENGINES)}")
    settings = _settings(config, db=db)
    console = Console(stderr=True)
    show = console.is_terminal if progress is None else progress
    options = _options(settings, format=format, date=date, clean=not no_clean)
    with open_store(settings.db) as store:
        with _progress(show, console) as bar:
            task = bar.add_task("ingest", total=estimate_documents(paths), errors=0) if bar else None

            def advance(counts, done: int) -> None:
                if bar:
                    bar.update(task, advance=done, errors=counts.unreadable + counts.outcomes.get("failed", 0))

            counts = ingest_paths(paths, settings, store, options=options, engine=engine, workers=workers,
                                  scheduler=scheduler, refresh=refresh,
                                  store_batch=lambda dicts: _store_batch(store, dicts, console), on_batch=advance)
        stats = store.stats()
    summary = ", ".join(f"{key} {value}" for key, value in counts.as_dict().items())
    tables = ", ".join(f"{key} {value}" for key, value in stats.items())
    typer.echo(f"ingested into {settings.db}: {summary}")
    typer.echo(f"store now holds: {tables}")
    if not counts.read and not counts.skipped:
        raise typer.Exit(1)


def _store_batch(store, dicts: list[dict], console) -> dict[str, int]:
    """One transaction per batch; a batch that fails is stored record by record, so one bad record
    costs only itself and nothing already stored is lost."""
    from .store import StoreError

    try:
        return store.add_many(dicts)
    except StoreError:
        counts: dict[str, int] = {"failed": 0}
        for record in dicts:
            try:
                outcome = store.add(record)
            except StoreError as exc:
                console.print(f"[red]not stored:[/red] {exc}")
                counts["failed"] += 1
                continue
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts


class _NoBar:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(show: bool, console):
    if not show:
        return _NoBar()
    from rich.progress import (BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.speed or (task.completed / task.elapsed if task.elapsed else None)
            return Text(f"{speed:.1f} docs/s" if speed else "- docs/s")

    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    TextColumn("{task.completed} documents"), RateColumn(),
                    TextColumn("errors {task.fields[errors]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console)


def _stored(settings):
    """The existing store of the settings, opened; exit 1 with the reason when there is none."""
    from .store import StoreError, database_exists, open_store

    if not database_exists(settings.db):
        typer.echo(f"no wirewatch store at {settings.db}: ingest documents first", err=True)
        raise typer.Exit(1)
    try:
        return open_store(settings.db)
    except StoreError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


@app.command("export")
def export(what: str = typer.Argument(..., help="documents, quotes, events or stories."),
           format: str = typer.Option("jsonl", "--format", help="jsonl, csv or parquet."),
           out: Optional[Path] = typer.Option(None, "--out", "-o", help="File to write (default: standard output; "
                                                                     "parquet needs a file)."),
           db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
           config: Optional[Path] = typer.Option(None, help="A TOML settings file.")) -> None:
    """Stream one table of the store out: one row a document, a quote, an event (POLECAT-like columns) or a
    story."""
    from .export import COLUMNS, FORMATS, export_rows, write_rows

    if what not in (*COLUMNS, "stories"):
        raise typer.BadParameter(f"export one of {', '.join([*COLUMNS, 'stories'])}, not {what!r}")
    if format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if format == "parquet" and out is None:
        raise typer.BadParameter("parquet is binary: give --out FILE")
    settings = _settings(config, db=db)
    with _stored(settings) as store:
        rows = export_rows(store, what)
        columns = COLUMNS.get(what)
        if out is None:
            count = write_rows(rows, columns, format, sys.stdout)
        else:
            with open(out, "wb" if format == "parquet" else "w", **({} if format == "parquet" else
                                                                    {"encoding": "utf-8", "newline": ""})) as handle:
                count = write_rows(rows, columns, format, handle)
    typer.echo(f"exported {count} {what}" + (f" to {out}" if out else ""), err=True)


@app.command("stages")
def list_stages() -> None:
    """List the registered pipeline stages, what each needs and what it sets."""
    from .pipeline import registered_stages

    for name, info in sorted(registered_stages().items()):
        typer.echo(f"{name}: {info.help}\n  requires: {', '.join(info.requires) or '-'}\n"
                   f"  assigns: {', '.join(info.assigns) or '-'}")


@app.command("settings")
def show_settings(config: Optional[Path] = typer.Option(None, help="A TOML settings file.")) -> None:
    """Show every setting's value and where it came from."""
    settings = _settings(config)
    for setting in SETTINGS:
        typer.echo(f"{setting.name} = {settings.values[setting.name]!r}  ({settings.origin[setting.name]})")


def _gate(task: str, result: dict, data: Path) -> None:
    from .evaluation.gate import check_gate

    failures = check_gate(task, result, data)
    for failure in failures:
        typer.echo(f"GATE FAILED: {failure}", err=True)
    if failures:
        raise typer.Exit(1)
    typer.echo("gate: every score is at or above its floor")


@eval_app.command("extract")
def eval_extract(data: Path = typer.Option(Path("../shared/data/trafilatura-eval"), help="trafilatura-eval folder."),
                 limit: Optional[int] = typer.Option(None, help="Score only the first N pages."),
                 json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
                 gate: bool = typer.Option(False, help="Fail when a score is below its pinned floor.")) -> None:
    """Main-text extraction: wirewatch's HTML cleaning and plain-text classifier against bare trafilatura."""
    from .evaluation.extract import evaluate_extract, format_report

    if not data.is_dir():
        raise typer.BadParameter(f"no data folder at {data}")
    result = evaluate_extract(data, limit=limit)
    typer.echo(format_report(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
    if gate:
        _gate("extract", result, data)


@eval_app.command("time")
def eval_time(data: Path = typer.Option(Path("../shared/data/tempeval3/TBAQ-cleaned"),
                                        help="Folder of TimeML files (one sub-folder per corpus)."),
              limit: Optional[int] = typer.Option(None, help="Score only the first N documents."),
              json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
              errors_out: Optional[Path] = typer.Option(None, "--errors",
                                                        help="Write every miss, spurious and wrong value as TSV."),
              gate: bool = typer.Option(False, help="Fail when a score is below its pinned floor."),
              config: Optional[Path] = typer.Option(None, help="A wirewatch.toml to read settings from.")) -> None:
    """Time expressions on TempEval-3 TimeML: relaxed/strict span F1, value F1, type accuracy."""
    from .evaluation import time as scorer

    if not data.is_dir():
        raise typer.BadParameter(f"no TimeML folder at {data}")
    _score("time", scorer.evaluate_time, scorer, data, limit=limit, settings=load_settings(config),
           json_out=json_out, errors_out=errors_out, gate=gate)


def _score(task: str, evaluate, scorer, data: Path, *, limit, settings, json_out, errors_out, gate) -> None:
    """Run one evaluation, print its report, write the figures and misses asked for, apply the gate."""
    errors: list | None = [] if errors_out else None
    try:
        result = evaluate(data, limit=limit, settings=settings, errors=errors)
    except FileNotFoundError as problem:
        raise typer.BadParameter(str(problem)) from None
    typer.echo(scorer.format_report(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
    if errors_out and errors is not None:
        scorer.write_errors(errors, errors_out)
    if gate:
        _gate(task, result, data)


@eval_app.command("actors")
def eval_actors(data: Path = typer.Option(Path("../shared/data/plover-gsr/dev.json"), help="PLOVER gold records (JSON)."),
                limit: Optional[int] = typer.Option(None, help="Score only the first N records."),
                json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
                errors_out: Optional[Path] = typer.Option(None, "--errors", help="Write every wrong actor as TSV."),
                gate: bool = typer.Option(False, help="Fail when a score is below its pinned floor."),
                actors: Optional[list[Path]] = typer.Option(None, "--actors",
                                                            help="Actor dictionaries to add (the actor_files "
                                                                 "setting), e.g. the Phoenix files."),
                config: Optional[Path] = typer.Option(None, help="A wirewatch.toml to read settings from.")) -> None:
    """Actor codes: how often our entity for a gold PLOVER actor has its country and sector."""
    from .evaluation.actors import evaluate_actors, format_report

    if not data.is_file():
        raise typer.BadParameter(f"no PLOVER records at {data}")
    errors: list | None = [] if errors_out else None
    settings = load_settings(config)
    if actors:
        settings = settings.replace(actor_files=[str(p) for p in actors])
    result = evaluate_actors(data, limit=limit, settings=settings, errors=errors)
    result["actor_files"] = list(settings.actor_files)
    typer.echo(format_report(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
    if errors_out and errors is not None:
        with open(errors_out, "w", encoding="utf-8") as out:
            out.write("record\trole\tactor_text\tgold_country\tgold_sector\tentity\tcountry\tsector\tsentence\n")
            for actor, entity in errors:
                out.write("\t".join([actor.record_id, actor.role, actor.actor_text, actor.code, actor.sector or "",
                                      entity.name if entity else "", (entity.country or "") if entity else "",
                                      (entity.sector or "") if entity else "", actor.text]) + "\n")
    if gate:
        _gate("actors", result, data)


@eval_app.command("quotes")
def eval_quotes(data: Path = typer.Option(Path("../shared/data/polnear/dev"),
                                          help="A PolNeAR split (its text/ and attributions/ folders)."),
                limit: Optional[int] = typer.Option(None, help="Score only the first N articles."),
                json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
                errors_out: Optional[Path] = typer.Option(None, "--errors",
                                                          help="Write every miss, spurious quote and wrong speaker as TSV."),
                gate: bool = typer.Option(False, help="Fail when a score is below its pinned floor."),
                config: Optional[Path] = typer.Option(None, help="A wirewatch.toml to read settings from.")) -> None:
    """Quotes on PolNeAR: the Gender Gap Tracker's and Citron's protocols, direct and all attributions."""
    from .evaluation import quotes as scorer

    if not data.is_dir():
        raise typer.BadParameter(f"no PolNeAR split at {data}")
    _score("quotes", scorer.evaluate_quotes, scorer, data, limit=limit, settings=load_settings(config),
           json_out=json_out, errors_out=errors_out, gate=gate)


@eval_app.command("events")
def eval_events(data: Path = typer.Option(Path("../shared/data/plover-gsr/dev.json"), help="PLOVER gold records (JSON)."),
                limit: Optional[int] = typer.Option(None, help="Score only the first N records."),
                json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the figures as JSON."),
                errors_out: Optional[Path] = typer.Option(None, "--errors",
                                                          help="Write every sentence scored wrong as TSV."),
                gate: bool = typer.Option(False, help="Fail when a score is below its pinned floor."),
                config: Optional[Path] = typer.Option(None, help="A wirewatch.toml to read settings from.")) -> None:
    """PLOVER event types and actor/recipient countries on the PLOVER gold sentences."""
    from .evaluation.events import evaluate_events, format_report, write_errors

    if not data.is_file():
        raise typer.BadParameter(f"no PLOVER records at {data}")
    result = evaluate_events(data, limit=limit, settings=load_settings(config))
    typer.echo(format_report(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2))
    if errors_out:
        write_errors(result, errors_out)
    if gate:
        _gate("events", result, data)


# ------------------------------------------------------------------------------------------ actors

@actors_app.command("import")
def actors_import(files: List[Path] = typer.Argument(..., help="Phoenix/CAMEO dictionaries, CSV or TOML lists."),
                  db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
                  format: str = typer.Option("auto", help="auto (by content), phoenix, csv or toml."),
                  config: Optional[Path] = typer.Option(None, help="A TOML settings file."),
                  progress: Optional[bool] = typer.Option(None, help="Show a progress bar (default: on a terminal).")
                  ) -> None:
    """Store the actors of each file; importing the same file again changes nothing."""
    from rich.console import Console

    from .actors import PhoenixStats, load_kb
    from .actors.store_kb import FORMATS, detect_format, read_actor_file
    from .store import StoreError, open_store

    if format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    settings = _settings(config, db=db)
    console = Console(stderr=True)
    show = console.is_terminal if progress is None else progress
    failed = 0
    with open_store(settings.db) as store:
        for path in files:
            if not path.is_file():
                typer.echo(f"{path}: no such file", err=True)
                failed += 1
                continue
            fmt = detect_format(path) if format == "auto" else format
            stats = PhoenixStats()
            try:
                actors = read_actor_file(path, fmt, kb=load_kb(), stats=stats)
                with _line_progress(show, console, path) as advance:
                    inserted, unchanged = store.add_actors(_advancing(actors, stats, advance))
            except (OSError, ValueError, StoreError) as exc:
                typer.echo(f"{path}: not imported: {exc}", err=True)
                failed += 1
                continue
            roles = inserted + unchanged
            what = f"{stats.entries} entries, {roles} roles" if fmt == "phoenix" else f"{roles} roles"
            typer.echo(f"{path} ({fmt}): {what}: inserted {inserted}, unchanged {unchanged}; "
                       f"{len(stats.warnings)} parse warnings")
            for warning in stats.warnings[:5]:
                typer.echo(f"  warning: {warning}", err=True)
            if len(stats.warnings) > 5:
                typer.echo(f"  ... and {len(stats.warnings) - 5} more warnings", err=True)
            if not roles:
                typer.echo(f"{path}: no actors found in it", err=True)
                failed += 1
        total = store.count_actors()
    typer.echo(f"store {settings.db} now holds {total} actor roles")
    if failed:
        raise typer.Exit(1)


def _advancing(actors, stats, advance):
    """The actors, telling the progress bar how many lines of the file have been read."""
    for count, actor in enumerate(actors, 1):
        if count % 500 == 0:
            advance(stats.lines)
        yield actor
    advance(None)


class _LineBar:
    def __init__(self, console, path: Path):
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with open(path, "rb") as handle:
            total = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) or 1
        self.total = total
        self.bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                            TextColumn("{task.completed}/{task.total} lines"), TimeElapsedColumn(), console=console)
        self.task = self.bar.add_task(f"import {path.name}", total=total)

    def __enter__(self):
        self.bar.__enter__()
        return self.advance

    def advance(self, lines: Optional[int]) -> None:
        self.bar.update(self.task, completed=self.total if lines is None else min(lines, self.total))

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)


class _NoLineBar:
    def __enter__(self):
        return lambda lines: None

    def __exit__(self, *exc):
        return False


def _line_progress(show: bool, console, path: Path):
    return _LineBar(console, path) if show else _NoLineBar()


@actors_app.command("show")
def actors_show(name: str = typer.Argument(..., help="A name or alias, e.g. \"Emmanuel Macron\"."),
                db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
                on: Optional[str] = typer.Option(None, help="Only the roles that hold on this day (YYYY-MM-DD)."),
                config: Optional[Path] = typer.Option(None, help="A TOML settings file.")) -> None:
    """Every actor a name stands for: its roles, codes, dates and where each came from."""
    from datetime import date as Date

    from .actors.store_kb import kb_for_settings

    day = None
    if on is not None:
        try:
            day = Date.fromisoformat(on)
        except ValueError:
            raise typer.BadParameter(f"--on must be a day, YYYY-MM-DD, got {on!r}") from None
    settings = _settings(config, db=db)
    try:
        kb = kb_for_settings(settings)
    except WirewatchError as exc:
        raise typer.BadParameter(str(exc)) from None
    roles = kb.lookup(name, day)
    if not roles:
        when = f" on {day.isoformat()}" if day else ""
        typer.echo(f"no actor named {name!r}{when} in the knowledge base (shipped data, actors stored at "
                   f"{settings.db}, actor_files)", err=True)
        raise typer.Exit(1)
    by_id: dict[str, list] = {}
    for actor in roles:
        by_id.setdefault(actor.id, []).append(actor)
    for index, (actor_id, group) in enumerate(by_id.items()):
        first = group[0]
        if index:
            typer.echo("")
        typer.echo(f"{first.name}  [{actor_id}]  kind {first.kind}")
        if first.aliases:
            typer.echo(f"  aliases: {', '.join(first.aliases)}")
        for actor in group:
            codes = f"country {actor.country or '-'}  sector {actor.sector or '-'}"
            if actor.other_sectors:
                codes += f" (also {', '.join(actor.other_sectors)})"
            typer.echo(f"  - {codes}  role {actor.role or '-'}  {_role_dates(actor)}  code {actor.code or '-'}"
                       f"  source {actor.source or '?'}")


def _role_dates(actor) -> str:
    if actor.fallback:
        return "when no dated role holds"
    if actor.start and actor.end:
        return f"{actor.start.isoformat()} to {actor.end.isoformat()}"
    if actor.start:
        return f"since {actor.start.isoformat()}"
    if actor.end:
        return f"until {actor.end.isoformat()}"
    return "undated"


@actors_app.command("learn")
def actors_learn(db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
                 config: Optional[Path] = typer.Option(None, help="A TOML settings file.")) -> None:
    """Store the people stored records introduce by a title or apposition ("Polish Foreign Minister Jan Kowalczyk")."""
    from .actors.store_kb import kb_for_settings, learned_actors

    settings = _settings(config, db=db)
    store = _stored(settings)
    try:
        known = kb_for_settings(settings)
    except WirewatchError as exc:
        store.close()
        raise typer.BadParameter(str(exc)) from None
    with store:
        actors, seen = learned_actors(store.iter_records(), known)
        inserted, unchanged = store.add_actors(actors)
    typer.echo(f"learned {len(actors)} actors from {seen['records']} stored records "
               f"({seen['candidates']} mentions of titled people with codes from the text, {seen['known']} of "
               f"people already known, {seen['outvoted']} outvoted by other records): inserted {inserted}, unchanged {unchanged}")


from .service.commands import register as _register_service  # noqa: E402
_register_service(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
