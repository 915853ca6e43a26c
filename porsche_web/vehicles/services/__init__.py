"""Vehicles: the public API of the services, split by concern. Flush, never commit.

- :mod:`.credentials`: provisioning, the car's API token and its rotation, finding a car.
- :mod:`.linking`: linking from an activated order or with a pairing code (F13), the account's
  cars, removing a car, its name, forgetting a deleted Porsche ID.
- :mod:`.pcm`: what the car shows (full or limited set, F14, F15), the PCM login and logout.
- :mod:`.commands`: remote commands (F7).
- :mod:`.state`: what the staff console may know of a car (linked, in sync).
- :mod:`.security_code`: the one security-code gate of the PCM login and the remote commands.
- :mod:`.access`: who may do what with a car (main user, secondary user, nobody; issue #16).

The refusals live in :mod:`porsche_web.vehicles.errors` (re-exported here). What the car's
contracts and the account's activated orders are comes from
:mod:`porsche_web.activation.contracts`; this package never reads the activation's tables.
Callers import the package: ``from porsche_web.vehicles import services``.
"""

from __future__ import annotations

from porsche_web.validators import CHECK_DIGIT_MARKETS, normalize_vin, valid_vin, vin_check_digit
from porsche_web.vehicles.errors import (
    AlreadyLinked,
    CommandUnavailable,
    NoSecurityCode,
    NotLinked,
    PairingFailed,
    SecurityCodeNeeded,
    VehicleError,
    WrongSecurityCode,
)
from porsche_web.vehicles.services.access import (
    FUNCTION_GROUPS,
    MAIN_ACCESS,
    NO_ACCESS,
    access_of,
    access_of_id,
    group_of_service,
    lock_vehicle,
    may_use_service,
)
from porsche_web.vehicles.services.commands import (
    COMMAND_LIFETIME,
    COMMAND_RESULT_LIFETIME,
    COMMANDS,
    Command,
    available_commands,
    command_result,
    commands_for_car,
    drop_commands_of,
    expire_commands,
    may_send,
    needs_code,
    recent_commands,
    send_command,
)
from porsche_web.vehicles.services.credentials import (
    find_by_token,
    find_by_vin,
    model_year,
    provision,
    rotate_token,
)
from porsche_web.vehicles.services.linking import (
    PAIRING_CODE_LIFETIME,
    PAIRING_DIGITS,
    PAIRING_TRIES,
    REMOVED,
    LinkedCar,
    activated_by,
    end_link,
    forget_account,
    forget_vehicle,
    issue_pairing_code,
    link_from_order,
    link_with_pairing_code,
    linkable_orders,
    linked_cars,
    main_user_id,
    order_to_link,
    orders_before_release,
    release,
    set_nickname,
    unlink,
    vehicle_of,
    vehicles_of,
)
from porsche_web.vehicles.services.pcm import (
    ActivatedService,
    activated_services,
    car_services,
    in_limited_set,
    last_activation,
    pcm_login,
    pcm_logout,
    vehicle_today,
)
from porsche_web.vehicles.services.security_code import check_security_code, needs_security_code
from porsche_web.vehicles.services.state import CarState, car_state

__all__ = [
    # the staff console's view of a car
    "CarState",
    "car_state",
    # errors
    "AlreadyLinked",
    "CommandUnavailable",
    "NoSecurityCode",
    "NotLinked",
    "PairingFailed",
    "SecurityCodeNeeded",
    "VehicleError",
    "WrongSecurityCode",
    # who may do what (issue #16)
    "FUNCTION_GROUPS",
    "MAIN_ACCESS",
    "NO_ACCESS",
    "access_of",
    "access_of_id",
    "group_of_service",
    "lock_vehicle",
    "may_use_service",
    # credentials
    "find_by_token",
    "find_by_vin",
    "model_year",
    "provision",
    "rotate_token",
    # the VIN rules (porsche_web.validators), also used from here
    "CHECK_DIGIT_MARKETS",
    "normalize_vin",
    "valid_vin",
    "vin_check_digit",
    # linking
    "PAIRING_CODE_LIFETIME",
    "PAIRING_DIGITS",
    "PAIRING_TRIES",
    "activated_by",
    "REMOVED",
    "LinkedCar",
    "end_link",
    "forget_account",
    "forget_vehicle",
    "issue_pairing_code",
    "link_from_order",
    "link_with_pairing_code",
    "linkable_orders",
    "linked_cars",
    "orders_before_release",
    "main_user_id",
    "order_to_link",
    "set_nickname",
    "release",
    "unlink",
    "vehicle_of",
    "vehicles_of",
    # the car's view and the PCM login
    "ActivatedService",
    "activated_services",
    "car_services",
    "vehicle_today",
    "in_limited_set",
    "last_activation",
    "pcm_login",
    "pcm_logout",
    # the security-code gate
    "check_security_code",
    "needs_security_code",
    # remote commands
    "COMMANDS",
    "COMMAND_LIFETIME",
    "COMMAND_RESULT_LIFETIME",
    "Command",
    "available_commands",
    "command_result",
    "commands_for_car",
    "drop_commands_of",
    "expire_commands",
    "may_send",
    "needs_code",
    "recent_commands",
    "send_command",
]
