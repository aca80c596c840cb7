"""Events: triggers from the ontology's vocabulary, arguments from the dependency parse.

For each sentence: find trigger candidates (verbs and nouns, with the dependents a multi-word
trigger needs), drop those that are only the content of an offer, appeal or evaluation, or
that refer back to an event already read, then read each one's agent, target, participants,
place, time, count and factuality from the parse, and merge repeated mentions of one event.
"""
from __future__ import annotations

from kg.extract.events.build import build_event, factuality
from kg.extract.events.merge import add_event, find_events
from kg.extract.events.syntax import is_negated
from kg.extract.events.triggers import Candidate, find_candidates, prune

__all__ = ["Candidate", "add_event", "build_event", "factuality", "find_candidates", "find_events", "is_negated", "prune"]
