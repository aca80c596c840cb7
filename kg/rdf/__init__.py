"""RDF: the ontology (``ontology``), records → N-Triples (``mapping``), the format table
(``formats``) and exporting a store (``export``). Never imports spaCy."""
