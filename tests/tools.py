"""Programs some tests read PDFs with (poppler's pdfinfo, pdftotext, pdffonts, pdftoppm):
skipped with their reason on a developer's machine without them, required in CI (CI set),
where .ci/run installs them."""

from __future__ import annotations

import os
import shutil

import pytest

CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
PACKAGES = {
    "pdfinfo": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "qpdf": "qpdf",
}


def missing(what: str, install: str) -> None:
    """Skip on a developer's machine; fail in CI, where every check must run."""
    message = f"{what} is not installed (Debian: apt-get install {install})"
    if CI:
        pytest.fail(f"CI is set but {message}; .ci/run installs it", pytrace=False)
    pytest.skip(message)


def program(name: str) -> str:
    """The path of a program the test runs, or skip/fail saying how to install it."""
    path = shutil.which(name)
    if path is None:
        missing(name, PACKAGES.get(name, name))
    return path
