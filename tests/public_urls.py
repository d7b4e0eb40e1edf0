"""Every public URL of the site, found from the URL resolver, with sample arguments from existing objects.

New apps and views are covered as soon as their URL patterns are included: nothing here lists pages by hand.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

# Not public: the editors' admin, and development-only file serving.
PRIVATE_NAMESPACES = {"admin"}
PRIVATE_PREFIXES = ("admin/", "media/", "static/", "__debug__/")
PROJECT_APPS = ("portal", "news", "events")


@dataclass(frozen=True)
class Route:
    name: str  # "news:article"
    route: str  # "news/<int:year>/…"
    kwargs: tuple[str, ...]


def public_routes() -> list[Route]:
    """Named URL patterns outside the admin, from the root resolver."""
    found: list[Route] = []

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace in PRIVATE_NAMESPACES or route.startswith(PRIVATE_PREFIXES):
                    continue
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                    entry.namespace or namespace
                )
                walk(entry.url_patterns, inner, route)
            elif isinstance(entry, URLPattern) and entry.name and not route.startswith(PRIVATE_PREFIXES):
                converters = getattr(entry.pattern, "converters", None) or {}
                names = tuple(converters) or tuple(entry.pattern.regex.groupindex)
                found.append(Route(f"{namespace}:{entry.name}" if namespace else entry.name, route, names))

    walk(get_resolver().url_patterns, "", "")
    return found


def _sample_objects() -> list[models.Model]:
    """One object per model of the project apps (a public one where the model says what public is), plus tags."""
    objects = []
    for app_label in PROJECT_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            manager = model._default_manager
            queryset = manager.all()
            if hasattr(queryset, "published"):
                queryset = queryset.published()
            objects.extend(queryset.order_by("pk")[:1])
    from taggit.models import Tag

    objects.extend(Tag.objects.order_by("pk")[:1])
    return objects


def _kwargs_of(obj: models.Model) -> dict[str, object]:
    values: dict[str, object] = {"pk": obj.pk, "id": obj.pk}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if value not in (None, ""):
            values[model_field.attname] = value
            values.setdefault(model_field.name, value)
    moment = getattr(obj, "published_at", None) or getattr(obj, "starts_at", None) or getattr(obj, "created_at", None)
    if moment is not None and hasattr(moment, "year"):
        if isinstance(moment, timezone.datetime) and timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        values.setdefault("year", moment.year)
        values.setdefault("month", f"{moment.month:02d}")
        values.setdefault("day", f"{moment.day:02d}")
    model_name = obj._meta.model_name
    values.setdefault(f"{model_name}_id", obj.pk)
    values.setdefault(f"{model_name}_pk", obj.pk)
    return values


FALLBACK = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


@dataclass
class PublicURL:
    route: Route
    url: str
    candidates: list[str] = field(default_factory=list)


def public_urls(client) -> list[PublicURL]:
    """A concrete URL for every public route: the first built from existing objects that answers 200, else a
    fallback built from the converters' types (a 404 page is still a page to fuzz)."""
    samples = [_kwargs_of(obj) for obj in _sample_objects()]
    result = []
    for route in public_routes():
        candidates = []
        if not route.kwargs:
            candidates.append(reverse(route.name))
        else:
            for sample in samples:
                if all(name in sample for name in route.kwargs):
                    try:
                        candidates.append(reverse(route.name, kwargs={n: sample[n] for n in route.kwargs}))
                    except NoReverseMatch:
                        continue
            resolver_match_types = _converter_types(route)
            with contextlib.suppress(NoReverseMatch):
                candidates.append(
                    reverse(route.name, kwargs={n: FALLBACK.get(resolver_match_types.get(n, "str"), "x")
                                                for n in route.kwargs})
                )
        if not candidates:
            continue
        chosen = next((url for url in dict.fromkeys(candidates) if client.get(url).status_code == 200), candidates[0])
        result.append(PublicURL(route, chosen, candidates))
    return result


def _converter_types(route: Route) -> dict[str, str]:
    types = {}
    for part in route.route.split("<")[1:]:
        spec = part.split(">", 1)[0]
        if ":" in spec:
            kind, name = spec.split(":", 1)
            types[name] = kind
        else:
            types[spec] = "str"
    return types


@dataclass
class FormSpec:
    action: str
    method: str
    fields: dict[str, str]  # name -> input type ("text", "file", "select", "textarea", "checkbox", …)
    options: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FormSpec] = []
        self.current: FormSpec | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.current = FormSpec(
                action=attributes.get("action") or self.page_url,
                method=(attributes.get("method") or "get").lower(),
                fields={},
            )
            self.forms.append(self.current)
        elif self.current is not None and attributes.get("name"):
            name = attributes["name"]
            if tag == "input":
                kind = (attributes.get("type") or "text").lower()
                if kind not in {"submit", "button", "reset", "image"}:
                    self.current.fields[name] = kind
            elif tag == "textarea":
                self.current.fields[name] = "textarea"
            elif tag == "select":
                self.current.fields[name] = "select"
                self.current.options[name] = []
                self.select = name
        if tag == "option" and self.current is not None and self.select:
            self.current.options[self.select].append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def forms_on(html: str, page_url: str) -> list[FormSpec]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
