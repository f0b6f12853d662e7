"""Database sources on real servers: the same customer table as a CSV, from SQLite, from
PostgreSQL and from MariaDB gives the same findings; sessions are read-only; errors name
the database; the password never reaches an output."""

from __future__ import annotations

import datetime
import json
import random

import pandas as pd
import pytest
import sqlalchemy as sa

from . import db_servers
from workbench.cli import main
from workbench.io.database import PASSWORD_ENV, Database, DatabaseError, DatabaseSource
from workbench.pii import scan_paths

TODAY = datetime.date(2026, 11, 23)
MEMBERS = "xinyuan_trading/data/members_gb18030.csv"


@pytest.fixture(scope="module")
def members(tmp_path_factory) -> tuple[pd.DataFrame, object]:
    """The sample members table (cell texts) and a UTF-8 CSV of it."""
    from .conftest import SAMPLES

    frame = pd.read_csv(SAMPLES / MEMBERS, encoding="gb18030", dtype=str, keep_default_na=False)
    path = tmp_path_factory.mktemp("csv") / "members.csv"
    frame.to_csv(path, index=False)
    return frame, path


def _birthdays(n: int) -> list[datetime.date]:
    rnd = random.Random(7)
    return [datetime.date(rnd.randint(1950, 1999), rnd.randint(1, 12), rnd.randint(1, 28)) for _ in range(n)]


def load(url: str, frame: pd.DataFrame) -> None:
    """The members table with typed columns (积分 an integer, empty remarks NULL; rows are
    numbered in primary-key order, the CSV's order), and a
    table ``kehu`` whose unnamed date columns differ only by a comment."""
    engine = sa.create_engine(url)
    meta = sa.MetaData()
    columns = [
        sa.Column(c, sa.Integer if c == "积分" else sa.String(200), primary_key=c == "会员号") for c in frame.columns
    ]
    members = sa.Table("members", meta, *columns)
    kehu = sa.Table("kehu", meta, sa.Column("d1", sa.Date, comment="出生日期"), sa.Column("d2", sa.Date))
    secret = sa.Table("secret", meta, sa.Column("note", sa.String(50)))
    meta.create_all(engine)
    rows = [{c: (int(v) if c == "积分" else (v or None)) for c, v in r.items()} for r in frame.to_dict("records")]
    days = _birthdays(200)
    with engine.begin() as connection:
        connection.execute(members.insert(), rows)
        connection.execute(kehu.insert(), [{"d1": d, "d2": d} for d in days])
        connection.execute(secret.insert(), [{"note": "internal"}])
    engine.dispose()


@pytest.fixture(scope="module")
def postgres(members):
    if db_servers.postgres_bin() is None:
        pytest.skip("PostgreSQL is not installed (scripts/system-deps.sh installs it)")
    with db_servers.postgres() as server:
        load(server.admin_url, members[0])
        engine = sa.create_engine(server.admin_url)
        with engine.begin() as connection:  # an account that may read members only
            connection.execute(sa.text(f"CREATE ROLE limited LOGIN PASSWORD '{db_servers.PASSWORD}'"))
            connection.execute(sa.text("GRANT SELECT ON members, kehu TO limited"))
        engine.dispose()
        yield server


@pytest.fixture(scope="module")
def mariadb(members):
    if db_servers.mariadb_bin() is None:
        pytest.skip("MariaDB is not installed (scripts/system-deps.sh installs it)")
    with db_servers.mariadb() as server:
        load(server.admin_url, members[0])
        yield server


@pytest.fixture(scope="module")
def sqlite_db(members, tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "shop.db"
    load(f"sqlite:///{path}", members[0])
    return path


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, db_servers.PASSWORD)


def _scan(source):
    spans = []
    result = scan_paths([source], on_span=spans.append, today=TODAY)
    assert not result.errors, [f.error for f in result.errors]
    return result, spans


def _members_only(result, spans, sheet):
    columns = [
        {k: v for k, v in c.to_dict().items() if k not in ("file", "sheet")} for c in result.columns if c.sheet == sheet
    ]
    found = [{k: v for k, v in s.items() if k not in ("file", "sheet")} for s in spans if s["sheet"] == sheet]
    return columns, found


@pytest.mark.slow
def test_csv_sqlite_postgres_mariadb_give_identical_findings(members, sqlite_db, postgres, mariadb, password):
    csv_result, csv_spans = _scan(str(members[1]))
    expected = _members_only(csv_result, csv_spans, None)
    assert expected[1] and any(c["entity"] == "CN_MOBILE_PHONE" for c in expected[0])
    for source, database, sheet in (
        (f"sqlite:///{sqlite_db}", "shop.db", "main.members"),
        (postgres.url, "shop", "public.members"),
        (mariadb.url, "shop", "shop.members"),
    ):
        result, spans = _scan(source)
        assert result.files[0].name == database
        assert {t.sheet for t in result.files[0].tables} >= {sheet, sheet.replace("members", "kehu")}
        assert [t.rows for t in result.files[0].tables if t.sheet == sheet] == [len(members[0])]
        columns, found = _members_only(result, spans, sheet)
        assert columns == expected[0], source
        assert found == expected[1], source
        assert {s["file"] for s in spans} == {database}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["sqlite", "postgres", "mariadb"])
def test_a_write_through_the_scan_connection_fails(kind, request, password):
    source = {
        "sqlite": lambda: f"sqlite:///{request.getfixturevalue('sqlite_db')}",
        "postgres": lambda: request.getfixturevalue("postgres").url,
        "mariadb": lambda: request.getfixturevalue("mariadb").url,
    }[kind]()
    with Database(source) as database, database.connect() as connection:
        before = connection.execute(sa.text("SELECT COUNT(*) FROM members")).scalar()
        with pytest.raises(sa.exc.DBAPIError, match="(?i)read.only|readonly"):
            connection.execute(sa.text("UPDATE members SET 备注 = 'x'"))
            connection.commit()
    with Database(source) as database, database.connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM members")).scalar() == before
        assert connection.execute(sa.text("SELECT COUNT(*) FROM members WHERE 备注 = 'x'")).scalar() == 0


@pytest.mark.slow
def test_a_column_comment_is_context_like_a_header(postgres, password):
    result = scan_paths([DatabaseSource(postgres.url, tables=("kehu",))], today=TODAY)
    kinds = {c.column: c.entity for c in result.columns}
    assert kinds == {"d1": "DATE_OF_BIRTH", "d2": None}  # same dates; only d1 is commented 出生日期


@pytest.mark.slow
def test_patterns_choose_tables(postgres, password):
    source = DatabaseSource(postgres.url, tables=("public.*",), exclude_tables=("kehu", "sec*"))
    result = scan_paths([source], today=TODAY)
    assert [t.sheet for t in result.files[0].tables] == ["public.members"]


@pytest.mark.slow
def test_permission_denied_on_a_table_is_listed_and_the_scan_goes_on(postgres, password):
    url = postgres.url.replace("scan@", "limited@")
    result = scan_paths([url], today=TODAY)
    info = result.files[0]
    assert info.error is None
    by_sheet = {t.sheet: t for t in info.tables}
    assert by_sheet["public.members"].rows == 4000
    assert by_sheet["public.secret"].rows == 0
    assert "permission denied" in by_sheet["public.secret"].warnings[0]
    assert "无权读取" in by_sheet["public.secret"].warnings[0]


@pytest.mark.slow
def test_connection_errors_name_the_database(postgres, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    result = scan_paths([postgres.url], today=TODAY)
    assert "authentication failed" in result.files[0].error and result.files[0].path == postgres.url
    closed = postgres.url.replace(f":{postgres.port}/", f":{db_servers._free_port()}/")
    assert "cannot connect" in scan_paths([closed]).files[0].error


def test_missing_sqlite_file_and_password_in_url_are_refused(tmp_path):
    with pytest.raises(DatabaseError, match="no such SQLite"):
        Database(f"sqlite:///{tmp_path / 'none.db'}")
    with pytest.raises(DatabaseError, match="password in the URL") as caught:
        Database("postgresql://scan:hunter2@127.0.0.1/shop")
    assert "hunter2" not in str(caught.value)


def test_sqlite_file_is_not_modified(sqlite_db):
    import hashlib

    before = sqlite_db.read_bytes()
    result = scan_paths([f"sqlite:///{sqlite_db}"], today=TODAY)
    assert sqlite_db.read_bytes() == before
    assert (result.files[0].size, result.files[0].sha256) == (len(before), hashlib.sha256(before).hexdigest())
    assert not list(sqlite_db.parent.glob("*-journal")) and not list(sqlite_db.parent.glob("*-wal"))


@pytest.mark.slow
def test_cli_scan_of_a_server_never_writes_the_password(postgres, password, tmp_path, capsys):
    outputs = [tmp_path / "scan.json", tmp_path / "spans.jsonl", tmp_path / "columns.jsonl"]
    status = main(
        [
            "scan",
            postgres.url,
            "--json-out",
            str(outputs[0]),
            "--spans-out",
            str(outputs[1]),
            "--columns-out",
            str(outputs[2]),
        ]
    )
    printed = capsys.readouterr()
    assert status == 0, printed.err
    assert "public.members" in printed.out
    for text in [printed.out, printed.err] + [p.read_text("utf-8") for p in outputs]:
        assert db_servers.PASSWORD not in text
    saved = json.loads(outputs[0].read_text("utf-8"))
    assert saved["files"][0]["path"] == postgres.url
    # a password in the URL is refused, and not echoed
    status = main(["scan", postgres.admin_url, "-q"])
    printed = capsys.readouterr()
    assert status == 1 and "password in the URL" in printed.err
    assert db_servers.PASSWORD not in printed.out + printed.err


@pytest.mark.slow
def test_sql_dumps_give_the_same_findings_without_a_server(members, postgres, mariadb, tmp_path):
    """Dumps made by the servers' own tools (pg_dump plain COPY and INSERT forms,
    mariadb-dump) scanned as files."""
    import os
    import shutil
    import subprocess

    csv_result, csv_spans = _scan(str(members[1]))
    expected = _members_only(csv_result, csv_spans, None)
    env = {**os.environ, "PGPASSWORD": db_servers.PASSWORD, "MYSQL_PWD": db_servers.PASSWORD}
    pg_dump = [
        str(db_servers.postgres_bin() / "pg_dump"),
        "-h",
        "127.0.0.1",
        "-p",
        str(postgres.port),
        "-U",
        "scan",
        "-d",
        "shop",
    ]
    dumps = {
        "pg_copy.sql": pg_dump,
        "pg_inserts.sql": pg_dump + ["--inserts"],
        "maria.sql": [
            shutil.which("mariadb-dump") or "mysqldump",
            "-h",
            "127.0.0.1",
            "-P",
            str(mariadb.port),
            "-u",
            "scan",
            "shop",
        ],
    }
    for name, command in dumps.items():
        path = tmp_path / name
        path.write_bytes(subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout)
        result, spans = _scan(str(path))
        sheet = "shop.members" if name == "maria.sql" else "public.members"
        assert {t.sheet for t in result.files[0].tables} == {
            sheet,
            sheet.replace("members", "kehu"),
            sheet.replace("members", "secret"),
        }, name
        columns, found = _members_only(result, spans, sheet)
        assert columns == expected[0], name
        # a dump holds the rows in the server's physical order (pg_dump does not sort by key)
        assert _unnumbered(found) == _unnumbered(expected[1]), name


def _unnumbered(spans):
    return sorted(tuple(sorted((k, v) for k, v in s.items() if k != "row")) for s in spans)


@pytest.mark.slow
def test_postgres_copy_stream_and_cursor_give_the_same_cell_texts(postgres, password):
    """Plain tables stream through COPY … TO STDOUT (fast); others through a named cursor."""
    with Database(postgres.url) as database:
        tables = {t.sheet: t for t in database.tables()}
        for sheet in ("public.members", "public.kehu"):
            table = tables[sheet]
            key = ["会员号"] if table.name == "members" else []
            copied = pd.concat(list(database._chunker(table.schema, table.name, table.columns, key, copy=True)()))
            fetched = pd.concat(list(database._chunker(table.schema, table.name, table.columns, key, copy=False)()))
            assert len(copied) > 0 and copied.reset_index(drop=True).equals(fetched.reset_index(drop=True)), sheet


@pytest.mark.slow
@pytest.mark.parametrize("copy", [False, True])
def test_a_lost_connection_resumes_after_the_rows_already_read(postgres, password, monkeypatch, copy):
    """The server ends the scan's session between two chunks (pg_terminate_backend): the
    table is read again from the next row, in key order, and nothing is lost or doubled.
    The table is larger than the socket buffers, so COPY's rows are not all received yet."""
    import workbench.io.database as database_module
    import workbench.io.readers as readers_module

    monkeypatch.setattr(database_module, "CHUNK_ROWS", 500)
    monkeypatch.setattr(readers_module, "CHUNK_ROWS", 500)
    waits = []
    monkeypatch.setattr(database_module.time, "sleep", waits.append)
    admin = sa.create_engine(postgres.admin_url)
    with admin.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE lost AS SELECT g AS id, repeat(md5(g::text), 8) AS note "
                "FROM generate_series(1, 60000) AS g"
            )
        )
        connection.execute(sa.text("ALTER TABLE lost ADD PRIMARY KEY (id)"))
    try:
        with Database(postgres.url) as database:
            lost = next(t for t in database.tables() if t.name == "lost")
            chunks = database._chunker(lost.schema, lost.name, lost.columns, ["id"], copy=copy)
            expected = pd.concat(list(chunks())).reset_index(drop=True)
            stream = chunks()
            first = next(stream)
            with admin.begin() as connection:
                ended = connection.execute(
                    sa.text(
                        "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE application_name = 'workbench-scan' AND state <> 'idle'"
                    )
                ).scalar()
            rest = list(stream)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text("DROP TABLE lost"))
        admin.dispose()
    assert ended == 1 and waits == [1]  # one retry, one second after the loss
    got = pd.concat([first, *rest]).reset_index(drop=True)
    assert len(got) == 60000 and got.equals(expected)


@pytest.mark.slow
def test_sample_clinic_database_on_two_cores_and_on_dask_equals_inline(samples, monkeypatch):
    """The SQLite sample company through company.yaml; chunks go to the pool / the Dask
    workers as a file's do, with identical results."""
    import workbench.io.database as database_module
    from workbench.assessment import Company

    pytest.importorskip("distributed")
    monkeypatch.setattr(database_module, "CHUNK_ROWS", 300)  # several chunks per table
    sources = Company.load(samples / "qinghe_dental").dataset_sources()
    assert [type(s).__name__ for s in sources] == ["DatabaseSource"]

    def run(**kwargs):
        spans = []
        result = scan_paths(sources, on_span=spans.append, today=TODAY, **kwargs)
        columns = [c.to_dict() for c in result.columns]
        for c in columns:  # float sums may differ in the last bit with the merge order
            for info in c["entities"].values():
                info["mean_score"] = round(info["mean_score"], 3)
        return spans, columns, result.distinct, [(t.sheet, t.rows) for t in result.files[0].tables]

    inline = run(workers=1)
    assert inline[3] == [("main.patients", 800), ("main.visits", 1500), ("main.patient_contacts", 800)]
    assert run(workers=2) == inline
    assert run(engine="dask", workers=2) == inline


@pytest.mark.slow
def test_a_company_backed_by_postgres_is_scanned_and_scored(postgres, password, samples, tmp_path):
    """company.yaml names the PostgreSQL database (patterns choose the members table);
    the report's context scans it beside nothing else and scores the company."""
    import shutil

    import yaml

    from workbench.report import build_context

    company = tmp_path / "xinyuan_pg"
    company.mkdir()
    profile = yaml.safe_load((samples / "xinyuan_trading" / "company.yaml").read_text("utf-8"))
    profile["datasets"] = [{"url": postgres.url, "schemas": ["public"], "tables": ["members"]}]
    (company / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True), "utf-8")
    shutil.copy(samples / "xinyuan_trading" / "assessment.yaml", company)
    context = build_context(company)
    assert [(f.name, f.path, [t.sheet for t in f.tables]) for f in context.scan.files] == [
        ("shop", postgres.url, ["public.members"])
    ]
    assert context.scan.rows == 4000 and context.scan.data_subjects > 3000
    assert "CN_BANK_CARD" in context.scan.entity_rows()
    assert db_servers.PASSWORD not in json.dumps(context.scan.to_dict(), ensure_ascii=False)
