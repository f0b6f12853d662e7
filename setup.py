"""Copies the top-level ``templates/`` and ``notebooks/`` into the wheel.

They live at the top of the checkout (where consultants and reviewers look for them), but an
installed ``workbench report`` needs them too: the build puts them under
``workbench/bundled/`` and ``workbench.resources.resource_dir`` finds either layout.
Everything else about the package is declared in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("templates", "notebooks")


class BuildWithResources(build_py):
    def run(self):
        super().run()
        if self.editable_mode:      # an editable install reads them from the checkout
            return
        here = Path(__file__).resolve().parent
        for name in RESOURCES:
            target = Path(self.build_lib) / "workbench" / "bundled" / name
            shutil.copytree(here / name, target, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))


setup(cmdclass={"build_py": BuildWithResources})
