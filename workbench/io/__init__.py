"""Reading customer datasets and documents: CSV in any Chinese encoding, every Excel sheet,
Parquet, JSON; Word, PDF, e-mail and images (through offline Chinese OCR).

Public API:
    iter_tables(path)     -> Table objects (one per file / sheet / document), each streaming chunks
    discover(paths)       -> the supported files under files and folders
    ReadError             -> raised with the file name and a plain-language problem
    DOCUMENT_SUFFIXES     -> the document formats (``documents.py``; OCR in ``ocr.py``)
    location(part, page)  -> how a place in a document is named ("page 2", "attachment a.pdf / page 1")
"""
from .documents import DocumentFacts, document_kind, location
from .readers import (DOCUMENT_SUFFIXES, SUPPORTED_SUFFIXES, ReadError, Table, discover, file_digest,
                      iter_tables)

__all__ = ["DOCUMENT_SUFFIXES", "DocumentFacts", "document_kind", "location", "SUPPORTED_SUFFIXES", "ReadError", "Table", "discover", "file_digest",
           "iter_tables"]
