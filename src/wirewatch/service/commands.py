"""The workbench's commands, added to the `wirewatch` command line by `register(app)`."""

from __future__ import annotations

import sys
from typing import List, Optional

import typer

__all__ = ["register"]

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _db_url(db: Optional[str]) -> str:
    from wirewatch.settings import load_settings

    return load_settings(db=db).db


def _engine(db: Optional[str]):
    from wirewatch.store import StoreError, open_store

    try:
        return open_store(_db_url(db))
    except StoreError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def serve(db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting)."),
          host: str = typer.Option("127.0.0.1", help="Address to listen on (another than 127.0.0.1 exposes "
                                                     "the store to the network)."),
          port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
          workers: int = typer.Option(1, min=1, help="Server processes.")) -> None:
    """Serve the workbench: the JSON API (/api, schema at /openapi.json, docs at /docs), the pages and the
    watch feeds. Writes need WIREWATCH_TOKEN."""
    import uvicorn

    from wirewatch.service.app import create_app

    url = _db_url(db)
    if workers > 1:
        import os

        os.environ["WIREWATCH_SERVE_DB"] = url
        uvicorn.run("wirewatch.service.commands:_app_from_env", factory=True, host=host, port=port,
                    workers=workers, log_level="warning")
        return
    typer.echo(f"wirewatch serving {url} on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(url), host=host, port=port, log_level="warning")


def _app_from_env():
    import os

    from wirewatch.service.app import create_app

    return create_app(os.environ["WIREWATCH_SERVE_DB"])


watch_app = typer.Typer(no_args_is_help=True, help="Watchlists: standing queries for digests and feeds.")


@watch_app.command("add")
def watch_add(name: str = typer.Argument(..., help="The watch's name (letters, digits, '.', '_', '-')."),
              entity: List[str] = typer.Option([], "--entity", help="A speaker, actor or recipient (canonical "
                                                                     "name; repeat for more)."),
              country: List[str] = typer.Option([], "--country", help="A country code (RUS; repeat for more)."),
              type: List[str] = typer.Option([], "--type", help="A PLOVER event type (narrows events only)."),
              keyword: List[str] = typer.Option([], "--keyword", help="Words the document holds."),
              replace: bool = typer.Option(False, help="Replace a watch of that name."),
              db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting).")) -> None:
    """Add a watch: every given criterion must hold, any of its values sufficing."""
    from wirewatch.service.watch import WatchError, add_watch, make_watch

    with _engine(db) as store:
        try:
            watch = add_watch(store.engine, make_watch(name, entities=entity, countries=country, types=type,
                                                       keywords=keyword), replace=replace)
        except WatchError as exc:
            raise typer.BadParameter(str(exc)) from None
    typer.echo(f"watch {watch.name}: {watch.describe()}")


@watch_app.command("list")
def watch_list(db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting).")) -> None:
    """List the watches."""
    from wirewatch.service.watch import list_watches

    with _engine(db) as store:
        watches = list_watches(store.engine)
    for watch in watches:
        typer.echo(f"{watch.name}: {watch.describe()}  (since {watch.created_at})")
    if not watches:
        typer.echo("no watches: `wirewatch watch add NAME --entity ...` makes one", err=True)


@watch_app.command("remove")
def watch_remove(name: str = typer.Argument(..., help="The watch to remove."),
                 db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting).")) -> None:
    """Remove a watch."""
    from wirewatch.service.watch import WatchError, remove_watch

    with _engine(db) as store:
        try:
            remove_watch(store.engine, name)
        except WatchError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    typer.echo(f"removed watch {name}")


def digest(name: str = typer.Argument(..., help="The watch."),
           since: str = typer.Option("1d", help="A span ago (30m, 12h, 1d, 2w) or an ISO 8601 date or time."),
           smtp: Optional[str] = typer.Option(None, help="HOST:PORT of an SMTP server to send it through."),
           to: Optional[str] = typer.Option(None, help="The address to send it to (with --smtp)."),
           sender: str = typer.Option("wirewatch@localhost", "--from", help="The sender's address."),
           format: str = typer.Option("text", "--format", help="html or text (what is printed)."),
           base_url: str = typer.Option(DEFAULT_BASE_URL, help="Where `wirewatch serve` runs, for links."),
           db: Optional[str] = typer.Option(None, help="SQLAlchemy URL (default: the `db` setting).")) -> None:
    """Render a watch's digest of the quotes, events and stories stored since a time; print it, or send it
    (plain text with an HTML alternative) with --smtp and --to."""
    from wirewatch.service.digest import DigestError, collect, parse_since, render_html, render_text, send_digest
    from wirewatch.service.watch import WatchError, get_watch

    if format not in ("html", "text"):
        raise typer.BadParameter("--format must be html or text")
    if bool(smtp) != bool(to):
        raise typer.BadParameter("--smtp and --to go together: where to send it, and to whom")
    try:
        moment = parse_since(since)
    except DigestError as exc:
        raise typer.BadParameter(str(exc)) from None
    with _engine(db) as store:
        try:
            found = collect(store.engine, get_watch(store.engine, name), moment)
        except WatchError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    if smtp:
        try:
            send_digest(found, smtp=smtp, to=to, sender=sender, base_url=base_url)
        except DigestError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"sent to {to}: {found.subject}", err=True)
        return
    render = render_html if format == "html" else render_text
    sys.stdout.write(render(found, base_url=base_url))


def register(app: typer.Typer) -> None:
    """Add `serve`, `watch add|list|remove` and `digest` to the command line."""
    app.command("serve")(serve)
    app.command("digest")(digest)
    app.add_typer(watch_app, name="watch")
