"""news.uploads: images decoded and re-encoded clean, attachments recognised from their bytes."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from news import uploads
from tests.news.submission_support import (
    EXE,
    SVG,
    docx_bytes,
    has_gps,
    image_bytes,
    jpeg_with_gps,
    pdf_bytes,
    png_bytes,
    png_claiming,
    upload,
)


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_webp_are_accepted_and_reencoded(fmt, extension):
    clean = uploads.process_image(upload(image_bytes(fmt, (50, 20)), "x.bin"))
    assert clean.extension == extension
    assert (clean.width, clean.height) == (50, 20)
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == fmt


def test_random_names_do_not_reuse_the_uploaded_name():
    clean = uploads.process_image(upload(png_bytes(), "校园 照片.png"))
    first, second = clean.as_file().name, clean.as_file().name
    assert first != second
    assert "校园" not in first
    assert first.endswith(".png")
    assert len(first) == 32 + 4


def test_gps_exif_is_stripped():
    original = jpeg_with_gps()
    assert has_gps(original)
    clean = uploads.process_image(upload(original, "gps.jpg"))
    assert not has_gps(clean.content)
    with Image.open(io.BytesIO(clean.content)) as image:
        assert not image.getexif()
        assert "exif" not in image.info


def test_exif_orientation_is_applied_before_stripping():
    # Orientation 6 = "rotate 90° clockwise to display": a 64x48 sensor image is shown 48x64.
    clean = uploads.process_image(upload(jpeg_with_gps((64, 48), orientation=6), "phone.jpg"))
    assert (clean.width, clean.height) == (48, 64)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is a text file, not a picture", "image_invalid"),  # text renamed .jpg
        (SVG, "image_invalid"),
        (EXE, "image_invalid"),
        (image_bytes("GIF"), "image_format"),
        (image_bytes("BMP"), "image_format"),
        (image_bytes("TIFF"), "image_format"),
    ],
)
def test_refused_images(data, code):
    with pytest.raises(ValidationError) as info:
        uploads.process_image(upload(data, "photo.jpg", "image/jpeg"))
    assert info.value.code == code


def test_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ValidationError) as info:
        uploads.process_image(upload(png_claiming(100_000, 100_000), "bomb.png"))
    assert info.value.code == "image_bomb"
    assert "解压炸弹" in info.value.messages[0]


def test_more_than_40_megapixels_is_refused():
    # 8000 x 5001 = 40 008 000 pixels: under Pillow's own bomb threshold, over ours.
    with pytest.raises(ValidationError) as info:
        uploads.process_image(upload(png_claiming(8000, 5001), "huge.png"))
    assert info.value.code == "image_pixels"
    assert "4000 万像素" in info.value.messages[0]


def test_oversize_bytes_are_refused_without_decoding(settings):
    data = png_bytes() + b"\0" * (settings.NEWS_IMAGE_MAX_BYTES)
    with pytest.raises(ValidationError) as info:
        uploads.process_image(upload(data, "big.png"))
    assert info.value.code == "image_too_large"
    assert "10 MB" in info.value.messages[0]


def test_pdf_and_docx_are_recognised_by_their_bytes():
    assert uploads.check_attachment(upload(pdf_bytes(), "report.bin")).extension == "pdf"
    assert uploads.check_attachment(upload(docx_bytes(), "report.pdf")).extension == "docx"


@pytest.mark.parametrize(
    "data",
    [EXE, SVG, image_bytes("GIF"), docx_bytes(with_document=False), b"PK\x03\x04 broken zip", b""],
    ids=["exe", "svg", "gif", "xlsx-like-zip", "broken-zip", "empty"],
)
def test_other_attachments_are_refused(data):
    with pytest.raises(ValidationError) as info:
        uploads.check_attachment(upload(data, "renamed.pdf", "application/pdf"))
    assert info.value.code == "attachment_type"
    assert "PDF" in info.value.messages[0]


def test_attachment_over_20_mb_is_refused(settings):
    data = pdf_bytes() + b"\0" * settings.SUBMISSION_ATTACHMENT_MAX_BYTES
    with pytest.raises(ValidationError) as info:
        uploads.check_attachment(upload(data, "big.pdf"))
    assert info.value.code == "attachment_too_large"
    assert "20 MB" in info.value.messages[0]
