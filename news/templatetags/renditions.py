"""Template tags for resized WebP images: `{% load renditions %}`.

    <img src="{% rendition image 640 %}" srcset="{% srcset image %}" sizes="100vw" loading="lazy" alt="…">
    {% responsive_image image alt=image.alt_text sizes="(max-width: 48rem) 100vw, 48rem" %}
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
def responsive_image(image, alt="", sizes=DEFAULT_SIZES, width=640, css_class="", lazy=True):
    """An `<img>` with WebP renditions in `srcset` and its intrinsic size (no layout shift).

    `width` picks the `src` for browsers without srcset; `lazy=False` for the picture at the top of a page.
    When no rendition can be made (an original Pillow cannot read), the original is served as it is.
    """
    if not image:
        return ""
    found = renditions.renditions(image)
    fitting = [r for r in found if r.width <= int(width)] or found[:1]
    loading = mark_safe(' loading="lazy" decoding="async"' if lazy else ' decoding="async"')
    css = format_html(' class="{}"', css_class) if css_class else ""
    if not fitting:
        url = getattr(getattr(image, "image", image), "url", "")
        return format_html('<img src="{}" alt="{}"{}{}>', url, alt, loading, css)
    main = fitting[-1]
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        main.url, renditions.srcset_of(found), sizes, main.width, main.height, alt, loading, css,
    )
