#!/usr/bin/env python3
"""Makes the fonts the case reports embed (backend/assets/fonts), from Debian's
fonts-dejavu-core and fonts-noto-cjk packages:

- DejaVu Sans, whole: Latin, Cyrillic, Greek and Arabic.
- Noto Sans CJK SC cut to the characters of GB 2312 (6,763 hanzi, their punctuation
  and full-width forms): the whole font is 16 MB; Chinese in a case report (places,
  notes, markings) is written in these.

Needs fontTools (pip install fonttools). Run again only to change what is cut; the
output is committed with the licences beside it.
"""

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parent.parent / "backend" / "assets" / "fonts"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def gb2312() -> set[int]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEJAVU, OUT / "DejaVuSans.ttf")
    collection = TTCollection(str(NOTO_CJK))
    sc = next(f for f in collection.fonts if "CJK SC" in f["name"].getDebugName(1))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    codepoints = gb2312() | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(sc)
    sc.save(str(OUT / "NotoSansCJKsc-GB2312.otf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
