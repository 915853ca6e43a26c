"""Fixtures of the core's tests; the shared ones (apps, databases, actions, fake market plugins)
come from the ``porsche_web.testing`` pytest plugin, plain helpers from
``porsche_web.testing.helpers``. Test modules import nothing from each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel import Locale

DATA = Path(__file__).parent / "data"

#: Names of the support article's countries that CLDR spells differently.
SEED_NAMES = {"Hong Kong": "hk", "Bosnien-Hercegovina": "ba"}


@pytest.fixture(scope="session")
def seed_contacts() -> dict[str, str]:
    """The 45 support contacts of the Swedish support article (``tests/data``), by country."""
    by_name = {name: code.lower() for code, name in Locale("sv").territories.items()}
    contacts = {}
    for line in (DATA / "support_contacts_sv.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, email = (part.strip() for part in line.split(":", 1))
        contacts[SEED_NAMES.get(name) or by_name[name]] = email
    return contacts
