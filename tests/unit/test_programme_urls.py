"""Where a programme lives: the URL of each programme beside the main database's."""

from __future__ import annotations

import os

import pytest

from engine.errors import DatabaseError
from engine.persistence.programmes import location_for, programme_url


def test_the_main_programme_is_the_url_itself():
    assert programme_url("sqlite:///office.db", None) == "sqlite:///office.db"


@pytest.mark.parametrize(("main", "location", "url"), [
    ("sqlite:///office.db", "office.eprescribe.db", "sqlite:///office.eprescribe.db"),
    ("sqlite:////srv/etapp/office.db", "office.eprescribe.db",
     "sqlite:////srv/etapp/office.eprescribe.db"),
    ("sqlite+pysqlite:///d/office.db", "office.x.db", "sqlite+pysqlite:///d/office.x.db"),
])
def test_on_sqlite_a_programme_is_a_file_beside_the_main_one(main, location, url):
    assert programme_url(main, location) == url


def test_the_file_is_named_after_the_main_file_and_the_id(tmp_path):
    assert location_for(f"sqlite:///{tmp_path}/office.db", "eprescribe") == "office.eprescribe.db"
    assert location_for(f"sqlite:///{tmp_path}/office", "ep-2") == "office.ep-2"
    assert os.listdir(tmp_path) == []  # naming it makes nothing


def test_sqlite_in_memory_has_no_room_for_a_second_programme():
    with pytest.raises(DatabaseError, match="need a database file"):
        location_for("sqlite://", "eprescribe")


def test_on_postgresql_a_programme_is_a_schema_on_the_search_path():
    url = programme_url("postgresql+psycopg://u:secret@h:5432/etapp", "public_eprescribe")
    assert url == ("postgresql+psycopg://u:secret@h:5432/etapp"
                   "?options=-csearch_path%3Dpublic_eprescribe")


def test_a_search_path_in_the_url_is_replaced_and_other_options_kept():
    main = ("postgresql+psycopg://u@h/etapp?connect_timeout=5"
            "&options=-cstatement_timeout%3D5000+-csearch_path%3Doffice")
    url = programme_url(main, "office_eprescribe")
    from sqlalchemy.engine import make_url

    query = make_url(url).query
    assert query["connect_timeout"] == "5"
    assert query["options"] == "-cstatement_timeout=5000 -csearch_path=office_eprescribe"


def test_a_schema_name_the_server_would_fold_is_quoted():
    url = programme_url("postgresql+psycopg://u@h/etapp", "Office_x")
    from sqlalchemy.engine import make_url

    assert make_url(url).query["options"] == '-csearch_path="Office_x"'
