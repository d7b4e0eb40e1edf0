"""Security furniture the settings cannot express alone: the Permissions-Policy header and safe media serving."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.views.static import serve

# Features a news site never needs; an empty allow-list switches each off for the page and every frame in it.
DEFAULT_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# The only types an upload is served as; everything else goes out as an opaque download.
SAFE_MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
}


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """Render {"camera": [], "fullscreen": ["self"]} as `camera=(), fullscreen=(self)`."""
    parts = []
    for feature, origins in policy.items():
        values = " ".join(origin if origin in {"self", "*"} else f'"{origin}"' for origin in origins)
        parts.append(f"{feature}=({values})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` to every response (settings.PERMISSIONS_POLICY overrides the default)."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        self.header = permissions_policy_header(policy)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def safe_media_type(name: str) -> str:
    """The content type an uploaded file is served with: a known passive type, else an opaque download."""
    return SAFE_MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def serve_media(request, path: str, document_root=None):
    """Development-only media serving: never an executable or scriptable type (HTML, SVG, JS), always nosniff.

    Production serves MEDIA_ROOT from the proxy with the same rules (see README).
    """
    response = serve(request, path, document_root=document_root or settings.MEDIA_ROOT)
    content_type = safe_media_type(path)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if content_type == "application/octet-stream":
        response["Content-Disposition"] = "attachment"
    return response
