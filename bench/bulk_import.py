"""Bulk entry: a 500-row file imported in one transaction (target: under 2 s).

    .venv/bin/python -m bench.bulk_import [--rows 500] [--repeats 5]

Each repeat imports the same CSV (Initiera evidence of all 49 municipalities,
cycled to `--rows` rows) into a fresh copy of an initialised SQLite database:
once as the `etapp import` command in a new process (what a user waits for,
start-up included), once through the service alone. With a PostgreSQL server,
the service figure is measured there too.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import WRITER, Sample, fresh_app, pg_reason, pg_schema, remove_db, sqlite_url

KEYS = ("inforandeansvarig-utsedd", "genomforandeplan", "utbildningsplan")


def write_rows(path: Path, n: int) -> Path:
    import workflows

    municipalities = [m.id for m in workflows.load().municipalities]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["subject", "key", "value", "ref", "note", "at"])
        for i in range(n):
            m = municipalities[i % len(municipalities)]
            key = KEYS[(i // len(municipalities)) % len(KEYS)]
            w.writerow([m, key, "", f"rapport-{i}.pdf", f"veckorapport {i}", "2026-01-05"])
    return path


def _service(url: str, rows: Path) -> float:
    import workflows
    from engine.bootstrap import bootstrap
    from engine.services.importing import import_file

    app = bootstrap(url, workflows.load())
    try:
        start = time.perf_counter()
        outcome = import_file(app, WRITER, rows)
        seconds = time.perf_counter() - start
    finally:
        app.close()
    assert outcome.written and not outcome.refused
    return seconds


def _cli(url: str, rows: Path) -> float:
    etapp = str(Path(sys.executable).with_name("etapp"))
    start = time.perf_counter()
    subprocess.run([etapp, "--db", url, "--actor", WRITER, "--json", "import", str(rows)],
                   check=True, capture_output=True, env={**os.environ})
    return time.perf_counter() - start


def measure(workdir: Path, n: int = 500, repeats: int = 5, *, pg: bool = True) -> dict[str, Any]:
    """Seconds to import `n` rows: by the CLI and by the service, on SQLite (and PostgreSQL)."""
    template = workdir / "bulk-template.db"
    fresh_app(sqlite_url(template)).close()
    rows = write_rows(workdir / "bulk-rows.csv", n)
    samples = {"import_cli_s": Sample("s"), "import_service_s": Sample("s")}
    try:
        for _ in range(repeats):
            for key, run in (("import_cli_s", _cli), ("import_service_s", _service)):
                target = workdir / "bulk.db"
                remove_db(target)
                shutil.copy(template, target)
                samples[key].add(run(sqlite_url(target), rows))
                remove_db(target)
        if pg and pg_reason() is None:
            samples["pg_import_service_s"] = Sample("s")
            for _ in range(repeats):
                with pg_schema() as (url, _schema):
                    fresh_app(url).close()
                    samples["pg_import_service_s"].add(_service(url, rows))
    finally:
        remove_db(template)
        rows.unlink(missing_ok=True)
    return {"figures": {k: v.median for k, v in samples.items()} | {"import_rows": n},
            "details": {k: v.as_dict() for k, v in samples.items()}}


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="etapp-bench-bulk-") as tmp:
        result = measure(Path(tmp), args.rows, args.repeats)
    print(json.dumps(result["figures"], indent=2))
    cli_s = result["figures"]["import_cli_s"]
    print(f"import {args.rows} rows by the CLI: median {cli_s:.2f} s "
          f"(< 2 s: {'met' if cli_s < 2 else 'MISSED'})")


if __name__ == "__main__":
    main()
