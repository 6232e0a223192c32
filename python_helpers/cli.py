"""`roi`: the command line of the AI Marketing ROI warehouse.

roi generate [--scale S] [--seed N]   write sample extracts into the landing folder
roi load                              load landed files into the warehouse's raw tables
roi build [dbt args]                  dbt deps + dbt build
roi results                           print the headline results from the marts
roi demo                              generate -> load -> build -> results, end to end
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from . import settings


def cmd_generate(args: argparse.Namespace) -> int:
    from .sample_data import generate_all

    landing = settings.landing_dir()
    if args.fresh and landing.exists():
        shutil.rmtree(landing)
    started = time.perf_counter()
    written = generate_all(landing, scale=args.scale, seed=args.seed)
    count = sum(len(paths) for paths in written.values())
    print(f"wrote {count} sample extracts under {landing} in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from .loader import load_landing

    landing, database = settings.landing_dir(), settings.duckdb_path()
    print(f"loading {landing} -> {database}")
    results = load_landing(landing, database)
    for result in results:
        detail = f"{result.rows} rows as {result.shape}" if result.status == "loaded" else ""
        print(f"  {result.status:<8} {result.system}/{result.path.name} {detail} {result.message}")
    refused = [result for result in results if result.status == "refused"]
    if refused:
        print(
            f"{len(refused)} file(s) refused: fix or remove them, then load again.", file=sys.stderr
        )
        return 1 if args.strict else 0
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .dbt_runner import run_dbt

    run_dbt("deps", "--quiet")
    return run_dbt("build", *args.dbt_args, check=False)


def cmd_results(_: argparse.Namespace) -> int:
    from .results import print_results

    print_results(settings.duckdb_path())
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_dashboard

    output = args.output or settings.dashboard_path()
    print(f"rendering the dashboard from {settings.report_database()} ...", flush=True)
    path = build_dashboard(settings.report_database(), output)
    print(f"dashboard: {path}")
    if args.screenshot:
        from .report.browser import inspect_dashboard

        report = inspect_dashboard(path, args.screenshot)
        print(f"screenshot: {report.screenshot}; charts rendered: {report.rendered_per_view}")
        if report.console_errors:
            print(f"script errors in the page: {report.console_errors}", file=sys.stderr)
            return 1
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    steps = (
        ("generate sample extracts", lambda: cmd_generate(args)),
        ("load landed files", lambda: cmd_load(args)),
        ("dbt build", lambda: cmd_build(argparse.Namespace(dbt_args=[]))),
        ("results", lambda: cmd_results(args)),
        ("dashboard", lambda: cmd_report(argparse.Namespace(output=None, screenshot=None))),
    )
    for number, (title, step) in enumerate(steps, start=1):
        print(f"\n[{number}/{len(steps)}] {title}", flush=True)
        code = step()
        if code:
            print(f"step '{title}' failed (exit {code})", file=sys.stderr)
            return code
    print(f"\nwarehouse: {settings.duckdb_path()}")
    return 0


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

    load = commands.add_parser("load", help="load landed files into raw tables")
    load.add_argument("--strict", action="store_true", help="exit 1 when any file is refused")
    load.set_defaults(handler=cmd_load)

    build = commands.add_parser("build", help="dbt deps + dbt build")
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="passed on to dbt build")
    build.set_defaults(handler=cmd_build)

    results = commands.add_parser("results", help="print the headline results")
    results.set_defaults(handler=cmd_results)

    report = commands.add_parser("report", help="render the three-view HTML dashboard")
    report.add_argument("--output", type=Path, default=None, help="HTML file to write")
    report.add_argument(
        "--screenshot", type=Path, default=None, help="also open it in Chromium and save a PNG"
    )
    report.set_defaults(handler=cmd_report)

    demo = commands.add_parser("demo", help="the main job end to end on sample data")
    add_generate_options(demo)
    demo.add_argument("--strict", action="store_true", help="stop when any file is refused")
    demo.set_defaults(handler=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
