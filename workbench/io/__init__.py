"""Reading customer datasets: CSV in any Chinese encoding, every Excel sheet, Parquet, JSON,
SQL dumps, and SQL databases (read-only).

Public API:
    iter_tables(path)     -> Table objects (one per file / sheet / dumped table), each streaming chunks
    discover(paths)       -> the supported files under files and folders
    ReadError             -> raised with the file name and a plain-language problem
    ReadLimits            -> per-file limits (cell size, columns, rows, unzipped size)
    register_reader(suffixes, reader), supported_suffixes()  -> the reader registry
    Database(source)      -> a read-only connection; .tables() streams every chosen table and view
    DatabaseSource        -> a database URL (no password) with schema / table patterns
    DatabaseError         -> a ReadError naming the database (URL without password)
    is_database_url(text) -> whether a scan argument is a database rather than a path
    PASSWORD_ENV          -> the environment variable the database password is read from
"""
from .database import PASSWORD_ENV, Database, DatabaseError, DatabaseSource, TableSkipped, is_database_url
from .readers import (ReadError, ReadLimits, Table, discover, file_digest, iter_tables, register_reader,
                      regular_file_size, supported_suffixes)

__all__ = ["PASSWORD_ENV", "Database", "DatabaseError", "DatabaseSource", "ReadError", "ReadLimits", "Table",
           "TableSkipped", "discover", "file_digest", "is_database_url", "iter_tables", "register_reader",
           "regular_file_size", "supported_suffixes"]
