"""The core catalogue: Porsche models and model years, and the Porsche Connect services.

Core data (the same in every country); what a country sells, and at which price, comes from the
market plugins (``porsche_service_availability``). Facts from ``DOMAIN.md``: Porsche Connect
covers 718, 911 (992), Taycan, Panamera (from MY2021), Cayenne (E3) and Macan Electric; the
security code is needed for Taycan from MY2020, 911 and Panamera from MY2022, Macan Electric from
MY2024. Store ids come from the real Connect Store where known (``nc_destsync_v1``,
``onlinespeech_v1`` …); the others are ours. Which model years a service starts in is realistic
sample data.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l


class DriveType(enum.StrEnum):
    COMBUSTION = "combustion"
    PLUG_IN_HYBRID = "plug_in_hybrid"
    ELECTRIC = "electric"


DRIVE_TYPE_NAMES = {
    DriveType.COMBUSTION: _l("Combustion engine"),
    DriveType.PLUG_IN_HYBRID: _l("Plug-in hybrid"),
    DriveType.ELECTRIC: _l("Fully electric"),
}


@dataclass(frozen=True)
class VehicleModel:
    """A model line with Porsche Connect.

    :param id: our id (``"taycan"``).
    :param name: the model's name; a brand name, not translated.
    :param drive_type: combustion, plug-in hybrid or electric.
    :param model_years: the model years with Porsche Connect (first, last).
    :param connect_generation: the Porsche Connect generation (bundle ``v3``/``v4``).
    :param security_code_from: first model year that needs the four-digit security code (F7).
    :param data_pass_from: first model year with an embedded SIM, so a Data Pass (F9).
    """

    id: str
    name: str
    drive_type: DriveType
    model_years: tuple[int, int]
    connect_generation: int
    security_code_from: int | None = None
    data_pass_from: int | None = None

    @property
    def years(self) -> range:
        return range(self.model_years[0], self.model_years[1] + 1)

    @property
    def family(self) -> str:
        """The model family (``911``, ``718``, ``taycan``, ``panamera``, ``cayenne``, ``macan``):
        the E-Hybrid and the Electric share their family's silhouette (``static/img/models``)."""
        return self.id.split("_", 1)[0]

    @property
    def is_electrified(self) -> bool:
        """Plug-in hybrid or electric: can book the Porsche Charging Service (F16)."""
        return self.drive_type is not DriveType.COMBUSTION


@dataclass(frozen=True)
class ModelYear:
    """A model in one model year, with what follows from it."""

    model: VehicleModel
    year: int

    @property
    def needs_security_code(self) -> bool:
        since = self.model.security_code_from
        return since is not None and self.year >= since

    @property
    def data_pass_possible(self) -> bool:
        since = self.model.data_pass_from
        return since is not None and self.year >= since


MODELS: tuple[VehicleModel, ...] = (
    VehicleModel("718", "718 Boxster / Cayman", DriveType.COMBUSTION, (2019, 2025), 3),
    VehicleModel("911", "911", DriveType.COMBUSTION, (2020, 2026), 3, 2022, 2022),
    VehicleModel("taycan", "Taycan", DriveType.ELECTRIC, (2020, 2026), 3, 2020, 2020),
    VehicleModel("panamera", "Panamera", DriveType.COMBUSTION, (2021, 2026), 3, 2022, 2022),
    VehicleModel(
        "panamera_e_hybrid",
        "Panamera E-Hybrid",
        DriveType.PLUG_IN_HYBRID,
        (2021, 2026),
        3,
        2022,
        2022,
    ),
    VehicleModel("cayenne", "Cayenne", DriveType.COMBUSTION, (2018, 2026), 3, None, 2022),
    VehicleModel(
        "cayenne_e_hybrid",
        "Cayenne E-Hybrid",
        DriveType.PLUG_IN_HYBRID,
        (2018, 2026),
        3,
        None,
        2022,
    ),
    VehicleModel(
        "macan_electric", "Macan Electric", DriveType.ELECTRIC, (2024, 2026), 4, 2024, 2024
    ),
)

_MODELS = {model.id: model for model in MODELS}


class Category(enum.StrEnum):
    NAVIGATION = "navigation"
    INFOTAINMENT = "infotainment"
    REMOTE = "remote"
    SECURITY = "security"
    CHARGING = "charging"


CATEGORY_NAMES = {
    Category.NAVIGATION: _l("Navigation"),
    Category.INFOTAINMENT: _l("Infotainment"),
    Category.REMOTE: _l("Remote control"),
    Category.SECURITY: _l("Safety and security"),
    Category.CHARGING: _l("Charging"),
}

ALL = "*"  # every model with Porsche Connect


@dataclass(frozen=True)
class ConnectService:
    """A Porsche Connect service.

    :param id: the store id (``"nc_destsync_v1"``).
    :param name: the service's name, translated.
    :param description: one or two sentences, translated.
    :param category: for grouping in the store.
    :param remote: used from the app/My Porsche (True) or in the car (False).
    :param needs_car_login: only works when the Porsche ID is logged in in the car (F15).
    :param needs_security_code: needs the four-digit security code where the model has one (F7).
    :param main_user_only: secondary users cannot use it.
    :param since: model id (or ``"*"``) → first model year with the service; a model not named
        cannot have it at all.
    :param electrified_only: only plug-in hybrid and electric models.
    """

    id: str
    name: Any
    description: Any
    category: Category
    remote: bool
    needs_car_login: bool = False
    needs_security_code: bool = False
    main_user_only: bool = False
    since: dict[str, int] = field(default_factory=lambda: {ALL: 0})
    electrified_only: bool = False

    def first_year(self, model: VehicleModel) -> int | None:
        """The first model year of ``model`` with this service, None if the model cannot have it."""
        if self.electrified_only and not model.is_electrified:
            return None
        if model.id in self.since:
            return self.since[model.id]
        return self.since.get(ALL)


SERVICES: tuple[ConnectService, ...] = (
    ConnectService(
        "nc_destsync_v1",
        _l("Navigation Plus"),
        _l(
            "Live traffic information, satellite maps, online map updates and destinations "
            "sent from your phone to the car."
        ),
        Category.NAVIGATION,
        remote=False,
        # F15: navigation works without a Porsche ID logged in in the car.
        needs_car_login=False,
    ),
    ConnectService(
        "onlinespeech_v1",
        _l("Voice Pilot"),
        _l("Talk to your car: online voice control for navigation, media and phone."),
        Category.INFOTAINMENT,
        remote=False,
        needs_car_login=True,
        since={
            "911": 2020,
            "taycan": 2020,
            "panamera": 2021,
            "panamera_e_hybrid": 2021,
            "cayenne": 2019,
            "cayenne_e_hybrid": 2019,
            "macan_electric": 2024,
        },
    ),
    ConnectService(
        "mond_applemusic_v1",
        _l("Apple Music"),
        _l("Stream music in the car with your Apple Music subscription."),
        Category.INFOTAINMENT,
        remote=False,
        needs_car_login=True,
        since={
            "taycan": 2021,
            "911": 2024,
            "panamera": 2024,
            "panamera_e_hybrid": 2024,
            "cayenne": 2024,
            "cayenne_e_hybrid": 2024,
            "macan_electric": 2024,
        },
    ),
    ConnectService(
        "vzo_download_v2",
        _l("Risk Radar"),
        _l("Warnings about hazards and traffic signs ahead, from data shared by other cars."),
        Category.NAVIGATION,
        remote=False,
        since={
            "taycan": 2021,
            "911": 2022,
            "panamera": 2022,
            "panamera_e_hybrid": 2022,
            "cayenne": 2022,
            "cayenne_e_hybrid": 2022,
            "macan_electric": 2024,
        },
    ),
    ConnectService(
        "trip_statistic_v1",
        _l("Trip Control"),
        _l("Distances, times and consumption of your recent trips, in the app."),
        Category.REMOTE,
        remote=True,
    ),
    ConnectService(
        "carfinder_v1",
        _l("Car Finder"),
        _l("Shows where your car is parked and guides you back to it."),
        Category.REMOTE,
        remote=True,
    ),
    ConnectService(
        "rlu_v1",
        _l("Remote Lock and Unlock"),
        _l("Lock or unlock your car from the app; unlocking asks for your security code."),
        Category.REMOTE,
        remote=True,
        needs_car_login=True,
        needs_security_code=True,
        since={
            "911": 2022,
            "taycan": 2020,
            "panamera": 2022,
            "panamera_e_hybrid": 2022,
            "macan_electric": 2024,
        },
    ),
    ConnectService(
        "speedalert_v1",
        _l("Speed Alert"),
        _l("A message to your phone when the car goes faster than a limit you set."),
        Category.SECURITY,
        remote=True,
        main_user_only=True,
    ),
    ConnectService(
        "vts",
        _l("Car Security"),
        _l("A security centre that locates the car around the clock after a theft."),
        Category.SECURITY,
        remote=True,
        needs_security_code=True,
        main_user_only=True,
        since={
            "911": 2020,
            "taycan": 2020,
            "panamera": 2021,
            "panamera_e_hybrid": 2021,
            "cayenne": 2018,
            "cayenne_e_hybrid": 2018,
            "macan_electric": 2024,
        },
    ),
    ConnectService(
        "rclima_v1",
        _l("Remote Climate Control"),
        _l("Heat or cool the cabin from the app before you set off."),
        Category.CHARGING,
        remote=True,
        needs_car_login=True,
        electrified_only=True,
    ),
    ConnectService(
        "rbatterycharge_v1",
        _l("Charge Management"),
        _l("Battery level, range and charging timers in the app."),
        Category.CHARGING,
        remote=True,
        needs_car_login=True,
        electrified_only=True,
    ),
    ConnectService(
        "remote_park_assist",
        _l("Remote Park Assist"),
        _l("Parks the car in or out of a tight space while you stand beside it with your phone."),
        Category.REMOTE,
        remote=True,
        needs_car_login=True,
        needs_security_code=True,
        main_user_only=True,
        since={
            "taycan": 2021,
            "panamera": 2024,
            "panamera_e_hybrid": 2024,
            "cayenne": 2024,
            "cayenne_e_hybrid": 2024,
            "macan_electric": 2024,
        },
    ),
)

_SERVICES = {service.id: service for service in SERVICES}


def models() -> tuple[VehicleModel, ...]:
    return MODELS


def get_model(model_id: str) -> VehicleModel | None:
    return _MODELS.get(model_id)


def model_year(model_id: str, year: int) -> ModelYear | None:
    """The model in that model year, or None when it did not exist with Porsche Connect."""
    model = _MODELS.get(model_id)
    if model is None or year not in model.years:
        return None
    return ModelYear(model, year)


def services() -> tuple[ConnectService, ...]:
    return SERVICES


def get_service(service_id: str) -> ConnectService | None:
    return _SERVICES.get(service_id)


def all_years() -> range:
    """Every model year of the catalogue, oldest first."""
    return range(min(m.model_years[0] for m in MODELS), max(m.model_years[1] for m in MODELS) + 1)
