"""Run every measurement in one process (and its children) and collect the figures."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import (
    advance,
    biglog,
    bulk_import,
    coldstart,
    deadlines,
    show_probe,
    status_report,
    writers,
)
from bench.common import Sample, pg_reason, remove_db, sqlite_url

SECTIONS = ("advance", "audit", "deadlines", "report", "coldstart", "pg", "bulk", "writers",
            "signed")


@dataclass(frozen=True)
class Config:
    """Sizes and repeats; `quick()` and `full()` are the two documented presets."""

    advance_rounds: int = 7
    advance_steps: int | None = None  # None: the whole 294-command round
    log_events: int = 1_000_000
    log_subjects: int = 300
    audit_repeats: int = 3
    deadline_subjects: int = 100_000
    deadline_repeats: int = 3
    report_events: int = 10_000
    report_repeats: int = 5
    coldstart_repeats: int = 15
    pg_rounds: int = 5
    import_rows: int = 500
    import_repeats: int = 5
    writers_rounds: int = 3  # 16 PostgreSQL writers (bench/writers.py), etapp and baseline
    writers_per_writer: int = 20
    signed_events: int = 100_000  # verify of a fully signed log (issue 12)
    sections: tuple[str, ...] = SECTIONS

    @classmethod
    def full(cls) -> Config:
        return cls()

    @classmethod
    def quick(cls) -> Config:
        return cls(advance_rounds=3, log_events=100_000, audit_repeats=2, deadline_repeats=2,
                   report_repeats=3, coldstart_repeats=3, pg_rounds=2, import_repeats=2,
                   writers_rounds=2, writers_per_writer=10, signed_events=20_000)


Say = Callable[[str], None]


def _ratio_of_pairs(ours: Sample, theirs: Sample) -> float:
    """Median of per-round ratios: rounds run interleaved, so a pair shares machine load."""
    return statistics.median(a / b for a, b in zip(ours.values, theirs.values, strict=True))


def run_advance(cfg: Config, workdir: Path, say: Say, *, pg: bool = False) -> dict[str, Any]:
    label = "pg_" if pg else ""
    rounds = cfg.pg_rounds if pg else cfg.advance_rounds
    ours, theirs = Sample("commands/s"), Sample("commands/s")
    steps = None
    for i in range(rounds):
        for which, sample in (("etapp", ours), ("baseline", theirs)):
            if steps is None:
                import workflows

                steps = advance.plan(workflows.load())[:cfg.advance_steps]
            n, seconds = (advance.pg_round(which, steps) if pg
                          else advance.sqlite_round(workdir, which, steps))
            sample.add(n / seconds)
        say(f"{label}advance round {i + 1}/{rounds}: etapp {ours.values[-1]:.0f}/s, "
            f"baseline {theirs.values[-1]:.0f}/s")
    return {
        "figures": {f"{label}advance_ratio": _ratio_of_pairs(ours, theirs),
                    f"{label}advance_eps": ours.median, f"{label}baseline_eps": theirs.median},
        "details": {f"{label}advance_eps": ours.as_dict(),
                    f"{label}baseline_eps": theirs.as_dict(),
                    f"{label}advance_commands_per_round": len(steps or [])},
    }


def _probe(kind: str, url: str, events: int) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "bench.audit_probe", kind, url, str(events)],
                         check=True, capture_output=True, text=True, env=_child_env())
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _child_env() -> dict[str, str]:
    root = str(Path(__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{path}" if path else root}


def run_audit(cfg: Config, workdir: Path, say: Say) -> dict[str, Any]:
    sizes = {"small": max(cfg.log_events // 10, 1), "large": cfg.log_events}
    subjects = {"small": min(cfg.log_subjects, max(sizes["small"] // 10, 2)),
                "large": min(cfg.log_subjects, max(sizes["large"] // 10, 2))}
    logs: dict[str, tuple[str, int]] = {}
    for size, n in sizes.items():
        path = workdir / f"log-{size}.db"
        start = time.perf_counter()
        count = biglog.build_log(path, n, subjects=subjects[size])
        logs[size] = (sqlite_url(path), count)
        say(f"built a log of {count:,} events in {time.perf_counter() - start:.1f} s")
    samples = {f"{k}_{m}_{s}": Sample(u) for k in ("verify", "replay") for s in sizes
               for m, u in (("eps", "events/s"), ("peak_mb", "MB"), ("growth_mb", "MB"))}
    impl, sound = set(), True
    try:
        for i in range(cfg.audit_repeats):
            for size, (url, count) in logs.items():
                for kind in ("verify", "replay"):
                    r = _probe(kind, url, count)
                    impl.add(r["impl"])
                    sound = sound and bool(r["ok"])
                    samples[f"{kind}_eps_{size}"].add(r["eps"])
                    samples[f"{kind}_peak_mb_{size}"].add(r["peak_mb"])
                    samples[f"{kind}_growth_mb_{size}"].add(r["peak_mb"] - r["rss_before_mb"])
            say(f"audit repeat {i + 1}/{cfg.audit_repeats}: verify "
                f"{samples['verify_eps_large'].values[-1]:,.0f}/s, replay "
                f"{samples['replay_eps_large'].values[-1]:,.0f}/s")
        shown: dict[str, Any] = {"figures": {}, "details": {}}
        if cfg.coldstart_repeats:  # whole processes, as cold start: none in a toy run
            shown = show_probe.measure(logs["large"][0], logs["small"][0], cfg.audit_repeats)
            say(f"show on {logs['large'][1]:,} events: {shown['figures']['show_ms']:.0f} ms "
                f"(service call {shown['figures']['show_service_ms']:.1f} ms)")
    finally:
        for size in sizes:
            remove_db(workdir / f"log-{size}.db")
    figures: dict[str, Any] = {}
    for kind in ("verify", "replay"):
        figures[f"{kind}_eps"] = samples[f"{kind}_eps_large"].median
        figures[f"{kind}_peak_mb"] = samples[f"{kind}_peak_mb_large"].median
        figures[f"{kind}_eps_small"] = samples[f"{kind}_eps_small"].median
        figures[f"{kind}_peak_mb_small"] = samples[f"{kind}_peak_mb_small"].median
        figures[f"{kind}_growth_mb"] = samples[f"{kind}_growth_mb_large"].median
        figures[f"{kind}_growth_mb_small"] = samples[f"{kind}_growth_mb_small"].median
    figures.update(shown["figures"])
    figures["log_events"] = logs["large"][1]
    figures["log_events_small"] = logs["small"][1]
    details = {**{k: v.as_dict() for k, v in samples.items()}, **shown["details"]}
    return {"figures": figures, "details": details,
            "notes": {"audit_impl": sorted(impl), "audit_clean": sound}}


def run_deadlines(cfg: Config, workdir: Path, say: Say) -> dict[str, Any]:
    template = workdir / "deadlines-template.db"
    start = time.perf_counter()
    deadlines.build_subjects(template, cfg.deadline_subjects)
    say(f"built {cfg.deadline_subjects:,} subjects in {time.perf_counter() - start:.1f} s")
    first, second = Sample("s"), Sample("s")
    runs = []
    try:
        for i in range(cfg.deadline_repeats):
            r = deadlines.measure(template, workdir)
            runs.append(r)
            first.add(r["first_s"])
            second.add(r["second_s"])
            say(f"deadline check {i + 1}/{cfg.deadline_repeats}: {r['first_s']:.2f} s "
                f"({r['alerts']} alerts), again {r['second_s']:.2f} s")
    finally:
        remove_db(template)
    return {
        "figures": {"deadline_check_s": first.median, "deadline_recheck_s": second.median,
                    "deadline_alerts": runs[-1]["alerts"],
                    "deadline_subjects": cfg.deadline_subjects},
        "details": {"deadline_check_s": first.as_dict(), "deadline_recheck_s": second.as_dict()},
        "notes": {"deadline_impl": runs[-1]["impl"]},
    }


def run_report(cfg: Config, say: Say) -> dict[str, Any]:
    """The §7.1 status report for 54 subjects and `report_events` events, per format."""
    r = status_report.measure(cfg.report_events, cfg.report_repeats)
    say("status report: " + ", ".join(f"{f} {r[f]['median_s']:.3f} s"
                                      for f in status_report.FORMATS)
        + f" ({r['subjects']} subjects, {r['events']:,} events)")
    figures: dict[str, Any] = {f"report_{f}_s": r[f]["median_s"] for f in status_report.FORMATS}
    figures.update(report_events=r["events"], report_subjects=r["subjects"])
    details = {f"report_{f}_s": {"unit": "s", "n": r[f]["n"], "min": r[f]["min_s"],
                                 "median": r[f]["median_s"], "max": r[f]["max_s"],
                                 "values": r[f]["values"]} for f in status_report.FORMATS}
    return {"figures": figures, "details": details}


def run_coldstart(cfg: Config, workdir: Path, say: Say) -> dict[str, Any]:
    samples = coldstart.measure(workdir, cfg.coldstart_repeats)
    say("cold start: " + ", ".join(f"{k} {v.median:.0f} ms" for k, v in samples.items()))
    figures: dict[str, Any] = {f"{k}_ms": v.median for k, v in samples.items()}
    details = {f"{k}_ms": v.as_dict() for k, v in samples.items()}
    if samples["python"].values:
        # Runs are interleaved, so each --help shares its machine load with one bare interpreter.
        figures["help_ratio"] = _ratio_of_pairs(samples["help"], samples["python"])
    return {"figures": figures, "details": details}


def run_bulk(cfg: Config, workdir: Path, say: Say) -> dict[str, Any]:
    result = bulk_import.measure(workdir, cfg.import_rows, cfg.import_repeats)
    figures = result["figures"]
    say(f"import of {cfg.import_rows} rows: CLI {figures['import_cli_s']:.2f} s, service "
        f"{figures['import_service_s']:.2f} s")
    return result


def run_signed(cfg: Config, workdir: Path, say: Say) -> dict[str, Any]:
    """`verify` of a log whose every event is signed, next to one Ed25519 check alone."""
    from bench import signatures
    from engine.services.fast_verify import workers

    floor = signatures.ed25519_floor()
    r = signatures.verify_signed(workdir, cfg.signed_events, 2)
    say(f"signed verify of {r['events']:,} events: {r['verify_eps']:,.0f}/s "
        f"(one Ed25519 check {floor['verify_us']:.0f} µs)")
    return {"figures": {"verify_signed_eps": r["verify_eps"], "verify_signed_events": r["events"],
                        "ed25519_verify_us": floor["verify_us"],
                        "ed25519_one_core_eps": floor["ceiling_eps"],
                        "verify_workers": workers()},
            "details": {"verify_signed_eps": Sample("events/s", r["verify_eps_all"]).as_dict()}}


def environment() -> dict[str, Any]:
    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(), "loadavg": os.getloadavg(), "platform": platform.platform(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}


def run_all(cfg: Config, workdir: Path, say: Say = lambda _m: None) -> dict[str, Any]:
    """Every selected section; returns {"figures", "details", "notes", "config", "env"}."""
    out: dict[str, Any] = {"figures": {}, "details": {}, "notes": {}, "config": asdict(cfg),
                           "env": environment()}
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("advance", lambda: run_advance(cfg, workdir, say)),
        ("audit", lambda: run_audit(cfg, workdir, say)),
        ("deadlines", lambda: run_deadlines(cfg, workdir, say)),
        ("report", lambda: run_report(cfg, say)),
        ("coldstart", lambda: run_coldstart(cfg, workdir, say)),
        ("pg", lambda: run_advance(cfg, workdir, say, pg=True)),
        ("bulk", lambda: run_bulk(cfg, workdir, say)),
        ("writers", lambda: writers.measure(writers.WRITERS, cfg.writers_per_writer,
                                            cfg.writers_rounds, say)),
        ("signed", lambda: run_signed(cfg, workdir, say)),
    ]
    for name, step in steps:
        if name not in cfg.sections:
            continue
        if name in ("pg", "writers") and (reason := pg_reason()) is not None:
            out["notes"][name] = f"skipped: no PostgreSQL server answers ({reason})"
            say(out["notes"][name])
            continue
        result = step()
        for key in ("figures", "details", "notes"):
            out[key].update(result.get(key, {}))
    out["env"]["loadavg_end"] = os.getloadavg()
    return out
