"""Where the bundled drills.json, its pictures, layouts and fonts live, installed or in a
checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Path of a bundled file: inside the package when installed, at the checkout root otherwise."""
    for base in (_PACKAGE, _PACKAGE.parent):
        candidate = base / name
        if candidate.exists():
            return candidate
    return _PACKAGE / name


def default_drills() -> Path:
    return bundled("drills.json")


def builtin_images() -> Path:
    """The built-in drills' pictures: images/ beside the drills.json found, as its drills'
    "image" paths say (cards/images installed, images/ at the root of a checkout)."""
    return default_drills().parent / "images"


def builtin_templates() -> Path:
    return bundled("templates")


def font_dir() -> Path:
    return _PACKAGE / "fonts"
