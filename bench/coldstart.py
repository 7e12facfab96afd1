"""Cold start: wall time of whole `etapp` processes, next to a bare interpreter."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Sample, fresh_app, remove_db, sqlite_url


def etapp_script() -> str:
    """The `etapp` console script installed next to this interpreter."""
    candidate = Path(sys.executable).with_name("etapp")
    if not candidate.exists():
        msg = f"no etapp script next to {sys.executable}: install the project (pip install -e .)"
        raise FileNotFoundError(msg)
    return str(candidate)


def commands(db_url: str) -> dict[str, list[str]]:
    etapp = etapp_script()
    return {
        "python": [sys.executable, "-c", "pass"],
        "help": [etapp, "--help"],
        "status": [etapp, "--db", db_url, "status"],
    }


def wall_ms(argv: list[str]) -> float:
    return run_ms(argv)[0]


def run_ms(argv: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of `argv`, in ms. On a busy
    machine the CPU time is the steadier of the two."""
    # Byte code may be written (an installed package has it): PYTHONDONTWRITEBYTECODE would
    # make every run compile etapp's own modules from source again.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ETAPP_") and k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                          text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [""])[-1]
        msg = f"{' '.join(argv)} exited {done.returncode}: {last}"
        raise RuntimeError(msg)
    wall = (time.perf_counter() - start) * 1e3
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3
    return wall, cpu


def measure(workdir: Path, repeats: int) -> dict[str, Sample]:
    """Median-able wall times (ms) of each command, and their CPU times (`<name>_cpu`);
    runs are interleaved, after one warm-up."""
    path = workdir / "coldstart.db"
    remove_db(path)
    fresh_app(sqlite_url(path)).close()
    argvs = commands(sqlite_url(path))
    samples = {name: Sample("ms") for name in argvs}
    samples.update({f"{name}_cpu": Sample("ms") for name in argvs})
    try:
        for argv in argvs.values():
            wall_ms(argv)
        for _ in range(repeats):
            for name, argv in argvs.items():
                wall, cpu = run_ms(argv)
                samples[name].add(wall)
                samples[f"{name}_cpu"].add(cpu)
    finally:
        remove_db(path)
    return samples
