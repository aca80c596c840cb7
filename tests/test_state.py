"""The per-document indexes extraction looks back through (kept so that extraction stays linear)."""
from kg.extract import state as state_module
from kg.extract.state import DocState, TokenActors
from kg.records import Event, Span


def _event(event_id, event_type, agents=(), participants=()):
    return Event(event_id, event_type, Span(0, 1, "x"), 0, "test", agents=agents, participants=participants)


def test_mentions_before_are_nearest_first_whatever_order_they_were_added_in(gazetteer, lexicon):
    state = DocState(gazetteer, lexicon)
    for index, key in ((9, "b"), (2, "a"), (5, "c"), (12, "d")):
        state.token_actor[index] = key
    state.token_actor[5] = "e"  # re-assigning a token keeps one entry for it
    assert list(state.mentions_before(10)) == [(9, "b"), (5, "e"), (2, "a")]
    assert list(state.mentions_before(2)) == []
    assert isinstance(state.token_actor, TokenActors) and state.token_actor.order == [2, 5, 9, 12]


def test_mentions_before_stop_after_the_lookback(gazetteer, lexicon):
    state = DocState(gazetteer, lexicon)
    far = state_module.MENTION_LOOKBACK + 10
    for index in range(far):
        state.token_actor[index] = f"k{index}"
    seen = list(state.mentions_before(far))
    assert len(seen) == state_module.MENTION_LOOKBACK and seen[0] == (far - 1, f"k{far - 1}")


def test_merging_looks_back_only_over_the_latest_events(gazetteer, lexicon):
    state = DocState(gazetteer, lexicon)
    for i in range(state_module.EVENT_LOOKBACK + 5):
        state.events.append(_event(str(i), "Criticism", agents=("a",)))
    indices = list(state.recent_event_indices())
    assert indices[0] == len(state.events) - 1 and len(indices) == state_module.EVENT_LOOKBACK
    assert state.recent_events()[-1] is state.events[-1]


def test_the_latest_event_date_is_kept_as_dates_are_noted(gazetteer, lexicon):
    import datetime as dt

    state = DocState(gazetteer, lexicon)
    state.note_event_date("1", dt.date(2025, 3, 4))
    state.note_event_date("2", dt.date(2025, 3, 1))
    assert state.latest_event_date == dt.date(2025, 3, 4) and len(state.event_dates) == 2
