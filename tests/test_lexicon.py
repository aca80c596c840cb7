"""The trigger vocabulary: its syntax, and how PETRARCH2's verbs are filtered into it."""
from kg.rdf.ontology import read_event_classes
from kg.nlp.coding import load_coding
from kg.nlp.lexicon import parse_trigger, read_petrarch


def bare(lexicon, lemma):
    return [t for t in lexicon.verbs.get(lemma, ()) if t.specificity == 0]


def test_trigger_syntax():
    t = parse_trigger("Appeal", "call (on|upon)")
    assert t.lemma == "call" and t.preps == ((frozenset({"on", "upon"}), ()),) and t.specificity == 1
    t = parse_trigger("Criticism", "express concern|alarm")
    assert t.words == (frozenset({"concern", "alarm"}),)
    t = parse_trigger("Appeal", "ask ~to")
    assert t.frame == "to" and not t.words and t.specificity == 1
    t = parse_trigger("Rejection", "not respond")
    assert t.negated_only and t.lemma == "respond"
    t = parse_trigger("Concession", "release (of prisoner|hostage)", noun=True)
    assert t.lemma == "release" and t.preps[0][1] == (frozenset({"prisoner", "hostage"}),)
    t = parse_trigger("MissileTest", "missile test", noun=True)
    assert t.lemma == "test" and t.words == (frozenset({"missile"}),)


def test_ask_and_call_need_a_complement(lexicon):
    """'asked whether', 'called the talks useful': no bare trigger; requests and calls have complements."""
    assert not bare(lexicon, "ask") and not bare(lexicon, "call")
    assert any(t.frame == "to" and t.event_type == "Appeal" for t in lexicon.verbs["ask"])
    assert any(t.preps and "for" in t.preps[0][0] and t.event_type == "Appeal" for t in lexicon.verbs["call"])
    assert {t.event_type for t in lexicon.verbs["call"]} == {"Appeal"}  # PETRARCH2 adds complements, not classes


def test_petrarch_verbs_the_coders_named_come_with_their_code(lexicon):
    (castigate,) = bare(lexicon, "castigate")  # a reviewed synonym in the 111 block
    assert (castigate.event_type, castigate.code, castigate.source) == ("Criticism", "111", "petrarch")
    assert bare(lexicon, "censure")[0].event_type == "Criticism"
    assert bare(lexicon, "boycott")[0].event_type == "Sanction"
    assert bare(lexicon, "rescind")[0].event_type == "ReduceRelations"


def test_ambiguous_reporting_and_light_verbs_have_no_bare_petrarch_reading(lexicon):
    for lemma in ("think", "consider", "give", "hit", "kill", "help", "suggest", "insist", "say", "hold", "send"):
        assert all(t.source == "ontology" for t in bare(lexicon, lemma)), lemma
    assert not any(t.source == "petrarch" for t in lexicon.verbs.get("hold", ()))  # light verb: its noun decides


def test_a_pattern_never_recodes_a_verb_whose_bare_form_codes_an_event():
    lines = ["verb\tscold\tSCOLD\t111\tnamed", "pattern\tSCOLD\tsanctions\t053\tscold",
             "verb\tplead\tBEG\t---\tnamed", "pattern\tBEG\t(for truce)\t0256\tplead",
             "verb\tupbraid\tSCOLD\t111\twordnet", "verb\tcheer\tACCLAIM\t051\twordnet",
             "pattern\tBEG\t(for money)\t0231\tbeg"]
    coding = load_coding(read_event_classes())
    rules = {**coding.data["petrarch"], "wordnet_synonyms_kept": [{"why": "test", "verbs": ["cheer"]}]}
    coding = type(coding)(coding.classes, {**coding.data, "petrarch": rules})
    triggers = read_petrarch(lines, coding, {}, {})
    by_lemma = {}
    for t in triggers:
        by_lemma.setdefault(t.lemma, []).append(t)
    assert [(t.event_type, t.words) for t in by_lemma["scold"]] == [("Criticism", ())]
    assert [t.event_type for t in by_lemma["plead"]] == ["Appeal"]  # only the pattern written for it
    assert "upbraid" not in by_lemma  # an unreviewed WordNet synonym: its patterns only (none)
    assert by_lemma["cheer"][0].event_type == "Endorsement"


def test_every_event_class_and_its_subclasses_get_triggers(lexicon):
    classes = {t.event_type for table in (lexicon.verbs, lexicon.nouns) for ts in table.values() for t in ts}
    for name in ("Demand", "ReduceRelations", "Expulsion", "Investigation", "Coercion", "Cooperation", "Mobilization"):
        assert name in classes
    assert lexicon.nearest("Expulsion", {"Sanction"}) == "Sanction" and lexicon.is_a("Demand", "Appeal")
