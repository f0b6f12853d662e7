"""Reading customer datasets: CSV in any Chinese encoding, every Excel sheet, Parquet, JSON.

Public API:
    iter_tables(path)     -> Table objects (one per file / sheet), each streaming chunks
    discover(paths)       -> the supported files under files and folders
    ReadError             -> raised with the file name and a plain-language problem
    ReadLimits            -> per-file limits (cell size, columns, rows, unzipped size)
    register_reader(suffixes, reader), supported_suffixes()  -> the reader registry
"""
from .readers import (ReadError, ReadLimits, Table, discover, file_digest, iter_tables, register_reader,
                      regular_file_size, supported_suffixes)

__all__ = ["ReadError", "ReadLimits", "Table", "discover", "file_digest", "iter_tables", "register_reader",
           "regular_file_size", "supported_suffixes"]
