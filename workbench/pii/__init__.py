"""PII detection: the ``cn`` Presidio recognizer pack, the analyzer factory, the
columnar scan engine, column classification and the one masking rule.

Public API:
    analyzer()              the project's offline Presidio AnalyzerEngine
    scan_paths(paths, ...)  scan files/folders -> ScanResult
    analyze_text(text, header)  findings in one cell
    mask(value, entity)     the masking rule used in every artifact
"""
from .analyzer import analyzer
from .engine import Finding, analyze_text
from .entities import ENTITIES, ENTITY_NAMES, label
from .masking import is_masked, mask
from .scan import FileInfo, ScanResult, scan_paths

__all__ = ["ENTITIES", "ENTITY_NAMES", "FileInfo", "Finding", "ScanResult", "analyze_text", "analyzer",
           "is_masked", "label", "mask", "scan_paths"]
