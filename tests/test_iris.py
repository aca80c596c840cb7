import re

from hypothesis import given, strategies as st

from kg import iris

IRI_RE = re.compile(r"^https://w3id\.org/diplokg/id/[a-z]+/[a-z0-9-]{1,48}-[0-9a-f]{10}$")


def test_same_name_same_iri():
    assert iris.actor_iri("Kim Jong Un") == iris.actor_iri("kim  jong un")


def test_different_names_differ_even_with_same_slug():
    assert iris.actor_iri("Kim!") != iris.actor_iri("Kim?")


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_iri(name):
    value = iris.actor_iri(name)
    assert IRI_RE.match(value), value


def test_hostile_name_never_leaks_into_iri():
    value = iris.actor_iri('<img src=x onerror=alert(1)>"\n\u202e\u200b😀' + "x" * 10_000)
    assert IRI_RE.match(value)


@given(st.text(max_size=100))
def test_normalise_key_is_idempotent(name):
    once = iris.normalise_key(name)
    assert iris.normalise_key(once) == once


def _normalise_in_full(text):
    """normalise_key without its shortcut for printable ASCII: every step, on every text."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return re.sub(r"\s+", " ", text).strip().casefold()


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=80), st.text(max_size=80)))
def test_the_ascii_shortcut_gives_the_full_normal_form(name):
    assert iris.normalise_key(name) == _normalise_in_full(name)
