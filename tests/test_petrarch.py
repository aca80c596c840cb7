"""Reading PETRARCH2's verb dictionary format, and the packaged extract of it."""
from kg import resources
from kg.rdf.ontology import read_event_classes
from kg.nlp.coding import load_coding
from kg.nlp.petrarch import extract, parse_code, parse_pattern, read_dictionary

# A small dictionary in PETRARCH2's format, written for these tests (not taken from the file).
SAMPLE = """\
####### SYNONYM SETS #######
&TRUCE
+TRUCE
+CEASEFIRE
+CEASE_FIRE

####### VERB PATTERNS #######
---  SCOLD   [111]  ---
SCOLD
UPBRAID
REBUKE [111]
- * SANCTIONS                                   [053]         # SCOLD
- &ARMY * TROOPS                               [111]         # SCOLD

---  BEG   [---]  ---
BEG
+PLEAD_FOR {+PLEADS_FOR +PLEADED_FOR}
- * (FOR &TRUCE)                                [0256]        # BEG
- * (FOR MONEY)                                 [0231]        # PLEAD_FOR
- * HOLIDAY                                     [---]         # BEG

---  PONDER   [040]  ---
PONDER
######## TRANSFORMATIONS ##########
"""


def routes(code):
    return {"11": "Criticism", "02": "Appeal"}.get(code[:2])


def test_codes_and_patterns_are_read_into_the_project_syntax():
    assert parse_code("036:036") == "036" and parse_code(":173") == "173" and parse_code("---") == "---"
    assert parse_pattern("* (FOR {HUMANITARIAN AID})") == "(for humanitarian aid)"
    assert parse_pattern("* FORWARD {PEACE PLAN} +") == "forward peace plan"
    assert parse_pattern("&MILITARY * EXERCISES") is None  # a subject constraint


def test_blocks_verbs_synonym_sets_and_who_named_a_verb():
    synsets, blocks = read_dictionary(SAMPLE.splitlines())
    assert synsets["&truce"] == ["truce", "ceasefire"]  # a phrase of several words is left out
    scold, beg, ponder = blocks
    assert scold.code == "111" and scold.verbs == {"scold": None, "upbraid": None, "rebuke": "111"}
    assert scold.attested == {"scold", "rebuke"}  # upbraid: a synonym nobody named
    assert scold.patterns == [("sanctions", "053", ("scold",))] and scold.subject_patterns == 1
    assert beg.particles == {"plead": "for"} and ponder.code == "040"


def test_the_extract_keeps_what_routes_to_a_class():
    synsets, blocks = read_dictionary(SAMPLE.splitlines())
    rows = extract(synsets, blocks, routes)
    assert "synset\t&truce\ttruce|ceasefire" in rows
    assert "verb\tscold\tSCOLD\t111\tnamed" in rows and "verb\tupbraid\tSCOLD\t111\twordnet" in rows
    assert "pattern\tBEG\t(for &truce)\t0256\tbeg" in rows
    assert "pattern\tBEG\t(for money)\t0231\tplead" in rows
    assert not any("holiday" in r or "PONDER" in r or "sanctions" in r for r in rows)  # null, out of scope


def test_the_packaged_extract_is_current_and_names_its_source():
    """Every code in kg/data/lexicon/petrarch_verbs.tsv still routes to a class (else regenerate it)."""
    coding = load_coding(read_event_classes())
    lines = resources.read_text("lexicon", "petrarch_verbs.tsv").splitlines()
    assert coding.sources["petrarch"]["commit"] in lines[0] and "MIT" in lines[1]
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    codes = [r[3] for r in rows if r[0] == "verb" and r[3] != "---"] + [r[3] for r in rows if r[0] == "pattern"]
    assert len(codes) > 500
    assert all(coding.route(code) for code in codes)
