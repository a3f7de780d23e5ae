#!/usr/bin/env python3
"""Renders the label photos in this folder (run once; the JPEGs are committed).

What customs officers and inspectors photograph: packaging labels with several codes
each, in the symbologies they meet (GS1 Data Matrix, GS1-128, GS1 DataBar Expanded,
QR and PDF417 with ISO/IEC 15434 envelopes, Code 39 NSN and lot labels in the
MIL-STD-129 style, EAN-13, ITF-14), photographed badly: perspective, rotation, blur,
sensor noise, a torch's glare, faded print, JPEG compression, a small code beside a
big one on a 12 MP photo. The capture test and benchmark read them; `NAME.codes`
lists the bytes each photo must give (one code per line, GS/RS/EOT as \\G \\R \\E).

Needs zint (Debian: zint) for the symbols and ImageMagick (convert) for the rest.
"""
import os
import random
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FONT, MONO = "DejaVu-Sans-Bold", "DejaVu-Sans-Mono-Bold"
random.seed(11)
# Where the far-shelf label lands (fractions of the photo) and its blur.
FAR_CORNERS = [(0.45, 0.45), (0.555, 0.447), (0.557, 0.54), (0.45, 0.542)]
FAR_BLUR = 0.6


def symbol(tmp, name, kind, data, scale=4, extra=()):
    """One barcode as a PNG (zint), `data` with \\G \\R \\E escapes or GS1 brackets."""
    out = os.path.join(tmp, name + ".png")
    subprocess.run(
        ["zint", f"--barcode={kind}", f"--scale={scale}", "--notext", "--esc",
         f"--output={out}", f"--data={data}", *extra],
        check=True,
    )
    return out


def label(tmp, name, size, parts, texts, paper="#EEEADC"):
    """A label of `size` (w, h) with symbols `parts` [(png, x, y, w, h)] and lines of
    text [(x, y, points, text)]."""
    w, h = size
    args = ["convert", "-size", f"{w}x{h}", f"xc:{paper}",
            "-fill", "none", "-stroke", "#1E1E1E", "-strokewidth", "6",
            "-draw", f"rectangle 10,10 {w - 11},{h - 11}", "-stroke", "none", "-fill", "#141414"]
    for x, y, points, text, *mono in texts:
        args += ["-font", MONO if mono else FONT, "-pointsize", str(points),
                 "-annotate", f"+{x}+{y}", text]
    for png, x, y, pw, ph in parts:
        args += ["-draw", f"image over {x},{y} {pw},{ph} '{png}'"]
    out = os.path.join(tmp, name + "-label.png")
    subprocess.run(args + [out], check=True)
    return out


def photo(lab, name, size, corners, finish, background="#4A463C", quality=80):
    """`lab` placed on a background of `size` with its four corners at `corners`
    (top-left, top-right, bottom-right, bottom-left, as fractions of the photo), then
    `finish` (ImageMagick options: blur, noise, glare...), saved as JPEG."""
    w, h = size
    lw, lh = map(int, subprocess.run(["identify", "-format", "%w %h", lab],
                                     capture_output=True, text=True, check=True).stdout.split())
    src = [(0, 0), (lw, 0), (lw, lh), (0, lh)]
    dst = [(fx * w, fy * h) for fx, fy in corners]
    pairs = " ".join(f"{sx},{sy} {dx:.0f},{dy:.0f}" for (sx, sy), (dx, dy) in zip(src, dst))
    subprocess.run(
        ["convert", lab, "-alpha", "set", "-virtual-pixel", "transparent",
         "-define", f"distort:viewport={w}x{h}+0+0", "-distort", "Perspective", pairs,
         "(", "-size", f"{w}x{h}", f"xc:{background}", ")", "+swap",
         "-compose", "over", "-composite", "-alpha", "off", *finish,
         "-sampling-factor", "4:2:0", "-quality", str(quality),
         os.path.join(HERE, name + ".jpg")],
        check=True,
    )


def glare(w, h, x, y, r, strength):
    """A torch's hot spot at (x, y), radius r, strength 0..1 (ImageMagick options)."""
    return ["(", "-size", f"{2 * r}x{2 * r}", "radial-gradient:white-black",
            "-evaluate", "multiply", str(strength), ")",
            "-geometry", f"+{x - r}+{y - r}", "-compose", "screen", "-composite"]


def codes(name, lines):
    with open(os.path.join(HERE, name + ".codes"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    noise = ["-seed", "7", "-attenuate", "0.35", "+noise", "Gaussian"]
    with tempfile.TemporaryDirectory() as tmp:
        # 1. A GS1 case label: Data Matrix and GS1-128, seen from the side, 12 MP.
        dm = symbol(tmp, "dm", "DATAMATRIX", "[01]09506000134352[10]LOT-7A[17]270331[37]1440",
                    extra=["--gs1"])
        sscc = symbol(tmp, "sscc", "GS1_128", "[00]106141411234567897", scale=3, extra=["--gs1"])
        lab = label(tmp, "gs1", (1400, 900),
                    [(dm, 80, 260, 380, 380), (sscc, 560, 560, 780, 230)],
                    [(80, 110, 56, "CTG 7.62x39MM BALL"), (80, 200, 40, "LOT LOT-7A  QTY 1440", 1),
                     (560, 330, 36, "EXP 2027-03", 1), (560, 420, 36, "GTIN 09506000134352", 1)])
        photo(lab, "gs1-case-side-view", (4000, 3000),
              [(0.18, 0.22), (0.80, 0.14), (0.86, 0.80), (0.14, 0.70)],
              ["-blur", "0x1.1", *noise], quality=78)
        codes("gs1-case-side-view", ["0109506000134352" "10LOT-7A\\G17270331" "371440",
                                      "00106141411234567897"])

        # 2. MIL-STD-129 style: PDF417 with an ISO/IEC 15434 envelope, Code 39 NSN and
        # lot, the photo taken sideways.
        env = "[)>\\R06\\G17V1ABC5\\G1TLOT 42\\GQ250\\G16D20240115\\R\\E"
        pdf = symbol(tmp, "pdf", "PDF417", env, scale=3)
        nsn = symbol(tmp, "nsn", "CODE39", "1305012345678", scale=3)
        lot = symbol(tmp, "lot", "CODE39", "LOT 42", scale=3)
        lab = label(tmp, "mil", (1500, 1000),
                    [(nsn, 70, 150, 700, 150), (lot, 70, 420, 460, 150), (pdf, 820, 120, 600, 300)],
                    [(70, 110, 36, "NSN 1305-01-234-5678", 1), (70, 380, 36, "LOT 42", 1),
                     (70, 700, 44, "CARTRIDGE 5.56MM BALL M855"), (70, 800, 36, "QTY 250  CAGE 1ABC5", 1)])
        photo(lab, "mil-std-129-sideways", (4000, 3000),
              [(0.80, 0.12), (0.82, 0.88), (0.22, 0.86), (0.20, 0.10)],
              ["-blur", "0x0.9", *noise], quality=75)
        codes("mil-std-129-sideways", ["[)>\\R06\\G17V1ABC5\\G1TLOT 42\\GQ250\\G16D20240115\\R\\E",
                                        "1305012345678", "LOT 42"])

        # 3. An outer carton: ITF-14, EAN-13 and GS1 DataBar Expanded under a torch.
        itf = symbol(tmp, "itf", "ITF14", "1950600013435", scale=3)
        ean = symbol(tmp, "ean", "EANX", "950600013435", scale=3)
        dbar = symbol(tmp, "dbar", "DBAR_EXP", "[01]09506000134352[10]LOT-7A[30]24", scale=3,
                      extra=["--gs1"])
        lab = label(tmp, "carton", (1600, 1000),
                    [(itf, 60, 80, 900, 260), (ean, 1040, 80, 480, 300), (dbar, 60, 560, 900, 200)],
                    [(60, 470, 40, "24 BOXES  LOT-7A", 1), (1040, 560, 40, "CARTON 3 OF 12", 1)],
                    paper="#C8B48C")
        photo(lab, "outer-carton-torch", (3200, 2400),
              [(0.10, 0.16), (0.90, 0.20), (0.88, 0.84), (0.08, 0.80)],
              [*glare(3200, 2400, 2200, 900, 700, 0.75), "-blur", "0x0.8", *noise], quality=80)
        codes("outer-carton-torch", ["19506000134359",  # ITF-14: the GTIN-14 zint completes with its check digit
                                      "9506000134352",
                                      "0109506000134352" "10LOT-7A\\G3024"])

        # 4. A QR with an ISO/IEC 15434 envelope in the dark, a hot spot beside it,
        # rotated, strong noise.
        qr = symbol(tmp, "qr", "QRCODE", "[)>\\R06\\G25SUN123456789\\G1TLOT 17-85\\GQ720\\R\\E", scale=6)
        lab = label(tmp, "qr", (900, 900), [(qr, 150, 150, 600, 600)],
                    [(150, 110, 40, "BOX 17-85", 1)])
        photo(lab, "qr-dark-glare", (3000, 2250),
              [(0.30, 0.20), (0.70, 0.26), (0.64, 0.80), (0.24, 0.74)],
              ["-level", "0%,100%,0.7", "-brightness-contrast", "-30x-20",
               *glare(3000, 2250, 1900, 700, 450, 0.9), "-seed", "7", "-attenuate", "0.6", "+noise", "Gaussian"],
              background="#1E1C18", quality=72)
        codes("qr-dark-glare", ["[)>\\R06\\G25SUN123456789\\G1TLOT 17-85\\GQ720\\R\\E"])

        # 5. A small code beside a big one on a 12 MP photo taken from a step back.
        big = symbol(tmp, "big", "QRCODE", "https://example.org/depot/KE-NBI-01/rack/B4", scale=8)
        small = symbol(tmp, "small", "DATAMATRIX", "[01]09506000134352[21]SN00042", scale=2,
                       extra=["--gs1"])
        lab = label(tmp, "rack", (2000, 1200), [(big, 80, 80, 1000, 1000), (small, 1700, 900, 150, 150)],
                    [(1160, 200, 60, "RACK B4"), (1160, 300, 40, "KE-NBI-01", 1)])
        photo(lab, "small-beside-big", (4000, 3000),
              [(0.26, 0.30), (0.74, 0.31), (0.74, 0.60), (0.26, 0.59)],
              ["-blur", "0x0.7", *noise], quality=80)
        codes("small-beside-big", ["https://example.org/depot/KE-NBI-01/rack/B4",
                                    "0109506000134352" "21SN00042"])

        # 6. Faded print on a worn crate label: low contrast, soft focus.
        c128 = symbol(tmp, "c128", "CODE128", "LOT-17-85-000042", scale=3)
        dm2 = symbol(tmp, "dm2", "DATAMATRIX", "[01]09506000134352[10]17-85-000042", extra=["--gs1"])
        lab = label(tmp, "faded", (1400, 800), [(c128, 60, 120, 800, 200), (dm2, 980, 120, 320, 320)],
                    [(60, 420, 44, "LOT 17-85-000042", 1), (60, 520, 44, "MFR 17  1985", 1)])
        photo(lab, "faded-crate-label", (2400, 1800),
              [(0.12, 0.14), (0.88, 0.18), (0.86, 0.82), (0.10, 0.78)],
              ["+level", "35%,75%", "-blur", "0x1.6", *noise], background="#5A5040", quality=70)
        codes("faded-crate-label", ["LOT-17-85-000042", "0109506000134352" "1017-85-000042"])

        # 7. From across the aisle: the whole label small in a 12 MP frame (the
        # GS1-128's bars about 1.5 pixels wide), slightly out of focus.
        lab = label(tmp, "far", (1400, 900),
                    [(dm, 80, 260, 380, 380), (sscc, 560, 560, 780, 230)],
                    [(80, 110, 56, "CTG 7.62x39MM BALL"), (80, 200, 40, "LOT LOT-7A  QTY 1440", 1)])
        photo(lab, "far-shelf", (4000, 3000),
              [FAR_CORNERS[0], FAR_CORNERS[1], FAR_CORNERS[2], FAR_CORNERS[3]],
              ["-blur", f"0x{FAR_BLUR}", *noise], quality=80)
        # 8. The MIL-STD-129 label from across the aisle, turned a little.
        lab = label(tmp, "farmil", (1500, 1000),
                    [(nsn, 70, 150, 700, 150), (lot, 70, 420, 460, 150), (pdf, 820, 120, 600, 300)],
                    [(70, 110, 36, "NSN 1305-01-234-5678", 1), (70, 380, 36, "LOT 42", 1)])
        photo(lab, "far-shelf-mil", (4000, 3000),
              [(0.30, 0.40), (0.50, 0.42), (0.49, 0.60), (0.29, 0.58)],
              ["-blur", "0x0.6", *noise], quality=80)
        codes("far-shelf-mil", ["[)>\\R06\\G17V1ABC5\\G1TLOT 42\\GQ250\\G16D20240115\\R\\E",
                                 "1305012345678", "LOT 42"])
        codes("far-shelf", ["0109506000134352" "10LOT-7A\\G17270331" "371440",
                             "00106141411234567897"])


if __name__ == "__main__":
    main()
