"""Every column that looks personal is declared through ``core_personal_data`` (privacy centre)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from flask_babel import force_locale
from sqlalchemy import Column, Integer, MetaData, String, Table

from porsche_web.extensions import db
from porsche_web.hooks import LegalBasis, PersonalData, Processing, current_hooks

#: Column names that hold personal data or tie a row to a person. Whole words of the name
#: (``ip`` is ``ip`` or ``ip_address``, not ``zip`` or ``ship``).
PERSONAL = re.compile(
    r"(^|_)("
    r"e?mail|phone|mobile|name|given|family|nickname|birth|address|street|postal|zip|city|region"
    r"|vin|ip|user_agent|agent|company|vat_number|vat_id|recipient|account_id|actor|subject"
    r"|body|message"
    r"|to_address|new_email|iban|card"
    r")(_|$)"
)


def looks_personal(column: str) -> bool:
    return bool(PERSONAL.search(column)) or column.endswith("name")


def undeclared(metadata: MetaData, declarations: Iterable[PersonalData]) -> list[str]:
    """``table.column`` of every column that looks personal and no declaration covers."""
    covered = {(d.table, column) for d in declarations for column in d.columns}
    return sorted(
        f"{table.name}.{column.name}"
        for table in metadata.sorted_tables
        for column in table.columns
        if looks_personal(column.name) and (table.name, column.name) not in covered
    )


def unknown(metadata: MetaData, declarations: Iterable[PersonalData]) -> list[str]:
    """Declared tables or columns that do not exist (renamed or dropped)."""
    tables = metadata.tables
    return sorted(
        f"{d.table}.{column}"
        for d in declarations
        for column in d.columns
        if d.table not in tables or column not in tables[d.table].columns
    )


@pytest.fixture
def declarations(app) -> list[PersonalData]:
    with app.app_context():
        return current_hooks().personal_data()


def test_the_check_finds_a_personal_column_nobody_declared():
    metadata = MetaData()
    Table(
        "loyalty_cards",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("account_id", Integer),
        Column("card_number", String(20)),
        Column("holder_name", String(100)),
        Column("last_ip", String(45)),
        Column("tier", String(10)),
    )
    assert undeclared(metadata, []) == [
        "loyalty_cards.account_id",
        "loyalty_cards.card_number",
        "loyalty_cards.holder_name",
        "loyalty_cards.last_ip",
    ]
    declared = PersonalData(
        table="loyalty_cards",
        columns=("account_id", "card_number", "holder_name"),
        purpose="Loyalty points.",
        legal_basis=LegalBasis.CONTRACT,
        retention="Until you delete your Porsche ID.",
        processing=Processing.CONTRACTS,
    )
    assert undeclared(metadata, [declared]) == ["loyalty_cards.last_ip"]
    assert unknown(metadata, [declared]) == []


@pytest.mark.parametrize(
    ("column", "personal"),
    [
        ("email", True),
        ("phone_e164", True),
        ("given_name", True),
        ("vin", True),
        ("ip", True),
        ("ip_address", True),
        ("user_agent", True),
        ("pcm_account_id", True),
        ("postal_code", True),
        ("model_id", False),
        ("zipped", False),
        ("ship_to", False),
        ("status", False),
        ("created_at", False),
    ],
)
def test_what_looks_personal(column, personal):
    assert looks_personal(column) is personal


def test_every_personal_column_of_every_model_is_declared(declarations):
    assert declarations, "no feature declares personal data"
    assert undeclared(db.metadata, declarations) == []


def test_every_declaration_names_a_real_table_and_real_columns(declarations):
    assert unknown(db.metadata, declarations) == []


def test_each_table_is_declared_once_per_purpose(declarations):
    keys = [(d.table, d.processing) for d in declarations]
    assert len(keys) == len(set(keys))


def test_every_purpose_of_the_privacy_centre_is_declared_and_customers_data_has_one(declarations):
    customers = [d for d in declarations if d.concerns == "customers"]
    assert all(isinstance(d.processing, Processing) for d in customers)
    assert {d.processing for d in customers} == set(Processing)
    # the two purposes the customer decides about rest on their consent (F27, the Data Pass)
    for processing in (Processing.PARTNER, Processing.DATA_PASS):
        assert LegalBasis.CONSENT in {
            d.legal_basis for d in customers if d.processing is processing
        }


def test_customers_data_without_a_purpose_is_refused():
    with pytest.raises(ValueError, match="processing"):
        PersonalData(
            table="accounts",
            columns=("email",),
            purpose="x",
            legal_basis=LegalBasis.CONTRACT,
            retention="y",
        )
    staff = PersonalData(
        table="staff_members",
        columns=("email",),
        purpose="x",
        legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
        retention="y",
        concerns="staff",
    )
    assert staff.processing is None


def shown_texts(declaration: PersonalData, lang: str) -> list[str]:
    with force_locale(lang):
        return [
            str(text)
            for text in (
                declaration.purpose,
                declaration.retention,
                declaration.legal_basis.label,
                *([declaration.processing.label] if declaration.processing else []),
                *declaration.recipients,
            )
        ]


def test_declarations_say_why_on_what_basis_for_how_long_and_in_every_language(app, declarations):
    with app.test_request_context():
        for declaration in declarations:
            sv, en, de = (shown_texts(declaration, lang) for lang in ("sv", "en", "de"))
            assert all(text.strip() for text in sv + en + de), declaration.table
            for swedish, english, german in zip(sv, en, de, strict=True):
                assert swedish != english != german, (declaration.table, english)


def test_a_declaration_refuses_what_the_privacy_centre_cannot_show():
    good = {
        "table": "t",
        "columns": ("email",),
        "purpose": "p",
        "legal_basis": LegalBasis.CONSENT,
        "retention": "r",
        "processing": Processing.PARTNER,
    }
    PersonalData(**good)
    for bad in (
        {"columns": ()},
        {"columns": ["email"]},
        {"columns": ("email", "email")},
        {"legal_basis": "consent"},
        {"purpose": None},
        {"recipients": ["someone"]},
        {"processing": "partner"},
    ):
        with pytest.raises(ValueError):
            PersonalData(**{**good, **bad})
