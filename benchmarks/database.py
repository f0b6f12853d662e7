"""Database scan speed and memory against the same table as a file.

    python benchmarks/database.py [ROWS]

1. generates the customer table of ``benchmarks/engine.py`` (15 columns, ROWS rows,
   default 1,000,000) as CSV and loads it into a PostgreSQL server started for the run
   (``tests/db_servers.py``: a temporary data directory, a free localhost port);
2. reading floor: every row streamed from PostgreSQL through the scan's server-side
   cursor and turned into cell texts, no detection;
3. the scan end to end, from the CSV and from PostgreSQL, on every core, each in a fresh
   process: rows per minute, the database's share of the file's throughput, the peak RSS
   of the process tree, and whether the two scans' column facts are identical.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]


def measure(source: str, out: str) -> None:
    """One scan in this (fresh) process; writes seconds, rows, RSS and the column facts."""
    from engine import TreeRss

    from workbench.pii import scan_paths

    with TreeRss() as rss:
        t = time.perf_counter()
        result = scan_paths([source], workers=os.cpu_count())
        seconds = time.perf_counter() - t
    assert not result.errors, [f.error for f in result.errors]
    columns = [{k: v for k, v in c.to_dict().items() if k not in ("file", "sheet")} for c in result.columns]
    Path(out).write_text(
        json.dumps({"seconds": seconds, "rows": result.rows, "rss": str(rss), "columns": columns}, ensure_ascii=False),
        "utf-8",
    )


def _run(source: str, work: Path) -> dict:
    out = work / f"m{time.monotonic_ns()}.json"
    subprocess.run(
        [sys.executable, __file__, "--measure", source, str(out)],
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])},
    )
    return json.loads(out.read_text("utf-8"))


def main(rows: int) -> None:
    import sqlalchemy as sa
    from engine import HEADERS, generate

    from tests.db_servers import PASSWORD, postgres
    from workbench.io.database import PASSWORD_ENV, Database

    work = Path(tempfile.mkdtemp(prefix="wb-dbbench-"))
    csv = work / "customers.csv"
    t = time.perf_counter()
    generate(csv, rows)
    print(
        f"generated {rows:,} rows x {len(HEADERS)} columns: {csv.stat().st_size / 1e6:.0f} MB "
        f"in {time.perf_counter() - t:.0f}s"
    )
    os.environ[PASSWORD_ENV] = PASSWORD
    with postgres() as server:
        engine = sa.create_engine(server.admin_url)
        columns = ", ".join(f'"{h}" text' for h in HEADERS)
        t = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(sa.text(f'CREATE TABLE customers ({columns}, PRIMARY KEY ("客户编号"))'))
            cursor = connection.connection.cursor()
            with (
                open(csv, encoding="utf-8") as fh,
                cursor.copy("COPY customers FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            ):
                while block := fh.read(1 << 20):
                    copy.write(block)
            connection.execute(sa.text("ANALYZE customers"))
        engine.dispose()
        print(f"loaded into PostgreSQL in {time.perf_counter() - t:.0f}s")

        with Database(server.url) as database:
            table = next(database.tables())
            t = time.perf_counter()
            n = sum(len(chunk) for chunk in table.chunks())
            t_read = time.perf_counter() - t
        print(
            f"floor: stream + cell texts of {n:,} rows from PostgreSQL in {t_read:.1f}s "
            f"({n / t_read * 60:,.0f} rows/min)"
        )

        file = _run(str(csv), work)
        print(
            f"file: {file['rows']:,} rows in {file['seconds']:.1f}s = {file['rows'] / file['seconds'] * 60:,.0f} "
            f"rows/min; {file['rss']}"
        )
        db = _run(server.url, work)
        print(
            f"PostgreSQL: {db['rows']:,} rows in {db['seconds']:.1f}s = {db['rows'] / db['seconds'] * 60:,.0f} "
            f"rows/min; {db['rss']}"
        )
        print(
            f"PostgreSQL throughput / file throughput: {file['seconds'] / db['seconds']:.0%}; "
            f"column facts identical: {file['columns'] == db['columns']}"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2], sys.argv[3])
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
