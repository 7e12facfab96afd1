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

from bench.report import print_table
from bench.run import SECTIONS, Config, run_all


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="smaller log (100,000 events) and fewer repeats: under a minute")
    p.add_argument("--json", metavar="FILE", type=Path, help="also write the figures as JSON")
    p.add_argument("--only", metavar="SECTIONS", default=",".join(SECTIONS),
                   help=f"comma-separated subset of {','.join(SECTIONS)}")
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
    cfg = Config(**{**base.__dict__, "sections": sections})
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
    result["env"]["mode"] = "quick" if args.quick else "full"
    print_table(result)
    if args.json:
        flat = {**result["figures"], "details": result["details"], "notes": result["notes"],
                "config": result["config"], "env": result["env"]}
        args.json.write_text(json.dumps(flat, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
