"""What an event is about (kg.extract.events.topic): the words two outlets share for one remark.

Every sentence here was written for the test.
"""
import pytest

from kg.records import SourceDocument

pytestmark = pytest.mark.slow  # every test here runs the spaCy model


@pytest.fixture(scope="module")
def read(reader):
    from kg.ingest import content_hash
    from kg.pipeline.build import read_documents

    def run(text):
        return next(read_documents(reader, [SourceDocument("t", text, content_hash(text), date="2025-06-12")]))

    return run


def criticism(record):
    found = [e for e in record.events if e.event_type == "Criticism"]
    assert found, [(e.event_type, e.trigger.text) for e in record.events]
    return found[0]


def test_a_remark_is_about_what_it_called_its_target_not_about_the_sides(read):
    words = criticism(read("Macron likened Erdogan to a “bully” in a radio interview.")).words
    assert "bully" in words and not {"macron", "erdogan", "liken"} & set(words)


def test_two_wordings_of_one_remark_share_its_word(read):
    one = criticism(read("Ankara accused Athens of provocation over the drilling ship.")).words
    other = criticism(read("Turkey condemned what it called a Greek provocation near the drilling ship.")).words
    assert "provocation" in set(one) & set(other)


def test_dates_and_numbers_are_not_what_a_remark_is_about(read):
    words = criticism(read("Seoul condemned the two launches on Tuesday as a grave provocation.")).words
    assert "tuesday" not in words and "two" not in words and "provocation" in words
