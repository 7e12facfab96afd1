"""`python -m bench [--quick] [--json FILE] [--only SECTION,...]`: etapp against the raw limit.

Speed is measured here, never asserted in a test. Every figure is measured
several times in the same run; the table shows min, median and max.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import print_table
from bench.run import SECTIONS, Config, run_all
from bench.targets import evaluate, summary


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="smaller log (100,000 events) and fewer repeats: under a minute")
    p.add_argument("--json", metavar="FILE", type=Path, help="also write the figures as JSON")
    p.add_argument("--only", metavar="SECTIONS", default=",".join(SECTIONS),
                   help=f"comma-separated subset of {','.join(SECTIONS)}")
    p.add_argument("--set", metavar="NAME=N", action="append", default=[], dest="overrides",
                   help="change one size or repeat count of the preset (a field of "
                        "bench.run.Config), e.g. --set log_events=2000; repeatable")
    p.add_argument("--workdir", metavar="DIR", type=Path,
                   help="where the scratch databases go (default: a new temporary folder)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    sections = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    base = Config.quick() if args.quick else Config.full()
    try:
        sizes = overrides(args.overrides, base)
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    cfg = Config(**{**base.__dict__, **sizes, "sections": sections})
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="etapp-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        result = run_all(cfg, workdir, say)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    result["env"]["seconds"] = time.perf_counter() - start
    result["env"]["mode"] = ("quick" if args.quick else "full") + (" (sizes changed)"
                                                                    if sizes else "")
    result["targets"] = evaluate(result)
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(document(result), indent=2, sort_keys=True) + "\n",
                             encoding="utf-8")
    return 0


def overrides(pairs: list[str], base: Config) -> dict[str, int]:
    """`NAME=N` pairs as Config fields (whole numbers only).

    Raises:
        ValueError: an unknown field or a value that is not a whole number.
    """
    out: dict[str, int] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name == "sections" or name not in base.__dict__ or not value.strip().isdigit():
            fields = ", ".join(k for k in base.__dict__ if k != "sections")
            msg = f"--set {pair!r}: give NAME=N, NAME one of {fields}"
            raise ValueError(msg)
        out[name] = int(value)
    return out


def document(result: dict[str, Any]) -> dict[str, Any]:
    """The JSON file: every figure at the top level, and issue 14's `targets` (each with its
    target, met and status; see bench.targets), `targets_summary`, `details`, `notes`,
    `config` and `env`."""
    targets = result.get("targets") or evaluate(result)
    return {**result["figures"], "targets": targets, "targets_summary": summary(targets),
            "details": result["details"], "notes": result["notes"], "config": result["config"],
            "env": result["env"]}


if __name__ == "__main__":
    sys.exit(main())
