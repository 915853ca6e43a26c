"""Names shared by the plugin contract, the author guide and the packaging."""

#: The pluggy project name: markers are ``HookspecMarker(PROJECT_NAME)``/``HookimplMarker(...)``.
PROJECT_NAME = "porsche_web"

#: The entry-point group market plugins register in (``[options.entry_points]`` of setup.cfg).
ENTRY_POINT_GROUP = "porsche_web.markets"

#: Every hook name starts with this.
HOOK_PREFIX = "porsche_"

#: How many secondary users a car may have at most (issue #16); a market may allow fewer.
MAX_SECONDARY_USERS = 5
