"""The Data Pass hand-off after the activation (F9, F18; issue #13, item 4): the customer who
accepted a provider's Data Pass terms registers on the provider's website; the Data Pass shows
"waiting for registration" until the provider confirms it (``POST /api/v1/data-pass/
registrations`` with the provider's own key, ``docs/data-pass-api.yaml``) or the customer marks
it done; ``flask datapass remind`` e-mails a reminder 7 days after the activation (once).

Reads the activation only through ``porsche_web.activation.contracts.data_pass_activations``.
"""

from flask import Blueprint

bp = Blueprint("datapass", __name__, template_folder="templates")

from porsche_web.datapass import api, views  # noqa: E402, F401
