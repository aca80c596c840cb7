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


def test_earlier_mentions_are_events_of_the_same_kind_sharing_an_actor(gazetteer, lexicon):
    state = DocState(gazetteer, lexicon)
    state.append_event(_event("1", "Summit", participants=("a", "b")))
    state.append_event(_event("2", "Criticism", agents=("a",)))
    state.append_event(_event("3", "Meeting", participants=("a", "c")))
    state.append_event(_event("4", "Talks", participants=("b",)))
    # a meeting mention may repeat any meeting-family event that shares its rarest actor
    assert state.earlier_mentions(_event("5", "Meeting", participants=("a", "b"))) in ([0, 2], [0, 3])
    assert state.earlier_mentions(_event("5", "Meeting", participants=("a", "c"))) == [2]
    assert state.earlier_mentions(_event("6", "Visit", participants=("b",))) == [0, 3]
    assert state.earlier_mentions(_event("7", "Criticism", agents=("a",))) == [1]
    assert state.earlier_mentions(_event("8", "Criticism")) == []  # no actor: never a repeat
    assert state.event_kinds == {"Summit", "Criticism", "Meeting", "Talks"}
    assert state.pairs == [["a", "b"], ["a", "c"]]
