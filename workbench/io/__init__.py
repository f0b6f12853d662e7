"""Reading customer datasets and documents: CSV in any Chinese encoding, every Excel sheet,
Parquet, JSON, SQL dumps and SQL databases (read-only); Word, PDF, e-mail and images (through
offline Chinese OCR).

Public API:
    iter_tables(path)     -> Table objects (one per file / sheet / dumped table / document), each streaming chunks
    discover(paths)       -> the supported files under files and folders
    ReadError             -> raised with the file name and a plain-language problem
    ReadLimits            -> per-file limits (cell size, columns, rows, unzipped size)
    register_reader(suffixes, reader), supported_suffixes()  -> the reader registry
    DOCUMENT_SUFFIXES     -> the document formats (``documents.py``; OCR in ``ocr.py``)
    location(part, page)  -> how a place in a document is named ("page 2", "attachment a.pdf / page 1")
    Database(source)      -> a read-only connection; .tables() streams every chosen table and view
    DatabaseSource        -> a database URL (no password) with schema / table patterns
    DatabaseError         -> a ReadError naming the database (URL without password)
    is_database_url(text) -> whether a scan argument is a database rather than a path
    sqlite_file(url)      -> the file a sqlite:/// URL names (None for a server)
    PASSWORD_ENV          -> the environment variable the database password is read from
"""

from .database import PASSWORD_ENV, Database, DatabaseError, DatabaseSource, TableSkipped, is_database_url, sqlite_file
from .documents import DocumentFacts, document_kind, location
from .readers import (
    DOCUMENT_SUFFIXES,
    ReadError,
    ReadLimits,
    Table,
    discover,
    file_digest,
    iter_tables,
    register_reader,
    regular_file_size,
    supported_suffixes,
)

__all__ = [
    "DOCUMENT_SUFFIXES",
    "PASSWORD_ENV",
    "Database",
    "DatabaseError",
    "DatabaseSource",
    "DocumentFacts",
    "ReadError",
    "ReadLimits",
    "Table",
    "TableSkipped",
    "discover",
    "document_kind",
    "file_digest",
    "is_database_url",
    "iter_tables",
    "sqlite_file",
    "location",
    "register_reader",
    "regular_file_size",
    "supported_suffixes",
]
