"""Puts an article's pictures where the body says they belong.

Imported pages keep each photo caption at its place in the body as an empty `<figure><figcaption>` (the image
itself was not scraped). When an editor attaches a picture with the same caption, the page shows it right there;
pictures whose caption the body does not name follow the body in their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class PlacedBody:
    html: SafeString
    remaining: list


def place_images(body: str, images: Iterable) -> PlacedBody:
    """Fill the body's caption placeholders with the pictures that carry those captions."""
    html, remaining = body or "", []
    for image in images:
        placeholder = f"<figure><figcaption>{escape(image.caption)}</figcaption></figure>" if image.caption else None
        if placeholder and placeholder in html:
            figure = render_to_string("includes/figure.html", {"image": image}).strip()
            html = html.replace(placeholder, figure, 1)
        else:
            remaining.append(image)
    # The body was sanitised on save; the figures come from our own template with escaped values.
    return PlacedBody(html=mark_safe(html), remaining=remaining)
