"""Compliance assessment workbench for customer data in company deregistration,
transfer and winding-up (PIPL / DSL).

Pipeline stages, one subpackage each: ``io`` → ``pii`` → ``checklists`` →
``assessment`` → ``risk`` → ``report`` (``ui`` holds the Jupyter widgets).
"""
__version__ = "0.1.0"
