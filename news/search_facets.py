"""Search filters as tokens in the search index itself.

Each indexed piece carries a token for its column, region, school, topics and tags (`c_12`, `r_3`, `s_80`,
`t_1`, `g_44`). A filtered search asks the engine for the words AND the filter's tokens, so FTS5 and the GIN
index intersect two posting lists instead of the database checking every match of a common word against the
filter's pieces (at 100,000 pieces, a common word with a topic took 25–100 ms that way; see README, search).

The underscore keeps the two vocabularies apart: text terms are runs of letters and digits only
(news/search_text.py), so no word a reader types can ever be a filter token.

Columns and regions are stored as the piece's own node only; "this column and its sub-columns" asks for any of
the subtree's tokens, so moving a column in the tree needs no re-indexing. Ids are never reused (AUTOINCREMENT
on SQLite, sequences on PostgreSQL), so a token left behind by a deleted school or tag matches no later one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

COLUMN, REGION, SCHOOL, TOPIC, TAG = "c", "r", "s", "t", "g"


def token(kind: str, pk: int) -> str:
    return f"{kind}_{int(pk)}"


def article_tokens(
    column_id: int | None,
    region_id: int | None,
    school_id: int | None,
    topic_ids: Iterable[int] = (),
    tag_ids: Iterable[int] = (),
) -> str:
    """What the index stores for one piece: its facet tokens, space-separated, in a fixed order."""
    tokens = [token(kind, pk) for kind, pk in ((COLUMN, column_id), (REGION, region_id), (SCHOOL, school_id)) if pk]
    tokens += [token(TOPIC, pk) for pk in sorted(set(topic_ids))]
    tokens += [token(TAG, pk) for pk in sorted(set(tag_ids))]
    return " ".join(tokens)


def of_article(article) -> str:
    """`article_tokens` of a loaded piece (prefetch its topics and tags when loading many)."""
    return article_tokens(
        article.column_id,
        article.region_id,
        article.school_id,
        (topic.pk for topic in article.topics.all()),
        (tag.pk for tag in article.tags.all()),
    )


@dataclass(frozen=True)
class Facets:
    """Which pieces a search keeps to: every group must match, by any one of its tokens.

    A group with no tokens (a school name no school has) matches nothing, so the search has no hits.
    """

    groups: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(
        cls,
        *,
        columns: Iterable[int] | None = None,
        regions: Iterable[int] | None = None,
        schools: Iterable[int] | None = None,
        topics: Iterable[int] | None = None,
        tags: Iterable[int] | None = None,
    ) -> Facets:
        """None leaves a facet open; ids (an empty list included) narrow the search to pieces with any of them."""
        groups = []
        for kind, ids in ((COLUMN, columns), (REGION, regions), (SCHOOL, schools), (TOPIC, topics), (TAG, tags)):
            if ids is not None:
                groups.append(tuple(token(kind, pk) for pk in sorted(set(ids))))
        return cls(tuple(groups))

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def impossible(self) -> bool:
        return any(not group for group in self.groups)
