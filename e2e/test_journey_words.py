"""What the default journeys (Sweden, in Swedish and English) look for, pinned word for word.

The journeys take their words from the site's catalogs and the market's data from its plugin,
so they run in any market and language; these checks (no browser) keep the Swedish and English
runs as exact as when the words were written into each journey."""

from __future__ import annotations

import re

import pytest
from pages import MarketFacts

#: message id → (Swedish, English), as the journeys look for them (a ``lead`` is the message up
#: to the end of its first clause).
WORDS = {
    # the car's people (test_people_journey)
    "Invite people and choose what they may use": (
        "Bjud in personer och välj vad de får använda",
        "Invite people and choose what they may use",
    ),
    "Send invitation": ("Skicka inbjudan", "Send invitation"),
    "Accept with my Porsche ID": ("Tacka ja med mitt Porsche ID", "Accept with my Porsche ID"),
    "Lock and unlock": ("Låsa och låsa upp", "Lock and unlock"),
    "Save rights": ("Spara behörigheter", "Save rights"),
    "ended %(time)s": ("slutade %(time)s", "ended %(time)s"),
    "You may use no remote functions of this car now.": (
        "Du får inte använda några fjärrfunktioner i den här bilen just nu.",
        "You may use no remote functions of this car now.",
    ),
    "Activate Porsche Connect": ("Aktivera Porsche Connect", "Activate Porsche Connect"),
    "Continue": ("Fortsätt", "Continue"),
    "This activation link does not work": (
        "Den här aktiveringslänken fungerar inte",
        "This activation link does not work",
    ),
    "Send me a new activation link": (
        "Skicka en ny aktiveringslänk till mig",
        "Send me a new activation link",
    ),
    "Order number": ("Ordernummer", "Order number"),
    "E-mail address": ("E-postadress", "E-mail address"),
    "Send new link": ("Skicka ny länk", "Send new link"),
    "Check your e-mail": ("Titta i din e-post", "Check your e-mail"),
    "Start the activation": ("Starta aktiveringen", "Start the activation"),
    "Choose your country": ("Välj land", "Choose your country"),
    "Page not found": ("Sidan hittades inte", "Page not found"),
    "Go to the list of countries": ("Till listan över länder", "Go to the list of countries"),
    "Help and customer service": ("Hjälp och kundtjänst", "Help and customer service"),
    "Skip to main content": ("Hoppa till huvudinnehållet", "Skip to main content"),
    "Create your Porsche ID": ("Skapa ditt Porsche ID", "Create your Porsche ID"),
    "Mobile phone number": ("Mobilnummer", "Mobile phone number"),
    "Password": ("Lösenord", "Password"),
    "Create Porsche ID and continue": (
        "Skapa Porsche ID och fortsätt",
        "Create Porsche ID and continue",
    ),
    "Send code": ("Skicka kod", "Send code"),
    "Code from the SMS": ("Kod från sms:et", "Code from the SMS"),
    "Verify and continue": ("Verifiera och fortsätt", "Verify and continue"),
    "Security code": ("Säkerhetskod", "Security code"),
    "Security code again": ("Säkerhetskod igen", "Security code again"),
    "Save and continue": ("Spara och fortsätt", "Save and continue"),
    "Street and number": ("Gata och nummer", "Street and number"),
    "Postal code": ("Postnummer", "Postal code"),
    "Town or city": ("Ort", "Town or city"),
    "Activate services": ("Aktivera tjänsterna", "Activate services"),
    "Your next steps": ("Dina nästa steg", "Your next steps"),
    "There is a problem": ("Det finns ett problem", "There is a problem"),
    "Continue with this Porsche ID": (
        "Fortsätt med det här Porsche ID:t",
        "Continue with this Porsche ID",
    ),
    "Model": ("Modell", "Model"),
    "Model year": ("Årsmodell", "Model year"),
    "Show services": ("Visa tjänster", "Show services"),
    "Your country": ("Ditt land", "Your country"),
    "Find customer service": ("Hitta kundtjänst", "Find customer service"),
    "Log in": ("Logga in", "Log in"),
    "Create a Porsche ID": ("Skapa ett Porsche ID", "Create a Porsche ID"),
    "Given name": ("Förnamn", "Given name"),
    "Family name": ("Efternamn", "Family name"),
    "Create Porsche ID": ("Skapa Porsche ID", "Create Porsche ID"),
    "Confirm your e-mail address": ("Bekräfta din e-postadress", "Confirm your e-mail address"),
    "Your e-mail address is confirmed": (
        "Din e-postadress är bekräftad",
        "Your e-mail address is confirmed",
    ),
    "Verify your phone number": ("Verifiera ditt telefonnummer", "Verify your phone number"),
    "Verify": ("Verifiera", "Verify"),
    "Your phone number is verified.": (
        "Ditt telefonnummer är verifierat.",
        "Your phone number is verified.",
    ),
    "Set a security code": ("Välj en säkerhetskod", "Set a security code"),
    "Save security code": ("Spara säkerhetskod", "Save security code"),
    "Your security code is saved.": ("Din säkerhetskod är sparad.", "Your security code is saved."),
    "Log out": ("Logga ut", "Log out"),
    "You are logged out.": ("Du är utloggad.", "You are logged out."),
    "Forgotten your password?": ("Glömt lösenordet?", "Forgotten your password?"),
    "Send link": ("Skicka länk", "Send link"),
    "New password": ("Nytt lösenord", "New password"),
    "Save password": ("Spara lösenord", "Save password"),
    "My Porsche": ("My Porsche", "My Porsche"),
    "My vehicles": ("Mina bilar", "My vehicles"),
    "Link this car": ("Koppla den här bilen", "Link this car"),
    "Your car is linked to your Porsche ID.": (
        "Din bil är kopplad till ditt Porsche ID.",
        "Your car is linked to your Porsche ID.",
    ),
    "Security code (needed to unlock)": (
        "Säkerhetskod (krävs för att låsa upp)",
        "Security code (needed to unlock)",
    ),
    "Unlock": ("Lås upp", "Unlock"),
    "waiting for the car": ("väntar på bilen", "waiting for the car"),
    "done": ("klart", "done"),
    "Link a car with VIN and pairing code": (
        "Koppla en bil med VIN och parkopplingskod",
        "Link a car with VIN and pairing code",
    ),
    "Link car": ("Koppla bilen", "Link car"),
    "Remove the car from your Porsche ID": (
        "Ta bort bilen från ditt Porsche ID",
        "Remove the car from your Porsche ID",
    ),
    "Your data and consents": ("Dina uppgifter och samtycken", "Your data and consents"),
    "What we keep about you": ("Det här sparar vi om dig", "What we keep about you"),
    "Withdraw this consent": ("Återkalla samtycket", "Withdraw this consent"),
    "Your consent is withdrawn.": ("Ditt samtycke är återkallat.", "Your consent is withdrawn."),
    "Give this consent again": ("Ge samtycket igen", "Give this consent again"),
    "I agree": ("Jag godkänner", "I agree"),
    "Thank you. Your consent is given again.": (
        "Tack. Ditt samtycke är givet igen.",
        "Thank you. Your consent is given again.",
    ),
    "Ask for a copy of your data": (
        "Be om en kopia av dina uppgifter",
        "Ask for a copy of your data",
    ),
    "Download your data": ("Ladda ner dina uppgifter", "Download your data"),
    "Our privacy policy has changed": (
        "Vår integritetspolicy har ändrats",
        "Our privacy policy has changed",
    ),
    "I have read it": ("Jag har läst det", "I have read it"),
}

#: Longer messages the journeys look for by their start (the words the journeys used to have).
LEADS = {
    "The code is not right. Check the SMS and try again.": (
        "Koden stämmer inte",
        "The code is not right",
    ),
    "Too many wrong codes: this code no longer works. Ask for a new code.": (
        "För många felaktiga försök",
        "Too many wrong codes",
    ),
    "Your password is changed. Log in with the new password.": (
        "Lösenordet är ändrat",
        "Your password is changed",
    ),
    "This password is a common password with a few characters added or swapped, which is "
    "easy to guess. Choose another one.": (
        "Lösenordet är ett vanligt lösenord med några tecken tillagda eller utbytta, och sådana "
        "är lätta att gissa",
        "This password is a common password with a few characters added or swapped, which is "
        "easy to guess",
    ),
    "We are putting your data together. We will send you an e-mail when you can download it, "
    "usually within a few minutes.": (
        "Vi sätter ihop dina uppgifter",
        "We are putting your data together",
    ),
}

#: Labels the journeys find by their whole text (the journeys used to have their start).
LABELS = {
    "I accept the Data Pass terms, including the transfer of my data": (
        "Jag godkänner villkoren för Data Pass",
        "I accept the Data Pass terms",
    ),
    "I agree that Porsche and this Porsche partner exchange my data (optional)": (
        "Jag samtycker till att Porsche och den här Porsche-partnern",
        "I agree that Porsche and this Porsche partner",
    ),
}


@pytest.fixture(scope="module")
def sweden(market: MarketFacts) -> MarketFacts:
    """Sweden's facts (the project ships its plugin; the default journeys are Swedish)."""
    return MarketFacts(market.app, "se")


@pytest.mark.parametrize("index, language", [(0, "sv"), (1, "en")])
def test_the_words_of_the_default_journeys(sweden, index, language):
    t = sweden.texts(language)
    assert {msgid: t(msgid) for msgid in WORDS} == {m: w[index] for m, w in WORDS.items()}
    assert {msgid: t.lead(msgid) for msgid in LEADS} == {m: w[index] for m, w in LEADS.items()}
    for msgid, words in LABELS.items():
        assert t(msgid).startswith(words[index]), (t(msgid), words[index])


def test_the_site_words_of_the_default_journeys(sweden):
    sv, en = sweden.texts("sv"), sweden.texts("en")
    assert sweden.languages == ("sv", "en")
    assert sweden.support_email == "smartmobility@se.porsche.com"
    assert sweden.policy_changed_on() is not None  # the privacy journey shows the policy note
    welcome = "Welcome to My Porsche in %(country)s"
    assert sv(welcome, country=sweden.name("sv")) == "Välkommen till My Porsche i Sverige"
    assert en(welcome, country=sweden.name("en")) == "Welcome to My Porsche in Sweden"
    assert [sweden.name("sv"), sweden.language_name("sv")] == ["Sverige", "Svenska"]
    assert [sweden.name("en"), sweden.language_name("en")] == ["Sweden", "English"]
    assert [sweden.tag("sv"), sweden.tag("en")] == ["sv-SE", "en-SE"]
    assert sweden.other_language("sv") == "en" and sweden.other_language("en") == "sv"
    assert sv("Hello %(name)s", name="Anna") == "Hej Anna"
    assert sv("Step %(number)s of %(total)s", number=1, total=9) == "Steg 1 av 9"
    assert en("Step %(number)s of %(total)s", number=1, total=9) == "Step 1 of 9"
    no_service = (
        "There is no Porsche Connect customer service for %(country)s. Please contact your "
        "Porsche partner."
    )
    assert sv.lead(no_service, country="Brasilien") == (
        "Det finns ingen kundtjänst för Porsche Connect i Brasilien"
    )
    assert en.lead(no_service, country="Brazil") == (
        "There is no Porsche Connect customer service for Brazil"
    )
    assert sv("Data exchange with %(partner)s", partner="Porsche Center Göteborg") == (
        "Utbyte av uppgifter med Porsche Center Göteborg"
    )


def test_the_store_words_of_the_default_journeys(sweden):
    sv, en = sweden.texts("sv"), sweden.texts("en")
    results = "Services for the %(model)s, model year %(year)s"
    assert sv(results, model="Taycan", year=2024) == "Tjänster för Taycan, årsmodell 2024"
    assert en(results, model="Taycan", year=2024) == "Services for the Taycan, model year 2024"
    for language, sentence in [
        ("sv", "Ingår i 36 månader, därefter 1\u00a0990\u00a0kr per år"),
        ("en", "Included for 36 months, then 1\u00a0990\u00a0kr per year"),
    ]:
        priced = sweden.priced_service("taycan", 2024, language)
        assert priced.name == "Navigation Plus"
        assert priced.terms.search(sentence), (priced.terms.pattern, sentence)
    later = sweden.later_service("taycan", "sv", preferred="vzo_download_v2")
    assert (later.name, later.first_year) == ("Riskradar", 2021)
    reason = "the %(model)s has it from model year %(year)s."
    assert sv(reason, model="Taycan", year=2021) == "Taycan har den från årsmodell 2021."
    assert en(reason, model="Taycan", year=2021) == "the Taycan has it from model year 2021."
    assert sweden.model_names()[-1] == "Macan Electric"


def test_the_activation_of_the_default_journeys(sweden):
    assert sweden.activation_steps("taycan", 2026) == [
        "porsche-id",
        "phone",
        "security-code",
        "services",
        "data-pass",
        "charging",
        "partner",
        "invoice",
        "check",
    ]
    assert len(sweden.activation_steps("718", 2025)) == 6
    provider = sweden.data_pass_provider("taycan", 2026)
    assert re.search("Exempel Mobil", provider.name)
    assert provider.registration_url == "https://datapass.example.com/se"
    assert sweden.charging_plan("taycan").name == "Porsche Charging Service Plus"
    phone, e164 = sweden.mobile_number()
    assert phone.startswith("07") and e164.startswith("+467")
