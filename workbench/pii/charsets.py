"""Character classes shared by detection, column rules and masking, defined once.

Kept free of Presidio (and of the ``cn`` pack, whose package imports every recognizer) so
that ``masking`` stays cheap to import for the report notebook.
"""

#: CJK Unified Ideographs, the block every common Chinese character (and every name and
#: address character the pack reads) lives in; a regex character-class body: ``f"[{CJK}]"``
CJK = "\u4e00-\u9fff"
