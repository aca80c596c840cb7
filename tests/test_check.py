"""``kg check``: contradictions between what documents claim and the reference roles, and between events.

Small hand-made stores (no model) test each rule with its negative cases; the example store tests
the seed article's two stale titles end to end.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.prefixes import ID, NS

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def claim_triples(doc_key: str, who: str, title: str, tenure: str, text: str, *, kind="TitleClaim",
                  sentence: str = "") -> str:
    """A claim in the shape kg.rdf.mapping writes: a document's words about a person, with a sentence."""
    node, doc, sent = f"<{ID}claim/{doc_key}-{who}-{tenure}>", f"<{ID}doc/{doc_key}>", f"<{ID}sentence/{doc_key}-{tenure}>"
    sentence = sentence or f"{text} spoke on Monday."
    return "".join(line + " .\n" for line in (
        f"{node} {TYPE} <{NS}{kind}>", f"{node} <{NS}claimAbout> <{ID}actor/{who}>",
        f'{node} <{NS}claimedTitle> "{title}"', f"{node} <{NS}tenure> <{NS}{tenure}>",
        f"{node} <{NS}inDocument> {doc}", f'{node} <{NS}text> "{text}"',
        f'{node} <{NS}charStart> "0"^^<{XSD}integer>', f'{node} <{NS}charEnd> "{len(text)}"^^<{XSD}integer>',
        f"{node} <{NS}evidence> {sent}", f'{sent} <{NS}text> "{sentence}"', f"{sent} <{NS}inDocument> {doc}"))


def role_triples(who: str, title: str, start: str, end: str = "") -> str:
    node = f"<{ID}role/{who}-{start}>"
    lines = [f"<{ID}actor/{who}> <{NS}holdsRole> {node}", f"{node} {TYPE} <{NS}Role>", f'{node} <{NS}title> "{title}"',
             f'{node} <{NS}roleStart> "{start}"^^<{XSD}date>',
             f'{node} <http://purl.org/dc/terms/source> "https://example.org/{who}"']
    if end:
        lines.append(f'{node} <{NS}roleEnd> "{end}"^^<{XSD}date>')
    return "".join(line + " .\n" for line in lines)


@pytest.fixture
def claims_store(tmp_path, mini_doc):
    """Documents of 2019-06-30 and 2025-06-12 calling Trump 'former President' / 'President'."""
    from kg.store.local import open_store

    path = tmp_path / "store"
    trump_terms = role_triples("trump", "President", "2017-01-20", "2021-01-20") + role_triples("trump", "President", "2025-01-20")
    with open_store(path) as store:
        for key, date, tenure, text in (("d2019", "2019-06-30", "FormerHolder", "former President Trump"),
                                        ("d2021", "2021-06-30", "FormerHolder", "former President Donald Trump"),
                                        ("d2025", "2025-06-12", "Incumbent", "President Trump")):
            graph, nt, described = mini_doc(key, date=date, event_type="Meeting")
            store.write_document(graph, nt + claim_triples(key, "trump", "President", tenure, text),
                                 described + trump_terms)
    return path


def run_check(path, *args):
    return CliRunner().invoke(main, ["check", "--store", str(path), *args])


def test_a_former_title_while_in_office_is_reported_with_both_sides(claims_store):
    out = run_check(claims_store, "--format", "json")
    assert out.exit_code == 1, out.output
    data = json.loads(out.output)
    assert data["count"] == 1  # 2021: "former" is right; 2025: "President" is right
    (finding,) = data["findings"]
    assert finding["kind"] == "title-contradicted" and finding["about"] == "Donald Trump"
    document, reference = finding["sides"]
    assert document["source"] == "d2019" and document["sentence"] == "former President Trump spoke on Monday."
    assert reference["urls"] == ["https://example.org/trump"] and finding["likelier"] == 1
    assert "2019-06-30" in finding["why"]


def test_the_table_names_the_finding_and_its_sentence(claims_store):
    out = run_check(claims_store)
    assert out.exit_code == 1
    assert "title-contradicted" in out.output and "former President Trump spoke on Monday." in out.output
    assert "1 finding (3 claims" in out.output


def test_a_users_roles_file_replaces_the_office_and_no_findings_exit_zero(claims_store, tmp_path):
    roles = tmp_path / "roles.json"  # a user who says Trump's first term ended in 2018: "former" in 2019 is right
    roles.write_text(json.dumps([{"name": "Donald Trump", "roles": [
        {"title": "President", "start": "2017-01-20", "end": "2018-01-01"}, {"title": "President", "start": "2025-01-20"}]}]))
    out = run_check(claims_store, "--roles", str(roles))
    assert out.exit_code == 0, out.output
    assert out.output.startswith("0 findings")
    out = run_check(claims_store, "--roles", str(tmp_path / "missing.json"))
    assert out.exit_code != 0 and "Traceback" not in out.output


def test_write_stores_findings_in_their_own_graph_and_changes_nothing_else(claims_store, store_nquads):
    from kg.check import FINDINGS_GRAPH
    from kg.store.local import open_store

    before = store_nquads(claims_store)
    assert run_check(claims_store, "--write").exit_code == 1
    after = store_nquads(claims_store)
    assert before < after and all(FINDINGS_GRAPH in q for q in after - before)
    with open_store(claims_store, read_only=True) as store:
        rows = list(store.query(f"SELECT ?f ?s WHERE {{ GRAPH <{FINDINGS_GRAPH}> {{ ?f a <{NS}TitleContradiction> ; "
                                f"<{NS}likelierSide>/<{NS}says> ?s }} }}"))
    assert len(rows) == 1 and "President" in rows[0]["s"].value
    assert run_check(claims_store, "--write").exit_code == 1
    assert store_nquads(claims_store) == after  # a second check replaces the first's findings


def test_an_administration_after_its_leaders_term(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        graph, nt, described = mini_doc("d", actors=("moon",), date="2025-06-12", event_type="Meeting")
        for tenure, text in (("Incumbent", "The Moon administration has"), ("FormerHolder", "the former Moon administration")):
            nt += claim_triples("d", "moon", "administration", tenure, text, kind="AdministrationClaim")
        store.write_document(graph, nt, described + role_triples("moon", "President", "2017-05-10", "2022-05-09"))
    data = json.loads(run_check(path, "--format", "json").output)
    assert [f["sides"][0]["says"] for f in data["findings"]] == [
        'calls Moon Jae-in "The Moon administration has" (the head of a government)']


def test_a_sentence_naming_another_year_keeps_its_title(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        graph, nt, described = mini_doc("d", actors=("trump",), date="2025-06-12")
        nt += claim_triples("d", "trump", "President", "FormerHolder", "former President Trump",
                            sentence="In 2022 former President Trump spoke in Ohio.")
        store.write_document(graph, nt, described + role_triples("trump", "President", "2025-01-20"))
    out = run_check(path)
    assert out.exit_code == 0, out.output


def test_an_event_stated_as_done_after_its_article(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        graph, nt, described = mini_doc("d", date="2019-06-30")
        nt = nt.replace(f'<{NS}date> "2019-06-30"', f'<{NS}date> "2019-07-04"')
        store.write_document(graph, nt, described)
        graph, nt, described = mini_doc("e", date="2019-06-30")  # dated on its article's day: fine
        store.write_document(graph, nt, described)
    data = json.loads(run_check(path, "--format", "json").output)
    assert [(f["kind"], f["sides"][0]["source"]) for f in data["findings"]] == [("event-after-document", "d")]


def test_a_summit_of_someone_who_was_no_leader_then(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        graph, nt, described = mini_doc("d", actors=("kim", "moon"), date="2023-06-30")
        store.write_document(graph, nt, described + role_triples("moon", "President", "2017-05-10", "2022-05-09"))
        graph, nt, described = mini_doc("e", actors=("kim", "moon"), date="2018-04-27")
        store.write_document(graph, nt, described + role_triples("moon", "President", "2017-05-10", "2022-05-09"))
    data = json.loads(run_check(path, "--format", "json").output)
    assert [(f["kind"], f["about"], f["sides"][0]["source"]) for f in data["findings"]] == [
        ("role-not-held", "Moon Jae-in", "d")]


@pytest.mark.slow
def test_the_seed_articles_stale_titles_are_reported_with_their_sentences(example_store):
    out = run_check(example_store, "--format", "json")
    assert out.exit_code == 1
    findings = [f for f in json.loads(out.output)["findings"] if f["kind"] == "title-contradicted"]
    said = {(f["about"], f["sides"][0]["source"], f["sides"][0]["date"]): f["sides"][0] for f in findings}
    trump = said[("Donald Trump", "seed_trump_kim_offer", "2025-06-12")]
    biden = said[("Joe Biden", "seed_trump_kim_offer", "2025-06-12")]
    assert "Former U.S. President Donald Trump" in trump["says"] and trump["sentence"].startswith("Former U.S. President")
    assert "Biden administration" in biden["says"] and biden["sentence"].startswith("The Biden administration")
    assert all(f["likelier"] == 1 for f in findings)  # the reference roles, not the stale title


def test_one_source_says_it_happened_another_that_it_did_not(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    with open_store(path) as store:
        for key, date, factuality in (("held", "2019-06-30", "Asserted"), ("called-off", "2019-06-30", "Negated"),
                                      ("also-held", "2019-07-01", "Asserted"), ("other-pair", "2019-06-30", "Negated")):
            actors = ("kim", "moon") if key == "other-pair" else ("kim", "trump")
            graph, nt, described = mini_doc(key, actors=actors, date=date, event_type="Meeting")
            event = f"<{ID}event/{key}-1>"
            store.write_document(graph, nt + f"{event} <{NS}factuality> <{NS}{factuality}> .\n", described)
    data = json.loads(run_check(path, "--format", "json").output)
    conflicts = [f for f in data["findings"] if f["kind"] == "factuality-conflict"]
    # a meeting of the next day is another meeting; the Kim-Moon denial contradicts no one
    assert [(f["sides"][0]["source"], f["sides"][1]["source"]) for f in conflicts] == [("held", "called-off")]
    assert "happened" in conflicts[0]["sides"][0]["says"] and "did not happen" in conflicts[0]["sides"][1]["says"]
    assert conflicts[0]["why"].startswith("As many documents on each side")


def _stated(event: str, doc_key: str, index: int, prop: str, value: str) -> str:
    """A mention of ``event`` in document ``doc_key`` that states its own value (identity's shape)."""
    mention, sentence, doc = f"<{ID}mention/{doc_key}-{index}>", f"<{ID}sentence/{doc_key}-{index}>", f"<{ID}doc/{doc_key}>"
    return "".join(line + " .\n" for line in (
        f"{event} <{NS}mention> {mention}", f"{mention} <{NS}evidence> {sentence}", f"{mention} <{NS}{prop}> {value}",
        f'{sentence} <{NS}text> "Sentence {index} of {doc_key}."', f"{sentence} <{NS}inDocument> {doc}"))


def test_one_event_whose_sources_disagree_on_a_detail(tmp_path, mini_doc):
    from kg.store.local import open_store

    path = tmp_path / "store"
    talks, clash = f"<{ID}event/shared-talks>", f"<{ID}event/shared-clash>"
    with open_store(path) as store:
        for number, (key, date) in enumerate((("a", "2019-06-30"), ("b", "2019-07-01"), ("c", "2019-07-02"))):
            graph, nt, described = mini_doc(key, date=date, event_type="Meeting")
            on = f'"2019-06-{29 + (number > 0)}"^^<{XSD}date>'
            nt += "".join(f"{e} <{NS}disputed> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> .\n"
                          f"{e} <{NS}disputed> <{NS}date> .\n{e} <http://www.w3.org/2000/01/rdf-schema#label> \"{e[-6:-1]}\" .\n"
                          for e in (talks, clash))
            nt += _stated(talks, key, 1, "statedClass", f"<{NS}{('Visit', 'Talks', 'Talks')[number]}>")
            nt += _stated(talks, key, 2, "statedDate", on)
            nt += _stated(clash, key, 3, "statedClass", f"<{NS}{('Talks', 'Attack', 'Talks')[number]}>")
            store.write_document(graph, nt, described)
    data = json.loads(run_check(path, "--format", "json").output)
    disputes = {(f["about"], f["sides"][0]["says"].split(":")[0]): f for f in data["findings"] if f["kind"] == "disputed-detail"}
    assert set(disputes) == {("talks", "date"), ("clash", "class")}  # a visit others call talks is no dispute
    date = disputes[("talks", "date")]
    assert date["likelier"] == 0 and date["sides"][0]["says"].startswith("date: 2019-06-30 (2 document(s): b, c)")
    assert disputes[("clash", "class")]["sides"][0]["says"].startswith("class: Talks (2 document(s)")
