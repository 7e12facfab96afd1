"""Several programmes in one database: Millennium and e-prescribing side by side, through the
CLI, on an SQLite file and on PostgreSQL (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from etapp_testing import PG_ADMIN_URL, cli_json

from cli.main import cli


@pytest.fixture
def office(db_url: str) -> Iterator[str]:
    """A database whose main programme runs Millennium, with e-prescribing added beside it;
    on PostgreSQL every schema the test made is dropped afterwards."""
    assert cli_json(db_url, "init")["initialised"] is True
    added = cli_json(db_url, "init", "--programme", "eprescribe", "--workflow", "eprescribe")
    assert added["initialised"] is True and added["programme"] == "eprescribe"
    cli_json(db_url, "actor", "add", "kansliet", "--role", "administrator")
    for name, role in (("ada", "admin"), ("cora", "coordinator"), ("sam", "sponsor")):
        cli_json(db_url, "--programme", "eprescribe", "actor", "add", name, "--role", role,
                 *(("--actor", "ada") if name != "ada" else ()))
    try:
        yield db_url
    finally:
        if db_url.startswith("postgresql"):
            _drop_programme_schemas(db_url)


def _drop_programme_schemas(url: str) -> None:
    import psycopg

    main = url.rsplit("%3D", 1)[1]
    with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        for (schema,) in conn.execute("SELECT nspname FROM pg_namespace WHERE "
                                      "starts_with(nspname, %s)", (main + "_",)).fetchall():
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _heads(db: str) -> dict[str, tuple[int, str]]:
    return {p["id"]: (p["events"], p["head"]) for p in cli_json(db, "programmes")["programmes"]}


def _error(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def test_each_programme_has_its_own_workflow_log_and_head(office):
    listed = cli_json(office, "programmes")["programmes"]
    assert [(p["id"], p["main"], p["workflow"].split("@")[0], p["subjects"]) for p in listed] == [
        ("millennium", True, "millennium", 54), ("eprescribe", False, "eprescribe", 11)]
    assert listed[0]["title"] == "Program Millennium Option 1 (VästKom)"
    assert listed[1]["phases"] == {"prepare": 11, "cutover": 0, "live": 0}
    assert listed[0]["head"] != listed[1]["head"]
    assert listed[0]["events"] == 55 and listed[1]["events"] == 14  # subjects and actors
    assert len(cli_json(office, "status")["subjects"]) == 54  # without --programme: as ever
    assert len(cli_json(office, "--programme", "eprescribe", "status")["subjects"]) == 11


def test_advancing_in_one_programme_leaves_the_other_untouched(office):
    before = _heads(office)
    epr = ("--programme", "epr")  # a unique prefix selects
    cli_json(office, *epr, "evidence", "add", "programme", "charter-signed", "--ref", "C-1",
             actor="sam")
    cli_json(office, *epr, "evidence", "add", "pilot", "wave-plan", actor="cora")
    assert cli_json(office, *epr, "advance", "pilot", actor="cora")["to"] == "cutover"
    after = _heads(office)
    assert after["millennium"] == before["millennium"]
    assert after["eprescribe"][0] == before["eprescribe"][0] + 3
    phases = {s["id"]: s["phase"] for s in cli_json(office, "status")["subjects"]}
    assert set(phases.values()) == {"initiera"}
    for selected in (("--programme", "mil"), ("--programme", "eprescribe")):
        assert cli_json(office, *selected, "verify")["ok"] is True
        assert cli_json(office, *selected, "replay")["ok"] is True


def test_verify_finds_tampering_in_one_programme_only(office):
    from sqlalchemy import create_engine, text

    from engine.programmes import programme_database

    url = programme_database(office, "eprescribe")
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER event_no_update"))
        else:
            conn.execute(text("ALTER TABLE event DISABLE TRIGGER event_no_update"))
        conn.execute(text("UPDATE event SET actor = 'mallory' WHERE seq = 3"))
    engine.dispose()
    tampered = cli_json(office, "--programme", "eprescribe", "verify", code=7)
    assert any(p["seq"] == 3 for p in tampered["problems"])
    assert cli_json(office, "verify")["ok"] is True
    assert cli_json(office, "--programme", "millennium", "replay")["ok"] is True


def test_status_across_programmes_shows_each(office):
    across = cli_json(office, "status", "--all-programmes")["programmes"]
    assert [(p["id"], len(p["subjects"])) for p in across] == [("millennium", 54),
                                                                ("eprescribe", 11)]
    assert {s["phase"] for s in across[1]["subjects"]} == {"prepare"}
    shown = CliRunner().invoke(cli, ["--db", office, "status", "--all-programmes"])
    assert shown.exit_code == 0
    assert "etapp status — programme millennium: Program Millennium" in shown.stdout
    assert "etapp status — programme eprescribe: E-prescribing" in shown.stdout


def test_an_unknown_or_ambiguous_programme_is_one_line_exit_2_and_writes_nothing(office):
    cli_json(office, "init", "--programme", "epi", "--workflow", "eprescribe")
    before = _heads(office)
    for wanted, says in (("nope", "unknown programme 'nope'"),
                         ("ep", "programme 'ep' is ambiguous")):
        code, err = _error(office, "--programme", wanted, "--actor", "kansliet",
                           "actor", "add", "x", "--role", "administrator")
        assert code == 2
        assert err.count("\n") == 1 and says in err
        assert "known programmes: epi, eprescribe, millennium" in err
        error = cli_json(office, "--programme", wanted, "status", code=2)["error"]
        assert error["code"] == "invalid"
    assert _heads(office) == before


def test_the_environment_selects_a_programme_too(office, monkeypatch):
    monkeypatch.setenv("ETAPP_PROGRAMME", "epr")
    assert len(cli_json(office, "status")["subjects"]) == 11


def test_init_again_on_a_programme_changes_nothing(office):
    before = _heads(office)
    again = cli_json(office, "init", "--programme", "epr")
    assert again["initialised"] is False and again["workflow"] == "eprescribe"
    assert cli_json(office, "init")["initialised"] is False
    assert _heads(office) == before


def test_a_programme_is_added_only_to_an_initialised_database(tmp_path):
    db = f"sqlite:///{tmp_path}/office.db"
    code, err = _error(db, "init", "--programme", "eprescribe", "--workflow", "eprescribe")
    assert code == 2 and "run `etapp init` first" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("args", "says"), [
    (("--programme", "E_Presc", "init", "--workflow", "eprescribe"), "programme id 'E_Presc'"),
    (("--programme", "other", "init"), "unknown programme 'other'"),
])
def test_a_bad_new_programme_writes_nothing(tmp_path, args, says):
    db = f"sqlite:///{tmp_path}/office.db"
    cli_json(db, "init")
    before = sorted(p.name for p in tmp_path.iterdir())
    code, err = _error(db, *args)
    assert code == 2 and says in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_on_sqlite_each_programme_is_a_file_with_its_own_log_key(tmp_path, monkeypatch):
    monkeypatch.delenv("ETAPP_LOG_KEY")
    monkeypatch.chdir(tmp_path)
    cli_json("sqlite:///office.db", "init")
    out = cli_json("sqlite:///office.db", "init", "--programme", "eprescribe", "--workflow",
                   "eprescribe")
    assert out["log_key"] == "office.eprescribe.db.logkey"
    assert {"office.db", "office.db.logkey", "office.eprescribe.db",
            "office.eprescribe.db.logkey"} <= {p.name for p in Path(tmp_path).iterdir()}


def test_a_database_made_before_programmes_is_its_one_programme(tmp_path):
    db = f"sqlite:///{tmp_path}/old.db"
    cli_json(db, "init", "--workflow", "eprescribe")
    [only] = cli_json(db, "programmes")["programmes"]
    assert (only["id"], only["main"], only["events"]) == ("eprescribe", True, 11)
    assert len(cli_json(db, "--programme", "e", "status")["subjects"]) == 11


def test_a_programme_whose_init_fails_leaves_nothing_behind(db_url):
    import workflows
    from engine.persistence.programmes import location_for
    from engine.programmes import init_programme, programmes
    from engine.services.handlers import init_workflow

    cli_json(db_url, "init")

    def crash_after_init(app, sources):
        init_workflow(app, sources)
        raise KeyboardInterrupt

    definition, sources = workflows.load_for_init("eprescribe")
    try:
        with pytest.raises(KeyboardInterrupt):
            init_programme(db_url, "eprescribe", definition, sources,
                           loader=workflows.for_database, init=crash_after_init)
        assert [p.id for p in programmes(db_url)] == ["millennium"]
        location = location_for(db_url, "eprescribe")
        if db_url.startswith("sqlite"):
            folder = Path(db_url.removeprefix("sqlite:///")).parent
            assert not (folder / location).exists()
        else:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg://",
                                                      "postgresql://")) as conn:
                assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s",
                                    (location,)).fetchall() == []
        cli_json(db_url, "init", "--programme", "eprescribe", "--workflow", "eprescribe")
        assert [p.id for p in programmes(db_url)] == ["millennium", "eprescribe"]
    finally:
        if db_url.startswith("postgresql"):
            _drop_programme_schemas(db_url)
