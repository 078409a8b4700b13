"""Where the files shipped with the program (sample, fonts, icons) are found.

In a source checkout they sit in the top-level ``resources/`` folder; in an
installed program setuptools maps that folder to the package ``app.resources``.
"""

from __future__ import annotations

from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    if _CHECKOUT.is_dir():
        return _CHECKOUT
    # Installed: resources/ is shipped as package data beside this module.
    return Path(__file__).resolve().parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def sample_worksheet() -> Path:
    return resource_path("sample", "dprk-munitions.achw")
