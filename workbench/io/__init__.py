"""Reading customer datasets: CSV in any Chinese encoding, every Excel sheet, Parquet, JSON.

Public API:
    iter_tables(path)     -> Table objects (one per file / sheet), each streaming chunks
    discover(paths)       -> the supported files under files and folders
    ReadError             -> raised with the file name and a plain-language problem
"""
from .readers import SUPPORTED_SUFFIXES, ReadError, Table, discover, file_digest, iter_tables

__all__ = ["SUPPORTED_SUFFIXES", "ReadError", "Table", "discover", "file_digest", "iter_tables"]
