"""Shapes of real news that the rules had not seen (#17): the misses of the held-out articles h21-h24,
each shown by sentences written for these tests, with the negative cases beside them."""
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def read(read_events):
    return read_events


def _of(events, event_type):
    return [e for e in events if e.event_type == event_type]


# (sentence, class, agent, target or participant): phrasal verbs and the CAMEO dictionaries' to-infinitives
TRIGGERS = [
    ("Japan turned down China's proposal for a joint survey of the islands.", "Rejection", "japan", "china"),
    ("The Philippines brushed aside Beijing's complaint about the patrol.", "Rejection", "philippines", "china"),
    ("Manila brushed off the criticism from Beijing.", "Rejection", "philippines", None),
    ("Lithuania ordered out two Russian diplomats on Friday.", "Expulsion", "lithuania", "russia"),
    ("Poland ordered three Belarusian diplomats to leave the country.", "Expulsion", "poland", "belarus"),
    ("Serbia and Kosovo initialled a framework agreement in Brussels.", "Agreement", None, "kosovo"),
    ("Canada raised concerns about China's treatment of detained citizens.", "Criticism", "canada", "china"),
]


@pytest.mark.parametrize("text, event_type, agent, side", TRIGGERS)
def test_phrasal_and_infinitival_triggers(read, text, event_type, agent, side):
    events = _of(read(text), event_type)
    assert events, f"no {event_type} in {text!r}: {read(text)}"
    if agent:
        assert agent in events[0].agents, events[0]
    if side:
        assert side in (*events[0].targets, *events[0].participants), events[0]


NOT_THESE = [
    ("The music was turned down after complaints from the neighbours.", "Rejection"),
    ("The president ordered officials to investigate the leak.", "Expulsion"),
    ("Canada raised concerns about China's treatment of detained citizens.", "Meeting"),  # not PETRARCH2's 040
    ("The row threatens an investment agreement that Canberra and Beijing signed in 2015.", "Warning"),
    ("The dispute threatens to derail talks between Armenia and Azerbaijan.", "Warning"),
]


@pytest.mark.parametrize("text, event_type", NOT_THESE)
def test_what_these_sentences_do_not_report(read, text, event_type):
    assert not _of(read(text), event_type), read(text)


def test_a_request_named_as_the_occasion_is_made_of_whoever_answers_it(read):
    (request,) = _of(read("The Security Council will meet on Friday at France's request."), "Appeal")
    assert request.agents == ("france",) and request.targets  # the council, not nobody
    (asked,) = _of(read("France sent troops to the border at Chad's request."), "Appeal")
    assert asked.agents == ("chad",) and asked.targets == ("france",)


def test_a_request_of_its_own_and_a_threat_someone_made_stay_events(read):
    assert [e.agents for e in _of(read("Ukraine renewed its request for air defence systems."), "Appeal")] == [
        ("ukraine",)]
    (warning,) = _of(read("Iran threatened Israel with a crushing response."), "Warning")
    assert warning.agents == ("iran",) and warning.targets == ("israel",)


def test_a_states_protest_is_criticism_and_a_crowds_stays_a_protest(read):
    (protest,) = _of(read("Tokyo rejected a protest from Seoul over the textbooks."), "Criticism")
    assert protest.agents == ("south_korea",)
    (owned,) = _of(read("The Philippines brushed aside Beijing's protest over the patrol."), "Criticism")
    assert owned.agents == ("china",)
    street = read("Thousands joined a protest in Tbilisi against the foreign agents law.")
    assert _of(street, "Protest") and not _of(street, "Criticism")


def test_a_clause_that_hosts_something_else_makes_no_host_of_the_main_event(read):
    (offer,) = _of(read("Kenya made the offer on Monday as it hosted a delegation from Somalia."), "OfferOfTalks")
    assert offer.agents == ("kenya",) and not offer.hosts
    (truce,) = _of(read("With Egypt mediating, Israel and Hamas agreed to a truce."), "Agreement")
    assert "egypt" in truce.mediators and "egypt" not in truce.participants


def test_the_two_leaders_are_the_leaders_the_sentence_names(read):
    text = ("President Trump hosted Prime Minister Imran Khan at the White House on Monday. He said Prime Minister "
            "Narendra Modi had asked him for help when the two leaders met in Osaka.")
    meetings = [e for e in read(text) if e.event_type in ("Meeting", "Summit")]
    assert set(meetings[-1].participants) == {"donald_trump", "narendra_modi"}
    earlier = read("President Xi Jinping met President Joe Biden in Bali. Officials said the two leaders had agreed "
                   "to resume climate talks.")
    (agreed,) = _of(earlier, "Agreement")
    assert set(agreed.participants) == {"xi_jinping", "joe_biden"}  # none named here: the latest pair


# ------------------------------------------------------------------ who: bodies, names beside nouns, clauses


def test_the_ministry_named_again_is_the_government_it_was_before(read):
    events = read("Japan's foreign ministry said the plan was dangerous. The ministry urged Seoul to drop it.")
    (appeal,) = _of(events, "Appeal")
    assert appeal.agents == ("japan",) and appeal.targets == ("south_korea",)
    alone = read("The ministry urged Seoul to drop the plan.")
    assert not [e.agents for e in _of(alone, "Appeal") if e.agents]  # no ministry named before: nobody


def test_a_name_beside_a_noun_is_who_it_is(read):
    text = ("Foreign Minister Penny Wong met reporters. Vice Minister Sun Weidong summoned the head of the "
            "Australian mission, Graham Fletcher, to lodge a complaint.")
    events = [e for e in read(text) if e.event_type == "Criticism"]
    assert events and "penny_wong" not in events[-1].targets


def test_a_finite_verb_after_a_passive_infinitive_goes_with_the_reporting_verb(read):
    text = "Kallas, speaking in Tallinn, said Moscow had to be held accountable and urged allies to send more shells."
    (appeal,) = _of(read(text), "Appeal")
    assert appeal.agents == ("kaja_kallas",)


def test_a_clause_read_as_a_phrase_keeps_its_own_subject(read):
    text = "Beijing froze military contacts, which it resumed only after Nancy Pelosi, then speaker, visited Taiwan."
    (visit,) = _of(read(text), "Visit")
    assert visit.agents == ("nancy_pelosi",) and visit.targets == ("taiwan",)


def test_what_a_relative_clause_suspends_is_its_antecedent(read):
    (cut,) = _of(read("Ecuador restored the contacts with Peru, which Quito suspended in 2023."), "ReduceRelations")
    assert cut.agents == ("ecuador",)
    assert _of(read("Ecuador suspended military contacts with Peru."), "ReduceRelations")
    assert not _of(read("Ecuador restored the contacts with Peru, which are useful."), "ReduceRelations")


def test_a_possessive_trip_refers_back_and_a_meeting_that_names_its_sides_does_not(read):
    events = read("Orban visited Moscow last week. EU officials have criticised his trips.")
    assert len([e for e in events if e.event_type == "Visit"]) == 1
    events = read("Trump met Putin in Helsinki. His meetings with Kim Jong Un in Singapore came earlier.")
    assert len([e for e in events if e.event_type in ("Meeting", "Summit")]) == 2
    events = read("Biden rejected the Russian demands. Putin was forceful in his denial on Monday.")
    assert any("vladimir_putin" in e.agents for e in _of(events, "Rejection"))  # his own, not Biden's rejection


def test_hours_spent_in_talks_make_the_spender_a_side(read):
    (talks,) = _of(read("Blinken spent seven hours in talks with Foreign Minister Qin Gang."), "Talks")
    assert set(talks.participants) == {"antony_blinken", "qin_gang"}


def test_a_concern_about_a_topic_is_about_whoever_the_topic_names(read):
    (concern,) = _of(read("Blinken said he had raised concerns about the flow of fentanyl ingredients from China."),
                     "Criticism")
    assert concern.targets == ("china",)


def test_the_sides_judging_their_own_meeting_praise_no_one(read):
    events = read("Qin Gang held talks with Blinken that both sides called candid and constructive.")
    assert not _of(events, "Endorsement") and _of(events, "Talks")
    assert not _of(read("Both leaders called the meeting productive."), "Endorsement")
    (praise,) = _of(read("Japan called the accord historic."), "Endorsement")  # not a side of it: praise
    assert praise.agents == ("japan",)


def test_an_offer_to_mediate_is_made_to_the_sides_of_the_dispute(read):
    events = read("India turned down Trump's offer to mediate in its dispute with Pakistan over Kashmir.")
    (offer,) = _of(events, "OfferOfTalks")
    assert offer.agents == ("donald_trump",) and "pakistan" in offer.targets


def test_those_a_measure_names_after_including_are_its_targets(read):
    (sanction,) = _of(read("China announced sanctions on ten people and four entities, including the EU's "
                           "human rights subcommittee."), "Sanction")
    assert "european_union" in sanction.targets
    (expelled,) = _of(read("Russia expelled 20 diplomats, including envoys from Poland and Lithuania."), "Expulsion")
    assert set(expelled.targets) == {"poland", "lithuania"}


def test_a_demand_that_someone_act_is_made_of_them_whatever_their_side(read):
    text = "The Congress party demanded that Prime Minister Modi explain what he had told Trump."
    (demand,) = [e for e in read(text) if e.event_type in ("Appeal", "Demand")]
    assert demand.targets == ("narendra_modi",)  # not Trump, named inside what Modi is to explain


def test_a_state_rejecting_it_answers_a_union_of_states(read):
    text = ("The European Union imposed sanctions on four Chinese officials on Monday. China's foreign ministry "
            "said the decision was based on lies and rejected it as interference in China's affairs.")
    (rejection,) = _of(read(text), "Rejection")
    assert rejection.agents == ("china",) and rejection.targets == ("european_union",)
