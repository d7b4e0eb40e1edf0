"""Template tags for resized WebP images: `{% load renditions %}`.

    <img src="{% rendition image 640 %}" srcset="{% srcset image %}" sizes="100vw" loading="lazy" alt="…">
    {% responsive_image image alt=image.alt_text sizes="(max-width: 48rem) 100vw, 48rem" %}
"""

from django import template
from django.utils.html import format_html

from news import renditions

register = template.Library()

DEFAULT_SIZES = "(max-width: 48rem) 100vw, 48rem"


@register.simple_tag
def rendition(image, width=640):
    """URL of a WebP copy at most `width` pixels wide; empty when the image cannot be read."""
    result = renditions.rendition(image, int(width))
    return result.url if result else ""


@register.simple_tag
def srcset(image):
    return renditions.srcset(image)


@register.simple_tag
def responsive_image(image, alt="", sizes=DEFAULT_SIZES, width=640, css_class=""):
    """A lazily loaded `<img>` with WebP renditions in `srcset` and its intrinsic size (no layout shift)."""
    main = renditions.rendition(image, int(width))
    if main is None:
        return ""
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async"{}>',
        main.url,
        renditions.srcset(image),
        sizes,
        main.width,
        main.height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
    )
