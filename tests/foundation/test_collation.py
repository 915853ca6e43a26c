"""Country lists sorted as readers of the language expect (#19, item 6): German puts Ägypten
and Österreich with A and O, Swedish puts Å, Ä, Ö after Z."""

from __future__ import annotations

import re

from porsche_web.collation import sorted_names
from porsche_web.countries import countries


def names(language: str) -> list[str]:
    return [name for _, name in countries(language)]


def test_german_sorts_umlauts_with_their_vowels():
    german = names("de")
    assert german.index("Ägypten") < german.index("Albanien")
    assert german.index("Oman") < german.index("Österreich") < german.index("Pakistan")
    assert german[-1] != "Österreich" and german.index("Zypern") > german.index("Österreich")


def test_swedish_sorts_a_ring_a_umlaut_and_o_umlaut_after_z():
    swedish = names("sv")
    tail = swedish[swedish.index("Zimbabwe") + 1 :]
    assert tail[:1] and tail[0].startswith("Å")
    firsts = [name[0] for name in tail]
    assert firsts == sorted(firsts, key="ÅÄÖ".index)
    assert "Österrike" in tail and swedish.index("Oman") < swedish.index("Polen")


def test_english_and_danish():
    assert sorted_names(["Zambia", "Albania", "Åland Islands"], "en") == [
        "Åland Islands",  # "Aland" before "Albania"
        "Albania",
        "Zambia",
    ]
    assert sorted_names(["Åbenrå", "Ærø", "Østrig", "Zanzibar"], "da") == [
        "Zanzibar",
        "Ærø",
        "Østrig",
        "Åbenrå",
    ]


def test_the_country_chooser_and_the_contact_directory_follow_the_page_language(client):
    for language in ("de", "sv"):
        chooser = client.get(f"/?lang={language}").get_data(as_text=True)
        listed = re.findall(r'<span class="market-name"[^>]*>([^<]+)</span>', chooser)
        assert len(listed) > 5 and listed == sorted_names(listed, language), language
    support = client.get("/de/de/support").get_data(as_text=True)
    directory = support[support.index('id="directory-heading"') :]
    listed = re.findall(r'<th scope="row">([^<]+)</th>', directory)
    assert len(listed) > 5 and listed == sorted_names(listed, "de")
    assert listed.index("Österreich") < listed.index("Polen")
