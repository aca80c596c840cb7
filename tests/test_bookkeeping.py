"""The store's bookkeeping (actor descriptions, events' reports and keys) never reaches a bundled query's answers."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.run import bundled_queries, run_query
from kg.store.local import open_store
from kg.vocab import DIP

BOOKKEEPING_TERMS = {str(DIP.ActorDescription), str(DIP.givesDescription), str(DIP.descriptionOf),
                     str(DIP.descriptionText), str(DIP.reportData), str(DIP.identityKey)}


def bookkeeping_nodes(store) -> set[str]:
    """The description nodes, and the events' reports and keys (literals) kept beside them."""
    rows = run_query(store, "SELECT DISTINCT ?v WHERE { { ?v a dip:ActorDescription } UNION "
                            "{ ?e dip:reportData|dip:identityKey ?v } }").value
    return {row["v"].value for row in rows}


@pytest.mark.slow
def test_no_bundled_query_returns_bookkeeping(example_store):
    with open_store(example_store, read_only=True) as store:
        hidden = bookkeeping_nodes(store) | BOOKKEEPING_TERMS
        assert len(hidden) > len(BOOKKEEPING_TERMS)  # the store does hold some: the check means something
        for name, query in bundled_queries().items():
            params = {"name": ox.Literal("Kim Jong Un")} if "?name" in query.text else {}
            result = run_query(store, query.text, params=params)
            values = {term.value for row in result.value for term in row if term is not None}
            assert not values & hidden, name
            if "?name" in query.text:
                assert values, f"{name} found nothing for Kim Jong Un"


@pytest.mark.slow
def test_the_documented_filter_leaves_bookkeeping_out(example_store):
    with open_store(example_store, read_only=True) as store:
        every = run_query(store, "SELECT DISTINCT ?t WHERE { ?x a ?t }").value
        kept = run_query(store, "SELECT DISTINCT ?t WHERE { ?x a ?t FILTER NOT EXISTS { ?x a dip:ActorDescription } }").value
        assert str(DIP.ActorDescription) in {r["t"].value for r in every}
        assert str(DIP.ActorDescription) not in {r["t"].value for r in kept}
