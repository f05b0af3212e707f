"""Make journeygen/render/fonts/: DejaVu Sans and DejaVu Sans Bold, cut down to the characters the
link-preview images draw (`social_image.COVERED`). Run once when COVERED changes:

    pip install fonttools && python scripts/subset_fonts.py [/usr/share/fonts/truetype/dejavu]

The fonts come from Debian's fonts-dejavu-core; their licence (Bitstream Vera, DejaVu changes
in the public domain) travels with them in journeygen/render/fonts/LICENSE. The subset keeps the
family name: it contains neither "Bitstream" nor "Vera", as the licence asks of changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

from journeygen.render.social_image import COVERED, FONT_DIR, FONT_FILES

SOURCE = Path("/usr/share/fonts/truetype/dejavu")


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else SOURCE
    codepoints = [cp for low, high in COVERED for cp in range(low, high + 1)]
    FONT_DIR.mkdir(exist_ok=True)
    for name in FONT_FILES.values():
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the copyright and licence notices
        options.notdef_outline = True
        options.hinting = False  # large sizes only: outlines are enough
        options.layout_features = ["kern", "liga"]
        font = subset.load_font(str(source / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        font.flavor = None
        font.recalcTimestamp = False
        target = FONT_DIR / name
        subset.save_font(font, str(target), options)
        print(f"{target}: {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
