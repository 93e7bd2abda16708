"""The pickup code's QR code, as attached to the emails, is one every phone camera reads."""

import io

from PIL import Image

from orders.codes import pickup_code_make
from orders.notifications import qr_png


def test_the_emails_qr_code_is_a_full_qr_code_not_a_micro_one():
    image = Image.open(io.BytesIO(qr_png(code=pickup_code_make())))
    # A version 1 QR code is 21 modules wide (a Micro QR code of six characters, 15), here 8 px a module
    # with the 4-module quiet zone scanners expect.
    assert image.size == ((21 + 2 * 4) * 8, (21 + 2 * 4) * 8)
