"""The spaCy side: model loading and the ruler (``model``), known actors (``gazetteer``) and
the trigger vocabulary (``lexicon``). Importing this package does not import spaCy."""
