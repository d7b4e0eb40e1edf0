import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.images import validate_image_file


def png_bytes(size=(20, 10), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def bomb_png(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims a huge canvas: Pillow must refuse it before decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def upload(data: bytes, name="photo.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_real_image_is_accepted():
    validate_image_file(upload(png_bytes()))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is a text file, not a picture", "image_invalid"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "image_invalid"),
        (b"MZ\x90\x00" + b"\0" * 200, "image_invalid"),
        (png_bytes()[:40], "image_invalid"),
    ],
)
def test_not_an_image_is_refused(data, code):
    with pytest.raises(ValidationError) as info:
        validate_image_file(upload(data, "photo.jpg"))
    assert info.value.code == code
    assert "不是有效的图片" in info.value.messages[0]


def test_decompression_bomb_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_image_file(upload(bomb_png()))
    assert info.value.code in {"image_bomb", "image_pixels"}


def test_too_many_pixels_is_refused(settings):
    settings.NEWS_IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError) as info:
        validate_image_file(upload(png_bytes((20, 10))))
    assert info.value.code == "image_pixels"


def test_too_many_bytes_is_refused(settings):
    settings.NEWS_IMAGE_MAX_BYTES = 50
    with pytest.raises(ValidationError) as info:
        validate_image_file(upload(png_bytes()))
    assert info.value.code == "image_too_large"
    assert "图片过大" in info.value.messages[0]


def test_file_position_is_kept():
    file = upload(png_bytes())
    file.seek(5)
    validate_image_file(file)
    assert file.tell() == 5
