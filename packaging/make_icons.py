"""Render the program and document icons from their SVG drawings.

    python packaging/make_icons.py

Writes, and the repository keeps, so that neither a build nor an install
needs an SVG renderer:

* ``resources/icons/hicolor/<N>x<N>/apps/ach-workbench.png`` and
  ``.../mimetypes/application-x-ach-worksheet.png`` for N in ``SIZES``:
  the freedesktop icon theme layout, copied as is by install-desktop.sh;
* ``resources/icons/ach-workbench.ico`` (Windows) and ``.icns`` (macOS),
  used by the PyInstaller spec.

Each size comes from a drawing made for it in ``packaging/icons/`` when there
is one (small sizes are fitted to the pixel grid by hand), otherwise from the
scalable drawing in ``resources/icons/``.  Needs ``rsvg-convert`` (Debian
package librsvg2-bin) and Pillow.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
ICONS = REPO / "resources" / "icons"
FITTED = REPO / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
# icon name -> hicolor context
NAMES = {"ach-workbench": "apps", "application-x-ach-worksheet": "mimetypes"}


def drawing(name: str, size: int) -> Path:
    fitted = FITTED / f"{name}-{size}.svg"
    return fitted if fitted.is_file() else ICONS / f"{name}.svg"


def render(svg: Path, size: int) -> bytes:
    return subprocess.run(
        ["rsvg-convert", "--width", str(size), "--height", str(size), str(svg)],
        check=True,
        capture_output=True,
    ).stdout


def png_path(name: str, size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / NAMES[name] / f"{name}.png"


def main() -> int:
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert is missing: apt-get install librsvg2-bin", file=sys.stderr)
        return 1
    for name in NAMES:
        for size in SIZES:
            out = png_path(name, size)
            out.parent.mkdir(parents=True, exist_ok=True)
            # Re-encode through Pillow: smaller files, and no time stamps in them.
            image = Image.open(io.BytesIO(render(drawing(name, size), size)))
            image.save(out, optimize=True)
            print(out.relative_to(REPO))

    app = "ach-workbench"
    ico = [Image.open(png_path(app, s)) for s in ICO_SIZES]
    ico[-1].save(ICONS / f"{app}.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=ico)
    print((ICONS / f"{app}.ico").relative_to(REPO))

    icns = [Image.open(io.BytesIO(render(drawing(app, s), s))) for s in ICNS_SIZES]
    icns[-1].save(ICONS / f"{app}.icns", append_images=icns[:-1])
    print((ICONS / f"{app}.icns").relative_to(REPO))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
