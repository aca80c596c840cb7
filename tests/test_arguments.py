"""Event arguments: who acts, on whom, with whom; reading them records nothing until written.

The sentences are the team's own, written to show one pattern each (never taken from the
evaluation articles).
"""
import pytest


pytestmark = pytest.mark.slow  # every test here runs the spaCy model


@pytest.fixture(scope="module")
def parsed(reader):
    """The state of a document after its mentions are read, and its trigger candidates."""
    from kg.extract.actors import find_mentions
    from kg.extract.events.triggers import find_candidates, prune
    from kg.extract.state import DocState

    def run(text):
        doc = reader.nlp(text)
        state = DocState.for_doc(doc, reader.gazetteer, reader.lexicon)
        find_mentions(doc, state)
        cands = [c for s in state.sentences for c in prune(find_candidates(s, state), state)]
        return state, cands

    return run


def events_of(record, event_type):
    return [e for e in record.events if e.event_type == event_type]


_SHARED_CAPITALS = "Turkey urged Moscow and Kyiv to accept a ceasefire and offered to host talks."


def test_reading_an_event_records_nothing_and_the_write_step_records_its_metonymies(parsed):
    from kg.extract.events.build import build_event, read_event

    state, cands = parsed(_SHARED_CAPITALS)
    appeal = next(c for c in cands if c.trigger.event_type == "Appeal")
    before = list(state.mentions)
    event, metonymies = read_event(appeal, state)
    assert state.mentions == before  # computing reads the state, never writes mentions
    assert set(event.targets) == {"russia", "ukraine"}
    assert {(m.key, m.stands_for) for m in metonymies} == {("moscow", "russia"), ("kyiv", "ukraine")}
    build_event(appeal, state)
    added = state.mentions[len(before):]
    assert sorted((m.actor_key, m.rule, m.stands_for_key) for m in added) == [
        ("kyiv", "actor.metonymy", "ukraine"), ("moscow", "actor.metonymy", "russia")]


def test_a_capital_read_by_two_events_is_one_metonymic_mention(read):
    rec = read(_SHARED_CAPITALS)
    offer, appeal = events_of(rec, "OfferOfTalks")[0], events_of(rec, "Appeal")[0]
    assert set(offer.targets) == set(appeal.targets) == {"russia", "ukraine"}  # both read the capitals
    assert len(rec.mentions) == len(set(rec.mentions))
    assert sum(m.actor_key == "moscow" and m.metonymic for m in rec.mentions) == 1
