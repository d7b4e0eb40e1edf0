"""The column and region trees as small cached structures: one query each, shared by every page.

Navigation, breadcrumbs and "this column and its sub-columns" all read the tree instead of walking parent
links with a query per level.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.urls import reverse

from news import content_version
from news.models import Column, Region, Topic

TIMEOUT = 600


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    slug: str
    parent_id: int | None
    url: str

    def get_absolute_url(self) -> str:
        return self.url


@dataclass
class Tree:
    nodes: dict[int, Node]
    order: list[int]
    children_of: dict[int | None, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node_id in self.order:
            self.children_of.setdefault(self.nodes[node_id].parent_id, []).append(node_id)

    @property
    def roots(self) -> list[Node]:
        return [self.nodes[pk] for pk in self.children_of.get(None, [])]

    def children(self, node_id: int) -> list[Node]:
        return [self.nodes[pk] for pk in self.children_of.get(node_id, [])]

    def get(self, node_id: int | None) -> Node | None:
        return self.nodes.get(node_id) if node_id is not None else None

    def by_slug(self, slug: str) -> Node | None:
        return next((node for node in self.nodes.values() if node.slug == slug), None)

    def ancestors(self, node_id: int | None, include_self: bool = True) -> list[Node]:
        """From the root down to the node; safe against a cycle an admin might have made."""
        chain, seen = [], set()
        node = self.get(node_id)
        if node is not None and not include_self:
            node = self.get(node.parent_id)
        while node is not None and node.id not in seen:
            seen.add(node.id)
            chain.append(node)
            node = self.get(node.parent_id)
        return list(reversed(chain))

    def descendant_ids(self, node_id: int) -> list[int]:
        ids, frontier = [node_id], [node_id]
        while frontier:
            frontier = [child for pk in frontier for child in self.children_of.get(pk, []) if child not in ids]
            ids.extend(frontier)
        return ids

    def subtree_ids(self, slug: str) -> list[int]:
        """The node with this slug and everything below it; nothing for an unknown slug."""
        node = self.by_slug(slug)
        return self.descendant_ids(node.id) if node else []

    def slug_choices(self, with_path: bool = False) -> list[tuple[str, str]]:
        """(slug, label) for a form's choices, in tree order; the label is the name, or the path from the root."""
        return [
            (node.slug, " › ".join(step.name for step in self.ancestors(node.id)) if with_path else node.name)
            for node in (self.nodes[pk] for pk in self.order)
        ]


def _build(model, url_name: str) -> Tree:
    rows = model.objects.order_by(*model._meta.ordering).values_list("id", "name", "slug", "parent_id")
    nodes = {
        pk: Node(pk, name, slug, parent_id, reverse(url_name, kwargs={"slug": slug}))
        for pk, name, slug, parent_id in rows
    }
    return Tree(nodes=nodes, order=list(nodes))


def _cached(model, url_name: str, label: str) -> Tree:
    key = f"news:tree:{label}:{content_version.current()}"
    tree = cache.get(key)
    if tree is None:
        tree = _build(model, url_name)
        cache.set(key, tree, TIMEOUT)
    return tree


def column_tree() -> Tree:
    return _cached(Column, "news:column", "column")


def region_tree() -> Tree:
    return _cached(Region, "news:region", "region")


def _topics() -> list[tuple[int, str, str]]:
    key = f"news:topic-rows:{content_version.current()}"
    rows = cache.get(key)
    if rows is None:
        rows = list(Topic.objects.values_list("pk", "slug", "name"))
        cache.set(key, rows, TIMEOUT)
    return rows


def topic_choices() -> list[tuple[str, str]]:
    """(slug, name) of every topic, cached the same way: the search page's topic choices without a query."""
    return [(slug, name) for _pk, slug, name in _topics()]


def topic_ids(slug: str) -> list[int]:
    """The id of the topic with this slug (none for an unknown slug), from the same cached rows."""
    return [pk for pk, topic_slug, _name in _topics() if topic_slug == slug]
