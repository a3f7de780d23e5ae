#!/usr/bin/env python3
"""Renders the demo seizure photos in assets/demo/ (run once; the JPEGs are committed).

Synthetic pictures of what customs officers photograph: a box label with an ISO/IEC
15434 QR code (MIL-STD-129 style data identifiers), a crate stencil with a Code 128
NSN, and a headstamp close-up with no code at all. Needs: pip install pillow qrcode
python-barcode, and the DejaVu fonts.
"""
import io
import random

import barcode
import qrcode
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
random.seed(7)


def photo_finish(img, angle):
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(70, 66, 58))
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    px = img.load()
    for _ in range(img.width * img.height // 40):
        x, y = random.randrange(img.width), random.randrange(img.height)
        r, g, b = px[x, y]
        n = random.randint(-18, 18)
        px[x, y] = (max(0, min(255, r + n)), max(0, min(255, g + n)), max(0, min(255, b + n)))
    return img


def box_label():
    img = Image.new("RGB", (1000, 700), (92, 86, 70))
    d = ImageDraw.Draw(img)
    d.rectangle((80, 60, 920, 640), fill=(238, 234, 220), outline=(30, 30, 30), width=4)
    f, m = ImageFont.truetype(FONT, 34), ImageFont.truetype(MONO, 28)
    d.text((110, 90), "CARTRIDGES 7.62x39mm BALL", font=f, fill=(20, 20, 20))
    d.text((110, 150), "1440 RDS  (2 x 720)", font=m, fill=(20, 20, 20))
    d.text((110, 200), "LOT 17-85-0412", font=m, fill=(20, 20, 20))
    d.text((110, 250), "NSN 1305-12-345-6789", font=m, fill=(20, 20, 20))
    envelope = "[)>\x1e06\x1d17V1ABC5\x1d1P1305123456789\x1d1T17-85-0412\x1dQ1440\x1d16D19850301\x1e\x04"
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=7, border=2)
    qr.add_data(envelope.encode("latin-1"))
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").convert("RGB")
    img.paste(code, (620, 320))
    return photo_finish(img, -4)


def crate_stencil():
    img = Image.new("RGB", (1000, 700), (74, 83, 52))
    d = ImageDraw.Draw(img)
    for x in range(0, 1000, 125):
        d.line((x, 0, x, 700), fill=(60, 68, 42), width=5)
    f = ImageFont.truetype(FONT, 58)
    d.text((90, 70), "7.62 x 39", font=f, fill=(225, 222, 205))
    d.text((90, 160), "17-85-0412", font=f, fill=(225, 222, 205))
    d.text((90, 250), "1440 ШТ", font=f, fill=(225, 222, 205))
    out = io.BytesIO()
    barcode.get("code128", "1305123456789", writer=ImageWriter()).write(
        out, {"module_width": 0.5, "module_height": 18, "quiet_zone": 4, "font_size": 10})
    code = Image.open(io.BytesIO(out.getvalue())).convert("RGB")
    img.paste(code.resize((int(code.width * 0.9), int(code.height * 0.9))), (90, 380))
    return photo_finish(img, 3)


def headstamp():
    img = Image.new("RGB", (800, 800), (40, 36, 30))
    d = ImageDraw.Draw(img)
    d.ellipse((150, 150, 650, 650), fill=(184, 146, 74), outline=(120, 94, 44), width=10)
    d.ellipse((330, 330, 470, 470), fill=(160, 128, 66), outline=(110, 88, 40), width=6)
    f = ImageFont.truetype(FONT, 72)
    d.text((365, 180), "17", font=f, fill=(96, 74, 34))
    d.text((365, 520), "85", font=f, fill=(96, 74, 34))
    return photo_finish(img, 0)


for name, make in [("box-label", box_label), ("crate-stencil", crate_stencil), ("headstamp", headstamp)]:
    make().save(f"assets/demo/{name}.jpg", "JPEG", quality=82, optimize=True)
    print("wrote", f"assets/demo/{name}.jpg")
