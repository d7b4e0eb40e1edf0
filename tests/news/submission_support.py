"""Files and form data shared by the submission tests: real images made with Pillow, hostile look-alikes."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import RegionFactory, SchoolFactory


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def image_bytes(fmt: str, size=(40, 30), color=(20, 120, 200), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(64, 48), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a GPS position (Beijing) and a camera make."""
    image = Image.new("RGB", size, (10, 160, 90))
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (39.0, 54.0, 27.0)
    gps[3] = "E"
    gps[4] = (116.0, 23.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return 0x8825 in exif or bool(exif.get_ifd(0x8825)) or b"GPS" in image.info.get("exif", b"")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height`: only the header is honest about nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        if with_document:
            archive.writestr("word/document.xml", "<w:document/>")
        else:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


SVG = b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 400


def upload(data: bytes, name: str, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def school(db):
    return SchoolFactory(name="北京电子科技职业学院", region=RegionFactory(name="北京"))


def form_data(school=None, images=(), attachment=None, **overrides) -> dict:
    """A valid POST for the submission form; `images` is a list of (upload, caption)."""
    data = {
        "school": str(school.pk) if school else "",
        "school_name": school.name if school else "",
        "region": "",
        "contact_name": "王老师",
        "phone": "13812345678",
        "email": "wang@school.edu.cn",
        "author_name": "李明",
        "title": "我院学子在全国职业院校技能大赛中获一等奖",
        "body": "近日，全国职业院校技能大赛落下帷幕。\n我院学子获得一等奖。",
        "body_format": "plain",
        "column": "",
        "topic": "",
        "consent": "on",
        "website": "",
        "images-TOTAL_FORMS": str(max(3, len(images))),
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "10",
    }
    for index, (file, caption) in enumerate(images):
        data[f"images-{index}-image"] = file
        data[f"images-{index}-caption"] = caption
    if attachment is not None:
        data["attachment"] = attachment
    data.update(overrides)
    return data
