"""The HTML checker itself (``html_check.py``): it finds an error, names the page's URL, and
passes a valid page; so a run whose journeys saw no error really had none."""

from __future__ import annotations

from html_check import HtmlCheck

VALID = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fine</title></head>'
    "<body><p>Fine</p></body></html>"
)
INVALID = VALID.replace(
    "<p>Fine</p>",
    '<p id="x">One</p><p id="x">Two</p><select required '
    'name="c"><option value="a">A</option></select>',
)


def test_the_checker_reports_errors_with_the_pages_url(pytestconfig, tmp_path):
    check = HtmlCheck(pytestconfig)
    check.folder = lambda: tmp_path / "html-check"  # type: ignore[method-assign]
    check.pages = {"a": ("http://site/fine", VALID), "b": ("http://site/broken", INVALID)}
    check.run()
    assert check.failure is None, check.failure
    messages = {(error["page"], error["message"]) for error in check.errors}
    assert ("http://site/broken", "Duplicate ID “x”.") in messages
    assert any("select" in message and page == "http://site/broken" for page, message in messages)
    assert all(page == "http://site/broken" for page, _ in messages)
    assert (tmp_path / "html-check" / "report.json").is_file()


def test_the_checker_reports_internal_ids_on_customer_pages(pytestconfig, tmp_path):
    internal = VALID.replace("<p>Fine</p>", "<p>Terms PorscheConnectDPG/SE/sv_SE/v3.8</p>")
    check = HtmlCheck(pytestconfig)
    check.folder = lambda: tmp_path / "html-check"  # type: ignore[method-assign]
    check.pages = {"a": ("http://site/se/sv/x", internal), "b": ("http://site/staff/x", internal)}
    check.run()
    assert [(e["page"], e["message"]) for e in check.errors] == [
        ("http://site/se/sv/x", "internal text for customers: PorscheConnectDPG/")
    ]
