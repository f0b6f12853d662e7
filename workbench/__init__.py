"""Compliance assessment workbench for customer data in company deregistration,
transfer and winding-up (PIPL / DSL).

Pipeline stages, one subpackage each: ``io`` → ``pii`` → ``checklists`` →
``assessment`` → ``risk`` → ``report`` (``ui`` holds the Jupyter widgets).
"""

__version__ = "0.1.0"

# Before anything imports onnxruntime, tldextract or Presidio, in this process and the ones
# it starts (see workbench/offline.py for what each switch stops).
from . import offline as _offline  # noqa: E402

_offline.apply()
