"""`etapp actor add|grant|revoke|list`: several roles per actor, an administrator's task (§5.8)."""

from __future__ import annotations

import pytest
from etapp_testing import cli_event_count as events
from etapp_testing import cli_json as run


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/actors.db"
    run(url, "init")
    run(url, "actor", "add", "adam", "--role", "administrator")
    run(url, "actor", "add", "kontoret", "--role", "programkontor", actor="adam")
    run(url, "actor", "add", "anna", "--role", "huvudprojektledare", actor="adam")
    return url


def actors(db: str) -> dict[str, dict]:
    return {a["name"]: a for a in run(db, "actor", "list")["actors"]}


def test_an_actor_registered_with_several_roles_sits_in_their_bodies(db):
    out = run(db, "actor", "add", "dora", "--role", "projektagare", "--role", "chefsgrupp",
              actor="adam")
    assert out["actor"]["roles"] == ["projektagare", "chefsgrupp"]
    assert actors(db)["dora"]["bodies"] == ["chefsgrupp"]


def test_grant_and_revoke_are_events_and_replay_agrees(db):
    before = events(db)
    granted = run(db, "actor", "grant", "anna", "--role", "chefsgrupp", actor="adam")["event"]
    assert (granted["type"], granted["subject"], granted["role"]) == (
        "ActorRoleGranted", "actor:anna", "administrator")
    assert actors(db)["anna"]["roles"] == ["huvudprojektledare", "chefsgrupp"]
    assert actors(db)["anna"]["bodies"] == ["chefsgrupp"]
    run(db, "actor", "revoke", "anna", "--role", "chefsgrupp", actor="adam")
    assert actors(db)["anna"]["roles"] == ["huvudprojektledare"]
    assert events(db) == before + 2
    replay = run(db, "replay")
    assert replay["ok"] is True and replay["actors"] == 3


def test_a_scoped_role_granted_with_its_municipality(db):
    run(db, "actor", "grant", "anna", "--role", "projektledare", "--scope", "Borås", actor="adam")
    assert actors(db)["anna"]["scope"] == "boras"
    run(db, "actor", "revoke", "anna", "--role", "projektledare", actor="adam")
    assert actors(db)["anna"]["scope"] is None
    assert run(db, "replay")["ok"] is True


@pytest.mark.parametrize(("args", "actor", "code", "error"), [
    (["grant", "anna", "--role", "chefsgrupp"], "kontoret", 4, "forbidden"),
    (["grant", "anna", "--role", "chefsgrupp"], "anna", 4, "forbidden"),
    (["add", "eve", "--role", "revisor"], "kontoret", 4, "forbidden"),
    (["grant", "anna", "--role", "kung"], "adam", 2, "invalid"),
    (["grant", "anna", "--role", "huvudprojektledare"], "adam", 5, "conflict"),
    (["revoke", "anna", "--role", "chefsgrupp"], "adam", 5, "conflict"),
    (["grant", "nobody", "--role", "chefsgrupp"], "adam", 6, "not_found"),
    (["grant", "anna", "--role", "projektledare"], "adam", 2, "invalid"),
    (["grant", "anna", "--role", "chefsgrupp", "--scope", "boras"], "adam", 2, "invalid"),
    (["revoke", "adam", "--role", "administrator"], "adam", 3, "guard"),
    (["add", "eve"], "adam", 2, "usage"),
])
def test_refused_role_changes_write_nothing(db, args, actor, code, error):
    before = events(db)
    out = run(db, "actor", *args, actor=actor, code=code)
    assert out["error"]["code"] == error
    assert "\n" not in out["error"]["message"]
    assert events(db) == before


def test_the_programme_office_no_longer_administers_actors(db):
    out = run(db, "actor", "add", "eve", "--role", "revisor", actor="kontoret", code=4)
    assert "allowed roles: administrator" in out["error"]["message"]
