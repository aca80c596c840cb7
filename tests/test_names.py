"""Names: which spans become actors, and which actor each one is (kg/extract/names.py, orgs.py, credits.py).

Every sentence here was written for these tests; each pattern has a negative case next to it.
"""
import pytest

from kg.extract.credits import credit_spans

pytestmark = pytest.mark.slow  # the tests read sentences with the spaCy model


def actors(record):
    return {a.key: a for a in record.actors}


def labels(record):
    return {a.label for a in record.actors}


def key_of(record, label):
    return next(a.key for a in record.actors if a.label == label or label in a.alt_labels)


# -- a longer name wins over a gazetteer name inside it --------------------------------------

def test_a_spokesman_who_shares_a_leaders_surname_is_not_the_leader(read):
    rec = read("Ministry spokesman Igor Lavrov told reporters that Moscow had not been consulted.")
    assert "sergei_lavrov" not in actors(rec)
    assert actors(rec)[key_of(rec, "Igor Lavrov")].kind == "Person"


def test_a_double_barrelled_surname_is_not_the_leader_either(read):
    rec = read("The envoy, Elena Sokolova-Lavrov, arrived in Vienna on Monday.")
    assert "sergei_lavrov" not in actors(rec)
    assert "Elena Sokolova-Lavrov" in labels(rec)


def test_the_surname_alone_is_still_the_leader(read):
    rec = read("Lavrov told reporters that Moscow had not been consulted.")
    assert "sergei_lavrov" in actors(rec)


def test_two_surnames_joined_by_a_hyphen_are_two_people(read):
    rec = read("The Putin-Erdogan meeting lasted three hours.")
    assert "vladimir_putin" in actors(rec)


def test_a_captain_whose_name_begins_like_a_known_official_is_someone_else(read):
    rec = read("The captain of the trawler, Kim Song-ho, said the patrol boat rammed his vessel.")
    assert "kim_song" not in actors(rec)
    assert "Kim Song-ho" in labels(rec)


def test_a_body_named_after_a_city_is_a_body(read):
    rec = read("The Minsk Group will meet again next month to discuss the ceasefire.")
    assert "minsk" not in actors(rec)
    assert actors(rec)[key_of(rec, "Minsk Group")].kind == "Organization"


def test_a_place_named_with_a_demonym_is_that_place_not_the_country(read):
    rec = read("The envoy was shot dead outside a community centre in British Columbia last June.")
    assert "united_kingdom" not in actors(rec)
    assert actors(rec)[key_of(rec, "British Columbia")].kind in ("City", "Place")


def test_a_demonym_before_a_title_still_names_the_country(read):
    rec = read("The British Foreign Secretary said the envoy would be expelled.")
    assert "united_kingdom" in actors(rec)


def test_talks_in_the_city_still_name_the_city(read):
    rec = read("The two delegations met in Minsk on Friday.")
    assert actors(rec)["minsk"].kind == "City"


def test_one_countrys_joint_chiefs_are_not_anothers(read):
    rec = read("South Korea's Joint Chiefs of Staff said the missile flew 600 km. "
               "The Joint Chiefs of Staff added that the launch was detected at 7 a.m.")
    assert "us_joint_chiefs" not in actors(rec)
    assert {m.actor_key for m in rec.mentions if "Joint Chiefs" in m.span.text} == {"south_korean_jcs"}


def test_a_known_bodys_name_with_another_countrys_possessive_is_that_countrys_body(read):
    rec = read("Japan's National Security Council met in Tokyo on Sunday.")
    assert "us_nsc" not in actors(rec)
    council = actors(rec)[key_of(rec, "National Security Council")]
    assert council.kind == "Organization" and council.affiliation_key == "japan"


def test_a_countrys_possessive_finds_its_own_ministry_in_the_gazetteer(read):
    rec = read("China's Defense Ministry said the drills would last three days. "
               "The Defense Ministry did not name the ships.")
    assert {m.actor_key for m in rec.mentions if "Ministry" in m.span.text} == {"chinese_defense_ministry"}


def test_a_countrys_navy_keeps_its_name_and_country(read):
    rec = read("The Indian Navy said it had tracked the vessel for two days.")
    navy = actors(rec)[key_of(rec, "Indian Navy")]
    assert navy.kind == "Organization" and navy.affiliation_key == "india"


def test_a_missions_country_and_city_make_one_body(read):
    rec = read("A spokesman for the U.S. Embassy in Islamabad said the aid would arrive on Tuesday.")
    embassy = actors(rec)[key_of(rec, "U.S. Embassy")]
    assert embassy.kind == "Organization" and embassy.affiliation_key == "united_states"
    assert "islamabad" in actors(rec)


# -- fragments that name nobody --------------------------------------------------------------

def test_a_peoples_adjective_before_a_singular_noun_is_not_an_organisation(read):
    rec = read("Negash said the Afaran side had made painful concessions.")
    assert not any(a.label == "Afaran" for a in rec.actors)


def test_a_name_before_a_bodys_head_word_is_still_a_body(read):
    rec = read("A spokesman said the Qirwan movement had agreed to the truce.")
    assert any("Qirwan" in a.label for a in rec.actors)


def test_a_time_zone_is_not_an_organisation(read):
    rec = read("The talks ended at 1730 GMT on Wednesday, the ministry said.")
    assert "GMT" not in labels(rec)


def test_a_word_opening_a_sentence_is_not_an_organisation(read):
    rec = read("Aware that the cameras were rolling, the two ministers shook hands in Ankara.")
    assert "Aware" not in labels(rec)


def test_an_operation_is_not_an_actor(read):
    rec = read("The army launched Operation Sindoor against camps across the border.")
    assert not any("Sindoor" in label for label in labels(rec))


def test_a_treaty_is_not_a_party(read):
    rec = read("Both countries signed a document affirming the \u201cAbraham Accords.\u201d")
    assert not any("Accords" in label for label in labels(rec))


def test_a_planet_is_not_a_place(read):
    rec = read("The rocket puts satellites into low Earth orbit, Russia said.")
    assert "Earth" not in labels(rec)


def test_north_and_south_korea_names_both_countries(read):
    rec = read("The leaders of North and South Korea agreed to pursue a permanent peace.")
    assert {"north_korea", "south_korea"} <= set(actors(rec))
    assert "North and" not in labels(rec)


def test_an_abbreviated_country_is_the_country(read):
    rec = read("N. Korea fired two missiles on Sunday.")
    assert "north_korea" in actors(rec) and len([a for a in rec.actors if a.kind == "Country"]) == 1


def test_a_name_in_a_list_of_people_is_a_person(read):
    rec = read("He was joined by his sister, Kim Yo Jong, the navy chief, Ri Pyong Chol, "
               "Pak Jong Chon, and Jo Chun Ryong, the director of the munitions department.")
    ri = actors(rec)[key_of(rec, "Ri Pyong Chol")]
    assert ri.kind == "Person"


def test_an_unknown_gpe_is_a_place_unless_the_text_says_city(read):
    rec = read("Shelling near the town of Kotli and in Bagh district was reported, officials said.")
    kinds = {a.label: a.kind for a in rec.actors}
    assert kinds["Kotli"] == "City"
    assert kinds["Bagh"] == "Place"


def test_a_person_missed_by_the_ner_after_a_title_is_found(read):
    rec = read("In a statement, Foreign Office spokesperson Tariq Iqbal Qureshi thanked the donors.")
    assert actors(rec)[key_of(rec, "Tariq Iqbal Qureshi")].kind == "Person"


def test_a_place_the_ner_missed_is_found_by_its_head_word(read):
    rec = read("The two leaders shook hands across the Military Demarcation Line on Friday.")
    assert actors(rec)[key_of(rec, "Military Demarcation Line")].kind == "Place"


# -- credit lines ----------------------------------------------------------------------------

def test_the_agency_of_a_credit_line_is_a_source_not_an_actor(read):
    rec = read("SEOUL (Reuters) - North Korea fired a ballistic missile over Japan on Tuesday.")
    assert any(m.actor_key == "reuters" and m.rule == "actor.credit" for m in rec.mentions)
    assert all("reuters" not in (*e.agents, *e.targets, *e.participants) for e in rec.events)


def test_a_credit_outside_brackets_is_a_source_too(read):
    rec = read("HANOI, June 4 /Xinhua/ -- Vietnam and Laos signed a border accord on Tuesday.\n\n"
               "Nablus, Jan 8, WAFA – Dozens of people protested.")
    credited = {m.actor_key for m in rec.mentions if m.rule == "actor.credit"}
    assert credited and not credited & {k for e in rec.events for k in (*e.agents, *e.targets, *e.participants)}
    assert all(m.rule == "actor.credit" for m in rec.mentions if m.actor_key in credited)


def test_accents_do_not_split_a_person(read):
    rec = read("Stéphane Dujarric said the talks would resume. Later, Stephane Dujarric said Guterres was ready to help.")
    assert len({a.key for a in rec.actors if a.label.endswith("Dujarric")}) == 1


def test_a_syndicated_credit_names_the_outlet_not_the_network(read):
    rec = read("SINGAPORE  (The Straits Times/ANN)-  The two leaders signed a document on Tuesday.")
    assert "Straits Times" in labels(rec)
    assert not any("ANN" in label for label in labels(rec))


def test_an_agency_named_in_running_text_is_an_organisation(read):
    rec = read("North Korea's launch was first reported by Reuters, which cited two officials.")
    assert any(m.actor_key == "reuters" and m.rule != "actor.credit" for m in rec.mentions)


def test_credit_spans_read_wire_styles_and_nothing_else():
    text = "Headline here\n\nVLADIVOSTOK, Russia, Sept 13 (Reuters) \u2013 Putin said."
    assert [text[s:e] for s, e, _ in credit_spans(text)] == ["Reuters"]
    text = "(JNS) WASHINGTON \u2013 The signing took place."
    assert [text[s:e] for s, e, _ in credit_spans(text)] == ["JNS"]
    assert credit_spans("Officials said the talks (held in Doha) - were useful.") == []


# -- one node for one entity -----------------------------------------------------------------

def test_a_title_and_surname_is_the_full_name_seen_later(read):
    rec = read("Summit was a first step, says PM Lee\n\nPrime Minister Lee Hsien Loong welcomed the meeting.")
    assert [a.key for a in rec.actors if a.kind == "Person"] == ["lee_hsien_loong"]


def test_a_company_with_its_legal_designators_is_the_company(read):
    rec = read("Lukoil said it would comply. The order names Lukoil OAO and Rosneft Oil Company PJSC. "
               "Rosneft did not comment.")
    companies = sorted(a.key for a in rec.actors if a.kind == "Organization")
    assert companies == ["organization:lukoil", "organization:rosneft"]


def test_the_short_name_of_a_body_named_before_is_that_body(read):
    rec = read("The United Nations Security Council met on Friday. The Security Council voted 15-0.")
    assert {m.actor_key for m in rec.mentions if "Council" in m.span.text} == {"un_security_council"}


def test_a_place_first_named_by_its_first_word_is_the_full_place(read):
    rec = read("Kim arrived at Vostochny on Wednesday. The Vostochny Cosmodrome is Russia's newest launch site.")
    places = [a for a in rec.actors if "Vostochny" in a.label]
    assert len(places) == 1 and places[0].kind == "Place"


def test_the_journalists_a_story_credits_are_not_actors(read):
    rec = read("By Maria Lopez\n\nSEOUL (Reuters) - North Korea fired a missile on Tuesday.\n\n"
               "(Reporting by Hyonhee Shin in Seoul and Ken Moriyama in Osaka; Editing by Tom Hogue)")
    assert not any(a.kind == "Person" for a in rec.actors)
    assert "Osaka" not in labels(rec) and "north_korea" in actors(rec)


def test_a_person_named_by_in_the_story_is_still_an_actor(read):
    rec = read("The proposal, drafted by Maria Lopez of the foreign ministry, was rejected on Monday.")
    assert "Maria Lopez" in labels(rec)


# -- Wikidata: ids only from the gazetteer, and the graph says when there is none -------------

def test_an_actor_outside_the_gazetteer_is_marked_unlinked_in_the_graph(read):
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF

    from kg.rdf.mapping import map_document
    from kg.vocab import DIP

    mapped = map_document(read("Foreign Minister Sergei Lavrov met envoy Tariq Iqbal Qureshi in Moscow."))
    graph = Graph().parse(data=mapped.descriptions, format="nt")
    unlinked = {str(s) for s in graph.subjects(RDF.type, URIRef(str(DIP.UnlinkedEntity)))}
    linked = {str(s) for s in graph.subjects(OWL.sameAs, None)}
    assert unlinked and linked and not unlinked & linked
    labels_of = {str(graph.value(URIRef(s), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) for s in unlinked}
    assert "Tariq Iqbal Qureshi" in labels_of and "Sergei Lavrov" not in labels_of


def test_a_place_spelt_two_ways_in_one_story_is_one_place(read):
    rec = read("The first relief flight landed at Noor Khan Air Base on Monday. "
               "Two more flights were received at Nur Khan Air Base on Tuesday.")
    assert len([a for a in rec.actors if "Khan Air Base" in a.label]) == 1


def test_two_names_that_differ_in_more_than_spelling_stay_two(read):
    rec = read("The convoy drove from Fort Bliss to Fort Bragg on Monday, officials said.")
    assert {"Fort Bliss", "Fort Bragg"} <= labels(rec)


def test_an_ocean_named_by_its_first_word_is_the_known_ocean(read):
    rec = read("The two navies held drills in the western Pacific on Sunday.")
    assert "pacific_ocean" in actors(rec)


def test_a_word_of_a_quoted_slogan_is_not_an_actor(read):
    rec = read("Supporters wore \u201cMake America Great Again\u201d hats as the delegation arrived in Warsaw.")
    assert "united_states" not in actors(rec) and "warsaw" in actors(rec)


def test_a_country_quoted_in_a_sentence_is_still_the_country(read):
    rec = read("\u201cWe will never accept what Iran is doing,\u201d the minister said.")
    assert "iran" in actors(rec)
