"""PII detection: the ``cn`` Presidio recognizer pack, the analyzer factory, the
columnar scan engine, column classification and the one masking rule.

Public API:
    analyzer()                  the project's offline Presidio AnalyzerEngine
    scan_paths(paths, ...)      scan files/folders -> ScanResult
    analyze_text(text, header)  findings in one cell
    mask(value, entity)         the masking rule used in every artifact
    mask_file_name(name)        a file, path, sheet or attachment name with identifiers and names masked
    mask_problem(problem, path) an error or warning text with that file's and the sheets' names masked

Names are imported lazily: ``workbench.pii.entities`` or ``masking`` alone (as the report
notebook needs them) do not pull in Presidio and spaCy.
"""

from importlib import import_module

_EXPORTS = {
    "analyzer": ".factory",
    "Finding": ".engine",
    "analyze_text": ".engine",
    "ENTITIES": ".entities",
    "ENTITY_NAMES": ".entities",
    "label": ".entities",
    "is_masked": ".masking",
    "mask": ".masking",
    "mask_file_name": ".masking",
    "mask_problem": ".masking",
    "FileInfo": ".result",
    "ScanResult": ".result",
    "scan_paths": ".scan",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
