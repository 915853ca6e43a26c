"""Porsche ID pages: parse, call the service, render, commit. One module per page group, all on
the ``accounts`` blueprint (endpoint ``accounts.<function name>``).

- :mod:`.registration`: register, check your e-mail, confirm the address (and a new link).
- :mod:`.login`: log in and out, the fresh password check.
- :mod:`.home`: My Porsche home, changing the e-mail address, the car's security code.
- :mod:`.phone`: phone verification by SMS code, changing the number.
- :mod:`.passwords`: forgotten password, changing the password.
- :mod:`.devices`: where the Porsche ID is signed in, signing out elsewhere, deletion.
- :mod:`.common`: the prefix, rate limits and page rendering the modules share.

Other features never import these modules: what their pages share with the Porsche ID pages is
in :mod:`porsche_web.accounts.choices` (form choices) and :mod:`porsche_web.accounts.pages`
(the phone step's context, a registration from a form, the wait message).
"""

from porsche_web.accounts.views import (  # noqa: F401 (the routes register on import)
    devices,
    home,
    login,
    passwords,
    phone,
    registration,
)
