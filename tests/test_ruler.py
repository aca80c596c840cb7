"""The gazetteer ruler (kg.nlp.ruler) decides exactly as spaCy's EntityRuler, in linear time."""
import pytest

spacy = pytest.importorskip("spacy")

from spacy.pipeline import EntityRuler  # noqa: E402
from spacy.tokens import Span  # noqa: E402

from kg.nlp.ruler import GazetteerRuler  # noqa: E402

PATTERNS = [
    {"label": "GPE", "pattern": "North Korea", "id": "north-korea"},
    {"label": "GPE", "pattern": "Korea", "id": "korea"},
    {"label": "GPE", "pattern": "South Korea", "id": "south-korea"},
    {"label": "PERSON", "pattern": "Kim Jong Un", "id": "kim"},
    {"label": "PERSON", "pattern": "Kim", "id": "kim"},
    {"label": "ORG", "pattern": "Korea Central News Agency", "id": "kcna"},
    {"label": "ORG", "pattern": [{"LOWER": "news"}, {"LOWER": "agency"}, {"LOWER": "of"}, {"IS_TITLE": True}]},
    {"label": "NORP", "pattern": "Korean"},
]

TEXT = ("North Korea's Kim Jong Un met South Korea's president, the Korea Central News Agency said. "
        "Kim told the News Agency of Korea that Korean and South Korean officials met in Panmunjom.")


def _doc(nlp, text, ents):
    doc = nlp(text)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


@pytest.mark.parametrize("overwrite", [True, False])
@pytest.mark.parametrize("ents", [[], [(0, 2, "LOC"), (3, 5, "ORG"), (13, 15, "ORG")], [(1, 4, "ORG"), (20, 21, "PERSON")]])
def test_the_gazetteer_ruler_finds_what_spacys_entity_ruler_finds(overwrite, ents):
    nlp = spacy.blank("en")
    rulers = [cls(nlp, overwrite_ents=overwrite) for cls in (EntityRuler, GazetteerRuler)]
    for ruler in rulers:
        ruler.add_patterns(PATTERNS)
    text = " ".join([TEXT] * 30)
    results = []
    for ruler in rulers:
        doc = ruler(_doc(nlp, text, ents))
        results.append([(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents])
    assert results[0] == results[1]
    assert ("PERSON", "kim") in {(label, ent_id) for _, _, label, ent_id in results[1]}
