"""Event-class facts as plain records: parent, quad class, PLOVER and CAMEO codes, symmetry, triggers.

The ontology (``ontologies/diplomacy.ttl``) is the only source of these facts;
``kg.rdf.ontology.read_event_classes`` reads them from it into an ``EventClasses`` table, and every
stage asks that table (extraction through the lexicon, without importing rdflib). Adding an event
class to the ontology is therefore a data change: nothing here names a class.

>>> table = EventClasses((
...     EventClass("Meeting", parent=None, symmetric=True, quad_class="MaterialCooperation"),
...     EventClass("Summit", parent="Meeting"),
...     EventClass("Warning", parent=None, verbs=("warn",)),
... ))
>>> sorted(table.family("Meeting")), sorted(table.family("Warning"))
(['Meeting', 'Summit'], ['Warning'])
>>> table.quad_class("Summit"), table.ancestors("Summit")
('MaterialCooperation', ('Summit', 'Meeting'))
>>> sorted(table.symmetric)
['Meeting']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional


@dataclass(frozen=True)
class EventClass:
    """One event class of the ontology, by its local name in the ``dip:`` namespace.

    ``parent`` is the local name of its ``dip:`` superclass (``None`` directly under
    ``dip:Event``); codes and the quad class are as declared on the class itself (see
    ``EventClasses.quad_class`` for the inherited one): ``cameo`` the CAMEO codes it takes,
    ``plover`` its PLOVER types, ``quad_class`` by CAMEO's root and ``plover_quad`` by the PLOVER
    manual (``kg.nlp.coding``); ``verbs`` and ``nouns`` are the ``dip:triggerVerb`` /
    ``dip:triggerNoun`` values as written.
    """

    name: str
    parent: Optional[str] = None
    label: str = ""
    quad_class: Optional[str] = None
    plover: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()
    plover_quad: tuple[str, ...] = ()
    symmetric: bool = False
    verbs: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventClasses:
    """The event classes of one ontology, looked up by local name."""

    classes: tuple[EventClass, ...] = ()
    _by_name: dict[str, EventClass] = field(init=False, repr=False, compare=False)
    # answers computed once: extraction asks them for every pair of events it compares
    _answers: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {c.name: c for c in self.classes})
        object.__setattr__(self, "_answers", {})

    def _cached(self, key: tuple, compute):
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = compute()
        return answer

    def __iter__(self) -> Iterator[EventClass]:
        return iter(self.classes)

    def __len__(self) -> int:
        return len(self.classes)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> EventClass:
        return self._by_name[name]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the local names of the classes, in table order."""
        return tuple(c.name for c in self.classes)

    @property
    def symmetric(self) -> frozenset[str]:
        """Return the classes whose sides are interchangeable (``dip:symmetric true``)."""
        return self._cached(("symmetric",), lambda: frozenset(c.name for c in self.classes if c.symmetric))

    @property
    def parents(self) -> dict[str, str]:
        """Return ``{class: parent}`` for the classes below another event class."""
        return {c.name: c.parent for c in self.classes if c.parent}

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Return ``name`` and its event superclasses, nearest first."""
        chain = self._answers.get(("ancestors", name))  # asked for every rule of every event: no closure made
        return chain if chain is not None else self._cached(("ancestors", name), lambda: self._chain(name))

    def _chain(self, name: str) -> tuple[str, ...]:
        chain = [name]
        while chain[-1] in self._by_name and self._by_name[chain[-1]].parent not in (None, *chain):
            chain.append(self._by_name[chain[-1]].parent)
        return tuple(chain)

    def family(self, name: str) -> frozenset[str]:
        """Return ``name`` and every class below it (``Meeting``: also ``Summit``, ``Talks``...)."""
        return self._cached(("family", name), lambda: self._below(name))

    def _below(self, name: str) -> frozenset[str]:
        return frozenset(c.name for c in self.classes if name in self.ancestors(c.name)) | {name}

    def quad_class(self, name: str) -> Optional[str]:
        """Return the quad class of ``name``, inherited from the nearest class that declares one."""
        for ancestor in self.ancestors(name):
            declared = self._by_name.get(ancestor)
            if declared is not None and declared.quad_class:
                return declared.quad_class
        return None
