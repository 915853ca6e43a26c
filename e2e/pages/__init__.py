"""Page objects: each class is a page (or a group of pages) a customer goes through, named by
what the customer does there, so a journey reads as the customer's path::

    invitation = InvitationPage(customer).open(link)
    invitation.expect_welcome()
    wizard = invitation.continue_().start().for_car("taycan", 2026)
    wizard.create_porsche_id(person)

They find elements by role and by the words of the site in the visit's language
(:class:`~pages.texts.Texts`), run axe on every page of a visit with JavaScript, and take the
market's data from the registry (:class:`~pages.market.MarketFacts`). What QA reaches beside the
browser (the dev outbox, the dealer API, the PCM simulator) is in :mod:`pages.staging`, over
HTTP only, so the same journeys run against a deployment (``--base-url``).
"""

from .activation import (
    SECURITY_CODE,
    ActivationStart,
    ActivationWizard,
    InvitationPage,
    NewLinkPage,
    NextSteps,
    activate_order,
)
from .base import PASSWORD, Person, SitePage, Visit, assert_accessible
from .charging import ChargingPage
from .datapass import DataPassPage
from .market import MarketFacts
from .porsche_id import MyPorsche, PhonePage, PorscheIdPage
from .privacy import PolicyNews, PrivacyCentre
from .sale import sell_to_a_buyer
from .site import MarketChooser, NotFoundPage, StartPage, StorePage, SupportPage
from .staff import NewPhonePage, StaffConsole
from .staging import (
    CardPartner,
    DataPassProvider,
    DealerSystem,
    Order,
    Outbox,
    PcmSimulator,
    SiteClock,
)
from .texts import Texts, loose
from .tracking import TrackYourDream
from .vehicles import CarPage, VehiclesPage

__all__ = [
    "PASSWORD",
    "SECURITY_CODE",
    "ActivationStart",
    "ActivationWizard",
    "CardPartner",
    "CarPage",
    "ChargingPage",
    "DataPassPage",
    "DataPassProvider",
    "DealerSystem",
    "InvitationPage",
    "MarketChooser",
    "MarketFacts",
    "MyPorsche",
    "NewLinkPage",
    "NewPhonePage",
    "NextSteps",
    "NotFoundPage",
    "Order",
    "Outbox",
    "PcmSimulator",
    "Person",
    "PhonePage",
    "PolicyNews",
    "PorscheIdPage",
    "PrivacyCentre",
    "SiteClock",
    "SitePage",
    "StaffConsole",
    "StartPage",
    "StorePage",
    "SupportPage",
    "Texts",
    "TrackYourDream",
    "VehiclesPage",
    "Visit",
    "activate_order",
    "assert_accessible",
    "loose",
    "sell_to_a_buyer",
]
