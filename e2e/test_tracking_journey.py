"""Track your Dream (F19), in every journey language: after the activation the customer follows
the ordered car on My Porsche while the Porsche Centre's dealer system reports its milestones
(one reported late, out of order, one repeated) to the handover, asks for an e-mail at each new
milestone and gets one.
axe on every page; the same without JavaScript."""

from __future__ import annotations

import pytest
from pages import TrackYourDream


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_follow_an_order_through_its_milestones(visit, backoffice, market, lang, javascript):
    order = backoffice.order(lang, "taycan", 2026)
    customer = visit(lang, javascript=javascript)
    backoffice.activate(customer, order)
    backoffice.milestone(order, "order_confirmed", days_ago=40)

    track = TrackYourDream(customer).open_from_my_porsche("Taycan")
    t = customer.t
    track.expect_current("order_confirmed", t("Order confirmed"))
    track.expect_coming("handed_over")
    track.ask_for_emails()

    # Out of order: "in transit" arrives before "produced"; the car stays in transit.
    backoffice.milestone(order, "in_transit", days_ago=2)
    backoffice.milestone(order, "produced", days_ago=9)
    track.reload()
    track.expect_current("in_transit", t("On its way"))
    track.check()
    mail = backoffice.outbox.wait_for_link(order.email, "/track", seconds=10)
    assert order.number in mail

    backoffice.milestone(order, "at_centre", days_ago=0)
    backoffice.milestone(order, "at_centre", days_ago=0)  # repeated: nothing changes
    track.reload()
    track.expect_current("at_centre", t("Arrived at your Porsche Centre"))
    track.expect_coming("handed_over")

    # The last milestone: the car is the customer's.
    backoffice.milestone(order, "handed_over", days_ago=0)
    track.reload()
    track.expect_current("handed_over", t("Handed over to you"))
    track.check()
