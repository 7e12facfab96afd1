"""Deadlines and alerts: `deadlines [--all]`, `deadlines check`, `scheduler run`."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any

import click

from cli import render
from cli.context import AppContext, pass_app
from cli.errors import EXIT_CODES
from cli.params import SINCE
from engine.i18n import _

if TYPE_CHECKING:
    from engine.alerts.config import AlertConfig

JOB_TARGET = "cli.commands.deadlines:scheduled_check"
EXIT_UNDELIVERED = EXIT_CODES["undelivered"]

config_option = click.option(
    "--config", "config_file", envvar="ETAPP_CONFIG", metavar="FILE",
    help="TOML file with an [alerts] table (lead days, escalation, sinks); or ETAPP_CONFIG.")
now_option = click.option(
    "--now", type=SINCE, metavar="DATETIME",
    help="Evaluate at this instant instead of the clock (local time unless an offset is given).")


class ClockTime(click.ParamType[time]):
    name = "HH:MM"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> time:
        from engine.scheduling.apscheduler_adapter import parse_clock

        if isinstance(value, time):
            return value
        try:
            return parse_clock(str(value))
        except ValueError as e:
            self.fail(str(e), param, ctx)


def _alerting(config_file: str | None) -> AlertConfig:
    from engine.config import load_alerting

    return load_alerting(config_file)


def _level(level: str | None) -> str:
    return level or "-"


@click.group("deadlines", invoke_without_command=True)
@click.option("--all", "show_all", is_flag=True,
              help="Every open deadline, also those without an alert level yet (or paused).")
@now_option
@config_option
@click.pass_context
def deadlines_group(ctx: click.Context, show_all: bool, now: datetime | None,
                    config_file: str | None) -> None:
    """Open deadlines with their alert level (upcoming-N, due, overdue, escalated)."""
    if ctx.invoked_subcommand is not None:
        return
    from engine.services.alerting import list_deadlines

    ac = ctx.find_object(AppContext)
    assert ac is not None
    app, policy = ac.app(), _alerting(config_file).policy
    moment = now or app.clock()
    rows = list_deadlines(app, moment, policy=policy, include_all=show_all)
    if ac.json_output:
        render.emit_json({"now": moment.isoformat(), "deadlines": rows})
        return
    local = moment.astimezone(render.LOCAL_TZ).isoformat(timespec="minutes")
    render.table(_("deadlines at {time}").format(time=local),
                 [_("due"), _("level"), _("subject"), _("kind"), _("paused"), _("last alert")],
                 [(r["due"], _level(r["level"]), r["subject"], r["kind"],
                   r["paused_by"] or "", r["last_alert"] or "") for r in rows])


@deadlines_group.command("check")
@now_option
@config_option
@pass_app
def check_command(ac: AppContext, now: datetime | None, config_file: str | None) -> None:
    """Evaluate every deadline once and fire new alerts; never the same (deadline, level) twice."""
    from engine.alerts import build_sinks
    from engine.logconfig import get_logger
    from engine.services.alerting import check_deadlines

    config, app = _alerting(config_file), ac.app()
    moment = now or app.clock()
    result = check_deadlines(app, moment, policy=config.policy,
                             sinks=build_sinks(config, get_logger("etapp.alerts")))
    undelivered: list[dict[str, Any]] = [
        {"key": key, "sinks": sinks, "errors": [result.delivery[key][n] for n in sinks]}
        for key, sinks in sorted(result.failed.items())]
    incomplete = (f"{len(undelivered)} alert(s) recorded but not delivered to every sink; "
                  "the next check retries them")
    if ac.json_output:
        document: dict[str, Any] = {
            "now": moment.isoformat(), "evaluated": result.evaluated, "frozen": result.frozen,
            "fired": [f.to_json() for f in result.fired], "delivery": result.delivery,
            "failed": result.failed, "undelivered": undelivered}
        if undelivered:
            document["error"] = {"code": "undelivered", "message": incomplete}
        render.emit_json(document)
    else:
        for f in result.fired:
            to = f" → {f.escalate_to}" if f.escalate_to else ""
            render.line(_("fired {level} {subject} {kind} due {due}{to}").format(
                level=f"{f.level:<11}", subject=f"{f.subject:<14}", kind=f.kind, due=f.due_on,
                to=to))
        for u in undelivered:
            render.line(_("not delivered (retried at the next check): {key} via {sinks}").format(
                key=u["key"], sinks=", ".join(u["sinks"])))
        render.line(_("{fired} alert(s) fired; {evaluated} deadline(s) evaluated, "
                      "{frozen} frozen by a pause").format(
                          fired=len(result.fired), evaluated=result.evaluated,
                          frozen=result.frozen))
    if undelivered:
        # Exit 8 (README): the alerts stay recorded and owed, so cron or a monitor learns
        # that an escalation has not reached everyone yet.
        if not ac.json_output:
            click.echo(f"etapp: {incomplete}", err=True)
        click.get_current_context().exit(EXIT_UNDELIVERED)


@click.group("scheduler")
def scheduler_group() -> None:
    """Run the deadline check on a schedule."""


@scheduler_group.command("run")
@click.option("--at", "at", type=ClockTime(), default="07:00", show_default=True,
              help="Local time of the daily check (in the alert policy's time zone).")
@click.option("--no-catch-up", is_flag=True,
              help="Do not run a check at start; wait for the first daily run.")
@config_option
@pass_app
def scheduler_run_command(ac: AppContext, at: time, no_catch_up: bool,
                          config_file: str | None) -> None:
    """Run the deadline check every day at --at and once at start, until SIGINT/SIGTERM."""
    import logging

    from engine.logconfig import configure_logging
    from engine.scheduling.apscheduler_adapter import DailyJob, run_scheduler
    from engine.services.alerting import check_ready

    policy = _alerting(config_file).policy
    check_ready(ac.app())
    root = click.get_current_context().find_root()
    configure_logging(root.params.get("log_format") or "console", logging.INFO)
    url = ac.database_url()
    run_scheduler(url, DailyJob(JOB_TARGET, (url, config_file), at, policy.tz),
                  run_at_start=not no_catch_up)
    if ac.json_output:
        render.emit_json({"scheduler": "stopped"})


def scheduled_check(db_url: str, config_file: str | None = None) -> None:
    """
    Run one deadline check against ``db_url``: the job the scheduler stores by reference.

    The configuration is read on every run, so edits to the file or the
    environment's sink settings apply from the next check on.
    """
    import workflows
    from engine.alerts import build_sinks
    from engine.bootstrap import bootstrap
    from engine.logconfig import get_logger
    from engine.services.alerting import check_deadlines
    from engine.services.publishing import publish_configured

    log = get_logger("etapp.scheduler")
    config = _alerting(config_file)
    app = bootstrap(db_url, workflows.for_database)
    try:
        result = check_deadlines(app, app.clock(), policy=config.policy,
                                 sinks=build_sinks(config, get_logger("etapp.alerts")))
        done = log.warning if result.failed else log.info
        done("deadline_check_done" if not result.failed else "deadline_check_incomplete",
             evaluated=result.evaluated, frozen=result.frozen, fired=len(result.fired),
             failed=result.failed)
        # After the check, so the checkpoint also covers the alerts it recorded.
        published = publish_configured(app, config_file)
        if published is not None:
            log.info("checkpoint_published", **published)
    finally:
        app.close()


def register(root: click.Group) -> None:
    """Add this module's commands to the root group."""
    root.add_command(deadlines_group)
    root.add_command(scheduler_group)
