"""`roi`: the command line of the AI Marketing ROI warehouse.

roi doctor [--json]                   what the landed files are and can prove, before loading
roi generate [--scale S] [--seed N]   write sample extracts into the landing folder
roi load                              load landed files into the warehouse's raw tables
roi build [--full] [dbt args]         dbt deps + dbt build: nightly scope, --full everything
roi check                             Great Expectations on landed files and marts (exit 1: failed)
roi publish                           publish the checked build for BI (file or schema swap)
roi results                           print the headline results from the published marts
roi export MART [--output F]          one published mart as a formula-safe CSV
roi demo                              generate -> load -> build -> check -> publish -> results
roi docs [--serve] [--port P]         write the dbt docs site (descriptions, lineage, metrics)
roi benchmark [--scale S]             time generate, load, build, a nightly increment, the floor
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from .settings import REPO_ROOT, Settings
from .warehouse import PublishRefused, for_settings


def cmd_generate(args: argparse.Namespace, settings: Settings) -> int:
    from .devtools.sample_data import generate_all

    landing = settings.landing_dir
    if args.fresh and landing.exists():
        shutil.rmtree(landing)
    started = time.perf_counter()
    written = generate_all(landing, scale=args.scale, seed=args.seed)
    count = sum(len(paths) for paths in written.values())
    print(f"wrote {count} sample extracts under {landing} in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from .doctor import main as doctor_main

    return doctor_main(settings.landing_dir, settings.duckdb_path, args.json, settings.target)


def cmd_load(args: argparse.Namespace, settings: Settings) -> int:
    landing, database = settings.landing_dir, settings.duckdb_path
    print(f"loading {landing} -> {database}")
    results = for_settings(settings).load(landing)
    for result in results:
        detail = f"{result.rows} rows as {result.shape}" if result.status == "loaded" else ""
        print(f"  {result.status:<8} {result.display_name} {detail} {result.message}")
    refused = [result for result in results if result.status == "refused"]
    if refused:
        print(
            f"{len(refused)} file(s) refused: fix or remove them, then load again.", file=sys.stderr
        )
        return 1 if args.strict else 0
    return 0


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from . import build_scope
    from .dbt_runner import DbtInterrupted, install_packages, run_dbt
    from .seed_files import check_seed_files

    warehouse = for_settings(settings)
    problems = check_seed_files()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        summary = f"{len(problems)} seed file problem(s); dbt did not run: {problems[0]}"
        print(summary, file=sys.stderr)
        warehouse.build_started()
        warehouse.build_finished(1, message=summary)
        return 1
    # `roi build -- --select x`: argparse keeps the "--", dbt must not see it.
    dbt_args = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
    # Nightly or everything (weekly `--full`, first night): python_helpers/build_scope.py. The
    # first line of the log says which and why.
    scope = build_scope.choose(settings, args.full, dbt_args)
    print(scope.summary(), flush=True)
    # SIGTERM/SIGINT reach dbt and `roi` waits for it to end (see dbt_runner): no orphan writer.
    try:
        install_packages(settings)
    except DbtInterrupted as interrupted:
        print(interrupted, file=sys.stderr)
        return interrupted.exit_code
    warehouse.build_started(scope=scope.summary())
    stopped_by: str | None = None
    try:
        code = run_dbt(
            "build", *scope.dbt_args, *dbt_args, check=False, extra_env=scope.dbt_env,
            settings=settings,
        )  # fmt: skip
    except DbtInterrupted as interrupted:
        print(interrupted, file=sys.stderr)
        code, stopped_by = interrupted.exit_code, interrupted.signal_name
    warehouse.build_finished(code, stopped_by=stopped_by)
    if code == 0 and stopped_by is None and scope.keeps_state:
        build_scope.keep_state(settings)
    return code


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Landed files and marts; recorded in the back-end's audit ledger for `roi publish`."""
    from .checks import print_report

    warehouse = for_settings(settings)
    database = None if args.landed_only else (args.database or settings.duckdb_path)
    landing = None if args.marts_only else settings.landing_dir
    where = warehouse.marts_location(database)
    print(f"checking landed files in {landing} and {where}", flush=True)
    try:
        outcome = warehouse.check(
            landing,
            not args.landed_only,
            None if args.no_docs else settings.data_docs_dir,
            args.database,
        )
    except PublishRefused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print_report(outcome.report)
    if outcome.recorded:
        print(outcome.recorded)
    return 0 if outcome.report.success else 1


def cmd_publish(_: argparse.Namespace, settings: Settings) -> int:
    warehouse = for_settings(settings)
    try:
        published = warehouse.publish()
    except PublishRefused as refusal:
        print(f"{refusal}\nBI keeps reading {warehouse.bi_location}", file=sys.stderr)
        return 1
    print(published)
    return 0


def cmd_results(_: argparse.Namespace, settings: Settings) -> int:
    from .results import print_results
    from .warehouse.duckdb_file import reader_database

    database = reader_database(settings)
    print(f"(reading {database})")
    print_results(database)
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from .report import build_published_dashboard

    output = args.output or settings.dashboard_path
    status = for_settings(settings).publication_status()
    if status is None:
        print("roi report reads the published DuckDB file; on PostgreSQL point BI at the "
              "published schema", file=sys.stderr)  # fmt: skip
        return 1
    source = status.published or "nothing published yet (the page says which step failed)"
    print(f"rendering the dashboard from {source} ...", flush=True)
    path = build_published_dashboard(output, status)
    print(f"dashboard: {path}")
    for reason in status.not_published_because:
        print(f"  not published: {reason}", file=sys.stderr)
    if args.screenshot:
        from .report.browser import inspect_dashboard

        report = inspect_dashboard(path, args.screenshot, settings.chromium)
        print(f"screenshot: {report.screenshot}; charts rendered: {report.rendered_per_view}")
        if report.console_errors:
            print(f"script errors in the page: {report.console_errors}", file=sys.stderr)
            return 1
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from .exports import ExportRefused, export_mart

    output = args.output or REPO_ROOT / ".roi" / "exports" / f"{args.mart}.csv"
    try:
        path, rows = export_mart(settings.published_path, args.mart, output.resolve())
    except ExportRefused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print(f"exported {rows} rows of {args.mart} (published) to {path}, formula-safe")
    return 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from .docs_site import DocsError, generate_docs, serve_docs

    try:
        index = generate_docs(args.output, env=settings.dbt_env())
    except DocsError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"docs site: {index} (static_index.html beside it opens without a server)")
    if args.serve:
        serve_docs(index.parent, args.port)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    steps = (
        ("generate sample extracts", lambda: cmd_generate(args, settings)),
        ("load landed files", lambda: cmd_load(args, settings)),
        ("dbt build", lambda: cmd_build(argparse.Namespace(full=False, dbt_args=[]), settings)),
        ("checks", lambda: cmd_check(_check_args(), settings)),
        ("publish", lambda: cmd_publish(args, settings)),
        ("results", lambda: cmd_results(args, settings)),
        (
            "dashboard",
            lambda: cmd_report(argparse.Namespace(output=None, screenshot=None), settings),
        ),
    )
    for number, (title, step) in enumerate(steps, start=1):
        print(f"\n[{number}/{len(steps)}] {title}", flush=True)
        code = step()
        if code:
            print(f"step '{title}' failed (exit {code})", file=sys.stderr)
            return code
    from .warehouse.duckdb_file import reader_database

    print(f"\nwarehouse (build file): {settings.duckdb_path}")
    print(f"published file BI reads: {reader_database(settings)}")
    return 0


def _check_args(**overrides) -> argparse.Namespace:
    options = {"database": None, "landed_only": False, "marts_only": False, "no_docs": False}
    return argparse.Namespace(**{**options, **overrides})


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="roi", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def add_generate_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--scale", type=float, default=1.0, help="volume multiplier (1 = demo)")
        sub.add_argument("--seed", type=int, default=42, help="random seed")
        sub.add_argument(
            "--keep", dest="fresh", action="store_false", help="keep files already landed"
        )

    generate = commands.add_parser("generate", help="write sample extracts")
    add_generate_options(generate)
    generate.set_defaults(handler=cmd_generate)

    doctor = commands.add_parser(
        "doctor",
        help="what the landed files are and what they can prove, before loading",
        description=(
            "Reads ROI_LANDING_DIR (and the DuckDB warehouse, read-only, when there is one) and "
            "says per file what export it is or why it cannot be used, and per ROI dimension "
            "what can be computed now and what is missing. Writes nothing. Exit 0 when it could "
            "inspect (problems found included), 2 when it cannot run. See docs/doctor.md."
        ),
    )
    doctor.add_argument("--json", action="store_true", help="machine-readable output")
    doctor.set_defaults(handler=cmd_doctor)

    load = commands.add_parser("load", help="load landed files into raw tables")
    load.add_argument("--strict", action="store_true", help="exit 1 when any file is refused")
    load.set_defaults(handler=cmd_load)

    build = commands.add_parser(
        "build",
        help="dbt deps + dbt build (nightly scope; --full: everything)",
        description=(
            "Nightly scope once a successful build left its state: no unit tests, unchanged "
            "seeds and their tests skipped, incremental models' tests over the lookback's loads. "
            "The first build, --full and --full-refresh run every node over every row. The first "
            "line printed says which ran and why. See docs/nightly_run.md."
        ),
    )
    build.add_argument(
        "--full", action="store_true", help="every node over every row (the weekly verification)"
    )
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="passed on to dbt build")
    build.set_defaults(handler=cmd_build)

    check = commands.add_parser("check", help="Great Expectations on landed files and marts")
    check.add_argument("--database", type=Path, default=None, help="DuckDB file (default: build)")
    check.add_argument("--landed-only", action="store_true", help="only the landed files")
    check.add_argument("--marts-only", action="store_true", help="only the marts")
    check.add_argument("--no-docs", action="store_true", help="skip building Data Docs")
    check.set_defaults(handler=cmd_check)

    publish = commands.add_parser("publish", help="publish the checked build file for BI")
    publish.set_defaults(handler=cmd_publish)

    results = commands.add_parser("results", help="print the headline results")
    results.set_defaults(handler=cmd_results)

    report = commands.add_parser("report", help="render the three-view HTML dashboard")
    report.add_argument("--output", type=Path, default=None, help="HTML file to write")
    report.add_argument(
        "--screenshot", type=Path, default=None, help="also open it in Chromium and save a PNG"
    )
    report.set_defaults(handler=cmd_report)

    export = commands.add_parser("export", help="one published mart as a formula-safe CSV")
    export.add_argument("mart", help="mart table name, e.g. fct_pipeline_attribution")
    export.add_argument("--output", type=Path, default=None, help="CSV file to write")
    export.set_defaults(handler=cmd_export)

    docs = commands.add_parser("docs", help="write (and optionally serve) the dbt docs site")
    docs.add_argument(
        "--output", type=Path, default=REPO_ROOT / ".roi" / "docs_site", help="folder"
    )
    docs.add_argument("--serve", action="store_true", help="serve it on 127.0.0.1 afterwards")
    docs.add_argument("--port", type=int, default=8080)
    docs.set_defaults(handler=cmd_docs)

    demo = commands.add_parser("demo", help="the main job end to end on sample data")
    add_generate_options(demo)
    demo.add_argument("--strict", action="store_true", help="stop when any file is refused")
    demo.set_defaults(handler=cmd_demo)

    add_benchmark_parser(commands)
    return parser


def cmd_benchmark(args: argparse.Namespace, _: Settings) -> int:
    from .devtools.benchmark import DEFAULT_MEMORY_LIMIT, benchmark, markdown_table

    if args.table:
        print(markdown_table(json.loads(args.table.read_text())), end="")
        return 0
    memory_limit = args.memory_limit or DEFAULT_MEMORY_LIMIT
    benchmark(
        args.scale,
        args.seed,
        args.workdir.resolve(),
        args.compare_scale,
        memory_limit,
        growth_scales=tuple(float(x) for x in args.growth_scales.split(",") if x.strip()),
        make_test=args.time_make_test,
    )
    return 0


def add_benchmark_parser(commands) -> None:
    """`roi benchmark` (python_helpers/devtools/benchmark.py), declared here so that parsing the
    nightly commands never imports the toolbox."""
    sub = commands.add_parser(
        "benchmark", help="time generate, load, build, a nightly increment and the SQL floor"
    )
    sub.add_argument("--scale", type=float, default=10.0, help="scale of the timed run")
    sub.add_argument("--seed", type=int, default=42, help="random seed")
    sub.add_argument(
        "--compare-scale", type=float, default=1.0, help="also build at this scale (0: skip)"
    )
    sub.add_argument(
        "--memory-limit",
        default=os.environ.get("ROI_DUCKDB_MEMORY_LIMIT"),
        help="DuckDB memory_limit for dbt (default: ROI_DUCKDB_MEMORY_LIMIT or 3GiB)",
    )
    sub.add_argument(
        "--workdir", type=Path, default=Path("/tmp/roi-benchmark"), help="work folder (replaced)"
    )
    sub.add_argument(
        "--growth-scales",
        default="",
        help="more points of the growth line, e.g. 30 or 1,10,30 (generate, load, full build)",
    )
    sub.add_argument(
        "--time-make-test",
        action="store_true",
        help="also time `make test` after the benchmark (takes longer than the benchmark)",
    )
    sub.add_argument(
        "--table",
        type=Path,
        help="print the README table of a benchmark.json and exit (runs nothing)",
    )
    sub.set_defaults(handler=cmd_benchmark)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The settings of this run, read once from the environment and passed to the command.
    return int(args.handler(args, Settings.from_env()) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
