"""news/search_facets.py: filter tokens stored with each piece and asked for by a filtered search."""

from news.search_facets import Facets, article_tokens
from news.search_text import document_terms, query_terms


def test_a_piece_s_tokens_are_its_own_values_once_each_in_a_fixed_order():
    assert article_tokens(12, 3, None, [5, 1, 5], [44, 9]) == "c_12 r_3 t_1 t_5 g_9 g_44"
    assert article_tokens(None, None, None) == ""
    assert article_tokens(1, None, 80) == "c_1 s_80"


def test_facets_and_their_groups():
    assert not Facets.of()  # nothing asked: no narrowing
    both = Facets.of(columns=[7, 3, 7], tags=[2])
    assert both.groups == (("c_3", "c_7"), ("g_2",))
    assert bool(both)
    assert not both.impossible
    nothing = Facets.of(schools=[], topics=[1])
    assert bool(nothing)
    assert nothing.impossible


def test_no_text_can_become_a_filter_token():
    """The words of a text and of a query are letters and digits only; every token holds an underscore."""
    hostile = "c_12 g_1 t_5 s_80 r_3 c_12* _c_12_"
    assert all("_" not in term for term in document_terms(hostile).split())
    assert all("_" not in term.word for term in query_terms(hostile))
