"""An actor with no country of its own is coded by the place where it acts, never by another country."""
import wirewatch
import wirewatch.events.stage  # noqa: F401  (registers the events stage)


def events_of(text: str):
    return wirewatch.read(text, format="text", clean=False, date="2021-03-10").events


def test_an_actor_without_a_country_takes_the_country_of_the_place_it_acts_in():
    [event] = [e for e in events_of("Prisoners rioted in Dili on Monday.") if e.type == "PROTEST"]
    assert event.actor.country == "TLS"
    assert any(rule.startswith("actor country: the place") for rule in event.rules)
