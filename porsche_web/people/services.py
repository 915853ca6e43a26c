"""Secondary users of a car (issue #16): inviting (at most the market's limit per car, counted
under a row lock on the car), accepting the invitation with a Porsche ID, the SMS code (12 hours,
only the latest, tries counted atomically), activation by the main user, rights per function
group with an optional end, removing and leaving, and what the vehicles feature asks
(:func:`access`). Every grant, change, removal and leave is audited and told by e-mail in the
person's own language. Flush, never commit.

The vehicles feature is reached only through ``porsche_web.vehicles.services``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, Select, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web import tries
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.hooks import SECONDARY_USER, VehicleAccess
from porsche_web.markets.constants import MAX_SECONDARY_USERS
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.services import enqueue_email, in_language, public_url, url_context
from porsche_web.people.errors import (
    CodeExpired,
    CodeInvalid,
    InvitationInvalid,
    PeopleError,
    TooManyCodes,
    TooManyPeople,
)
from porsche_web.people.models import (
    ACTIVE,
    CONFIRMED,
    INVITED,
    CarPerson,
    CarPersonCode,
    CarPersonRight,
)
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle

#: The invitation link lives this long; the SMS code this long, with this many tries.
INVITATION_LIFETIME = timedelta(days=14)
CODE_LIFETIME = timedelta(hours=12)
CODE_TRIES = 5
CODES_PER_HOUR = 5
#: The function groups a secondary user can be given (``vehicles.services.FUNCTION_GROUPS``),
#: with their names, in the order pages show them.
FUNCTION_LABELS = {
    "lock": _l("Lock and unlock"),
    "climate": _l("Climate control"),
    "position": _l("Car position"),
    "trips": _l("Trip data"),
}
FUNCTIONS = tuple(vehicles.FUNCTION_GROUPS)

REMOVED, LEFT, CAR_CHANGED_HANDS, ACCOUNT_DELETED = "removed", "left", "sold", "account_deleted"


# -- finding ------------------------------------------------------------------------------------


def people_limit(vehicle: Vehicle) -> int:
    """How many secondary users the car may have: 5, or fewer where its market says so."""
    market = current_registry().get(vehicle.market)
    return current_registry().secondary_user_limit(market) if market else MAX_SECONDARY_USERS


def people_of(vehicle: Vehicle) -> list[CarPerson]:
    """The car's people invited by its current main user, in the order they were invited."""
    if vehicle.link is None:
        return []
    return list(
        db.session.execute(
            select(CarPerson)
            .where(
                CarPerson.vehicle_id == vehicle.id,
                CarPerson.main_account_id == vehicle.link.account_id,
                CarPerson.invited_at >= vehicle.link.linked_at,
            )
            .order_by(CarPerson.id)
        ).scalars()
    )


def person_on_car(vehicle: Vehicle, person_id: int) -> CarPerson | None:
    """One of the car's people (for its main user); None for anyone else's."""
    person = db.session.get(CarPerson, person_id)
    if person is None or person.vehicle_id != vehicle.id or not current(person, vehicle):
        return None
    return person


def person_of(account: Account, person_id: int) -> CarPerson | None:
    """The account's own place on a car it was invited to; None for any other."""
    person = db.session.get(CarPerson, person_id)
    if person is None or person.account_id != account.id:
        return None
    return person


def shared_with(account: Account) -> list[CarPerson]:
    """The cars the account was invited to and accepted (any status), oldest first."""
    return list(db.session.execute(_shared_with(), {"account_id": account.id}).scalars())


@functools.cache
def _shared_with() -> Select[Any]:
    """:func:`shared_with`'s statement (on every My Porsche page), built once."""
    return (
        select(CarPerson)
        .where(CarPerson.account_id == bindparam("account_id"))
        .order_by(CarPerson.id)
    )


def vehicle_of_person(person: CarPerson) -> Vehicle:
    vehicle = db.session.get(Vehicle, person.vehicle_id)
    assert vehicle is not None  # a foreign key
    return vehicle


def main_user(person: CarPerson) -> Account | None:
    """The main user who invited the person."""
    return db.session.get(Account, person.main_account_id)


def current(person: CarPerson, vehicle: Vehicle) -> bool:
    """Whether the person's place still counts: the car still has the link of the main user
    who invited them (removing the car and linking it again ends every place, as a sale does)."""
    link = vehicle.link
    return (
        link is not None
        and link.account_id == person.main_account_id
        and person.invited_at >= link.linked_at
    )


def rights_at(person: CarPerson, now: datetime) -> frozenset[str]:
    """The function groups the person may use at ``now`` (ended time boxes left out)."""
    return frozenset(
        right.function for right in person.rights if right.until is None or right.until > now
    )


def access(account: Account, vehicle: Vehicle, now: datetime) -> VehicleAccess | None:
    """The internal hook ``core_vehicle_access``: an active secondary user's rights at ``now``."""
    person = db.session.execute(
        select(CarPerson).where(
            CarPerson.vehicle_id == vehicle.id,
            CarPerson.account_id == account.id,
            CarPerson.status == ACTIVE,
        )
    ).scalar_one_or_none()
    if person is None or not current(person, vehicle):
        return None
    return VehicleAccess(SECONDARY_USER, rights_at(person, now))


def needs_own_security_code(person: CarPerson, vehicle: Vehicle) -> bool:
    """Whether the invitee still has to set their own security code (models that have one)."""
    if not vehicles.needs_security_code(vehicle):
        return False
    account = db.session.get(Account, person.account_id) if person.account_id else None
    return account is None or not account.security_code_set


# -- messages -----------------------------------------------------------------------------------


def _car_name(vehicle: Vehicle) -> str:
    return str(vehicles.model_year(vehicle).model.name)


Text = Callable[[], str]
Paragraphs = Callable[[], list[str]]
Link = Callable[[], tuple[str, str]]


def _tell(
    *,
    to: str,
    market: str,
    language: str,
    name: str,
    subject: Text,
    paragraphs: Paragraphs,
    link: Link | None = None,
    reason: Text | None = None,
) -> None:
    """An e-mail in the recipient's language; the texts are callables run inside it."""
    with in_language(market, language), url_context():
        enqueue_email(
            to=to,
            market=market,
            language=language,
            subject=subject(),
            greeting=gettext("Hello %(name)s,", name=name),
            paragraphs=paragraphs(),
            link=link() if link else None,
            reason=reason() if reason else None,
        )


def _tell_account(
    account: Account, subject: Text, paragraphs: Paragraphs, link: Link | None = None
) -> None:
    _tell(
        to=account.email,
        market=account.market,
        language=account.language,
        name=account.given_name,
        subject=subject,
        paragraphs=paragraphs,
        link=link,
    )


def _tell_person(
    person: CarPerson, subject: Text, paragraphs: Paragraphs, link: Link | None = None
) -> None:
    """The secondary user: at their Porsche ID's address and language once they have one."""
    account = db.session.get(Account, person.account_id) if person.account_id else None
    if account is not None:
        _tell_account(account, subject, paragraphs, link)
        return
    _tell(
        to=person.email,
        market=person.market,
        language=person.language,
        name=person.name,
        subject=subject,
        paragraphs=paragraphs,
        link=link,
        reason=lambda: gettext(
            "You receive this message because the main user of a Porsche entered your address."
        ),
    )


def _record(actor: Account | None, vehicle: Vehicle, action: str, person: CarPerson, **details):
    audit.record(
        f"account:{actor.id}" if actor else "system",
        f"vehicle:{vehicle.vin}",
        action,
        details={"person_id": person.id, **details},
    )


def _rights_text(person: CarPerson) -> list[str]:
    """The person's rights as sentences, in the current language."""
    labels = FUNCTION_LABELS
    lines = []
    for right in person.rights:
        if right.until is None:
            lines.append(str(labels[right.function]))
        else:
            lines.append(
                gettext(
                    "%(function)s until %(time)s",
                    function=labels[right.function],
                    time=format_datetime(right.until, "short"),
                )
            )
    return lines or [gettext("No remote functions for now.")]


# -- inviting and accepting --------------------------------------------------------------------


def invite(
    main: Account,
    vehicle: Vehicle,
    *,
    name: str,
    email: str,
    phone_e164: str,
    market: str,
    language: str,
    now: datetime,
) -> CarPerson:
    """Invite a person to use the car: an e-mail with a link (14 days). Inviting the same
    address again sends a new link (the old one stops working) and adds nobody.

    :raises vehicles.NotLinked: ``main`` is not the car's main user.
    :raises TooManyPeople: the car has its limit of people already (counted under a lock).
    :raises PeopleError: the main user's own address.
    """
    locked = vehicles.lock_vehicle(vehicle.id)
    if locked is None or locked.link is None or locked.link.account_id != main.id:
        raise vehicles.NotLinked()
    _forget_stale(locked)
    email = email.strip().lower()
    if email == main.email:
        raise PeopleError(gettext("You are the main user of this car already."))
    person = db.session.execute(
        select(CarPerson).where(
            CarPerson.vehicle_id == vehicle.id,
            CarPerson.main_account_id == main.id,
            CarPerson.email == email,
        )
    ).scalar_one_or_none()
    if person is not None and person.status != INVITED:
        raise PeopleError(gettext("This person already uses your car."))
    if person is None:
        count = db.session.execute(
            select(func.count())
            .select_from(CarPerson)
            .where(CarPerson.vehicle_id == vehicle.id, CarPerson.main_account_id == main.id)
        ).scalar_one()
        limit = people_limit(vehicle)
        if count >= limit:
            raise TooManyPeople(limit)
        person = CarPerson(
            vehicle_id=vehicle.id,
            main_account_id=main.id,
            email=email,
            invited_at=now,
            status=INVITED,
        )
        db.session.add(person)
    person.name = name
    person.phone_e164 = phone_e164
    person.market = market
    person.language = language
    person.account_id = None
    token, token_hash = hashing.new_token()
    person.token_hash = token_hash
    person.token_expires_at = now + INVITATION_LIFETIME
    person.invited_at = now
    db.session.flush()
    _record(main, vehicle, "people.invited", person)
    car = _car_name(vehicle)
    main_name = f"{main.given_name} {main.family_name}"
    _tell_person(
        person,
        lambda: gettext("%(name)s invites you to use their Porsche", name=main_name),
        lambda: [
            gettext(
                "%(name)s would like you to use their %(car)s with Porsche Connect.",
                name=main_name,
                car=car,
            ),
            gettext(
                "Open the link, log in with your Porsche ID or create one, and confirm with the "
                "code we send by SMS to the number %(name)s gave us. The link works for 14 days.",
                name=main.given_name,
            ),
        ],
        lambda: (
            gettext("Accept the invitation"),
            public_url("people.invitation", country=market, lang=language, token=token),
        ),
    )
    return person


def _forget_stale(vehicle: Vehicle) -> None:
    """Places from before the car's current link (another main user, or the car removed and
    linked again) count for nothing: they go."""
    link = vehicle.link
    assert link is not None
    stale = select(CarPerson.id).where(
        CarPerson.vehicle_id == vehicle.id,
        (CarPerson.main_account_id != link.account_id) | (CarPerson.invited_at < link.linked_at),
    )
    _delete(list(db.session.execute(stale).scalars()))


def _delete(ids: list[int]) -> None:
    if not ids:
        return
    db.session.execute(delete(CarPersonRight).where(CarPersonRight.person_id.in_(ids)))
    db.session.execute(delete(CarPersonCode).where(CarPersonCode.person_id.in_(ids)))
    db.session.execute(
        delete(CarPerson).where(CarPerson.id.in_(ids)),
        execution_options={"synchronize_session": False},
    )


def invitation(token: str, now: datetime) -> CarPerson | None:
    """The open invitation with this link, if it still works."""
    if not token or len(token) > 100:
        return None
    person = db.session.execute(
        select(CarPerson).where(CarPerson.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()
    if person is None or person.token_expires_at is None or person.token_expires_at <= now:
        return None
    if not current(person, vehicle_of_person(person)):
        return None
    return person


def accept(account: Account, token: str, now: datetime) -> CarPerson:
    """The invitee accepts with their Porsche ID: the link is used up and the SMS code is sent
    to the number the main user entered.

    :raises InvitationInvalid: unknown, used or expired link, or the car has changed hands.
    :raises PeopleError: the main user themselves, or already one of the car's people.
    """
    person = invitation(token, now)
    if person is None:
        raise InvitationInvalid()
    vehicle = vehicle_of_person(person)
    if person.main_account_id == account.id:
        raise PeopleError(gettext("You are the main user of this car already."))
    # The first write claims the link: of two accepts at the same moment, one finds it gone.
    try:
        with db.session.begin_nested():
            claimed: CursorResult = db.session.execute(  # type: ignore[assignment]
                update(CarPerson)
                .where(CarPerson.id == person.id, CarPerson.token_hash == hashing.hash_token(token))
                .values(
                    account_id=account.id, token_hash=None, token_expires_at=None, accepted_at=now
                ),
                execution_options={"synchronize_session": False},
            )
    except IntegrityError:
        db.session.expire(person)
        raise PeopleError(gettext("Your Porsche ID already uses this car.")) from None
    db.session.expire(person)
    if claimed.rowcount != 1:
        raise InvitationInvalid()
    _record(account, vehicle, "people.accepted", person)
    send_code(person, now)
    return person


def _lock(person: CarPerson) -> None:
    """The person's place, its row locked until the transaction ends and read afresh: for
    counting what may exist per person at most (codes per hour). A write that changes nothing
    takes the lock on both databases (as ``vehicles.lock_vehicle`` does for the car)."""
    db.session.execute(
        update(CarPerson).where(CarPerson.id == person.id).values(id=CarPerson.id),
        execution_options={"synchronize_session": False},
    )
    db.session.refresh(person)


def send_code(person: CarPerson, now: datetime) -> None:
    """A new 6-digit code by SMS to the number the main user entered; older codes stop working.

    :raises TooManyCodes: :data:`CODES_PER_HOUR` codes were sent in the last hour (counted
        under a lock on the person's place: a burst of requests sends no more).
    :raises PeopleError: the person is confirmed already.
    """
    _lock(person)
    if person.status != INVITED or person.account_id is None:
        raise PeopleError(gettext("Your number is confirmed already."))
    sent = db.session.execute(
        select(func.count())
        .select_from(CarPersonCode)
        .where(
            CarPersonCode.person_id == person.id,
            CarPersonCode.created_at > now - timedelta(hours=1),
        )
    ).scalar_one()
    if sent >= CODES_PER_HOUR:
        raise TooManyCodes()
    db.session.execute(
        update(CarPersonCode)
        .where(CarPersonCode.person_id == person.id, CarPersonCode.closed_at.is_(None))
        .values(closed_at=now)
    )
    code = hashing.new_sms_code()
    db.session.add(
        CarPersonCode(
            person_id=person.id,
            code_hash=hashing.hash_secret(code),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
    )
    account = db.session.get(Account, person.account_id)
    market, language = (
        (account.market, account.language) if account else (person.market, person.language)
    )
    from porsche_web.notifications.services import enqueue_sms

    with in_language(market, language):
        enqueue_sms(
            to=person.phone_e164,
            market=market,
            language=language,
            text=gettext(
                "%(code)s is your code to use a Porsche in My Porsche. It is valid for 12 hours.",
                code=code,
            ),
        )
    db.session.flush()


def confirm_code(account: Account, person: CarPerson, code: str, now: datetime) -> None:
    """Check the latest code: the try is counted before the code is compared, in one atomic
    statement that refuses it once the code has had its :data:`CODE_TRIES` tries or is closed.
    The main user is told the person is waiting for activation.

    :raises CodeInvalid: a wrong code, with tries left.
    :raises CodeExpired: no open code, expired, replaced or its tries used up.
    """
    if person.account_id != account.id:
        raise CodeExpired()
    _lock(person)  # a double submit waits here, then finds the person confirmed
    if person.status != INVITED:
        return  # confirmed already: submitting twice changes nothing
    challenge = db.session.execute(
        select(CarPersonCode)
        .where(CarPersonCode.person_id == person.id)
        .order_by(CarPersonCode.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if challenge is None or challenge.closed_at is not None or challenge.expires_at <= now:
        hashing.verify_secret(None, code or "")  # the same cost as a code compared
        raise CodeExpired()
    spent = tries.spend_try(
        CarPersonCode.attempts,
        CarPersonCode.id == challenge.id,
        CarPersonCode.closed_at.is_(None),
        limit=CODE_TRIES,
    )
    db.session.expire(challenge, ["attempts", "closed_at"])
    if spent is None:
        raise CodeExpired()
    vehicle = vehicle_of_person(person)
    if not hashing.verify_secret(challenge.code_hash, code or ""):
        _record(account, vehicle, "people.code_failed", person, attempts=spent)
        if spent >= CODE_TRIES:
            challenge.closed_at = now
            db.session.flush()
            raise CodeExpired()
        raise CodeInvalid()
    challenge.closed_at = now
    person.status = CONFIRMED
    person.confirmed_at = now
    db.session.flush()
    _record(account, vehicle, "people.confirmed", person)
    main = db.session.get(Account, person.main_account_id)
    if main is not None:
        car = _car_name(vehicle)
        _tell_account(
            main,
            lambda: gettext("%(name)s is ready to use your Porsche", name=person.name),
            lambda: [
                gettext(
                    "%(name)s has confirmed the invitation to your %(car)s.",
                    name=person.name,
                    car=car,
                ),
                gettext("Activate them in My Porsche and choose what they may use."),
            ],
            lambda: (
                gettext("Open the car's people"),
                public_url(
                    "people.people",
                    country=main.market,
                    lang=main.language,
                    vehicle_id=vehicle.id,
                ),
            ),
        )


# -- the main user's decisions -----------------------------------------------------------------


def activate(
    main: Account, vehicle: Vehicle, person: CarPerson, security_code: str | None, now: datetime
) -> None:
    """The main user lets the confirmed person use the car (with the main user's security code
    where the model has one). Activating twice changes nothing.

    :raises PeopleError: not confirmed yet, or still without their own security code.
    :raises vehicles.SecurityCodeNeeded, WrongSecurityCode, NoSecurityCode,
        accounts.SecurityCodeLocked: from the security-code gate.
    """
    if person.status == ACTIVE:
        return
    if person.status != CONFIRMED:
        raise PeopleError(gettext("This person has not confirmed the invitation yet."))
    if needs_own_security_code(person, vehicle):
        raise PeopleError(gettext("This person has not set their own security code yet."))
    vehicles.check_security_code(main, vehicle, security_code)
    person.status = ACTIVE
    person.activated_at = now
    db.session.flush()
    _record(main, vehicle, "people.activated", person)
    car = _car_name(vehicle)
    main_name = main.given_name
    _tell_person(
        person,
        lambda: gettext("You can now use the %(car)s", car=car),
        lambda: [
            gettext(
                "%(name)s has activated you as a user of the %(car)s.", name=main_name, car=car
            ),
            gettext("What you may use:"),
            *_rights_text(person),
        ],
    )


def set_rights(
    main: Account,
    vehicle: Vehicle,
    person: CarPerson,
    rights: Mapping[str, datetime | None],
    now: datetime,
) -> bool:
    """Give the person exactly ``rights`` (function group → end or None); the others go.

    :returns: False when nothing changed (no audit, no e-mail).
    """
    wanted = {function: until for function, until in rights.items() if function in FUNCTIONS}
    present = {right.function: right for right in person.rights}
    if {f: r.until for f, r in present.items()} == wanted:
        return False
    for function, right in present.items():
        if function not in wanted:
            person.rights.remove(right)
    for function, until in wanted.items():
        if function in present:
            present[function].until = until
        else:
            person.rights.append(CarPersonRight(function=function, until=until))
    db.session.flush()
    _record(
        main,
        vehicle,
        "people.rights_changed",
        person,
        rights={f: (u.isoformat() if u else None) for f, u in sorted(wanted.items())},
    )
    if person.account_id is not None:
        car = _car_name(vehicle)
        _tell_person(
            person,
            lambda: gettext("What you may use in the %(car)s has changed", car=car),
            lambda: [
                gettext("%(name)s has changed what you may use:", name=main.given_name),
                *_rights_text(person),
            ],
        )
    return True


# -- ending ------------------------------------------------------------------------------------


def _drop(person: CarPerson, vehicle: Vehicle, now: datetime) -> None:
    if person.account_id is not None:
        if vehicle.pcm_account_id == person.account_id:
            vehicles.pcm_logout(vehicle)
        vehicles.drop_commands_of(vehicle, person.account_id, now)
    db.session.execute(delete(CarPersonCode).where(CarPersonCode.person_id == person.id))
    db.session.delete(person)
    db.session.flush()


def remove(main: Account, vehicle: Vehicle, person: CarPerson, now: datetime) -> None:
    """The main user ends a person's use of the car at once (logged out in the car too)."""
    _record(main, vehicle, "people.removed", person)
    car = _car_name(vehicle)
    if person.account_id is not None or person.status == INVITED:
        _tell_person(
            person,
            lambda: gettext("You no longer use the %(car)s", car=car),
            lambda: [
                gettext(
                    "%(name)s has removed you as a user of the %(car)s.",
                    name=main.given_name,
                    car=car,
                )
            ],
        )
    _drop(person, vehicle, now)


def leave(account: Account, person: CarPerson, now: datetime) -> None:
    """The secondary user stops using the car; the main user is told."""
    vehicle = vehicle_of_person(person)
    _record(account, vehicle, "people.left", person)
    main = db.session.get(Account, person.main_account_id)
    if main is not None and current(person, vehicle):
        car = _car_name(vehicle)
        _tell_account(
            main,
            lambda: gettext("%(name)s no longer uses your Porsche", name=person.name),
            lambda: [
                gettext(
                    "%(name)s has stopped using your %(car)s. Nothing else has changed.",
                    name=person.name,
                    car=car,
                )
            ],
        )
    _drop(person, vehicle, now)


def remove_all_people(vehicle: Vehicle, reason: str, now: datetime) -> int:
    """Every person of the car loses access at once and is told (the sale calls this when the
    car changes hands). ``reason`` is recorded in the audit trail.

    :returns: how many people were removed.
    """
    people = list(
        db.session.execute(select(CarPerson).where(CarPerson.vehicle_id == vehicle.id)).scalars()
    )
    car = _car_name(vehicle)
    for person in people:
        _record(None, vehicle, "people.removed", person, reason=reason)
        if person.account_id is not None:
            _tell_person(
                person,
                lambda: gettext("You no longer use the %(car)s", car=car),
                lambda: [gettext("The %(car)s has a new owner, so you no longer use it.", car=car)],
            )
        _drop(person, vehicle, now)
    return len(people)


def forget_account(account: Account) -> None:
    """A deleted Porsche ID: its places on other people's cars and the people it invited go."""
    rows = select(CarPerson.id).where(
        (CarPerson.account_id == account.id) | (CarPerson.main_account_id == account.id)
    )
    _delete(list(db.session.execute(rows).scalars()))
