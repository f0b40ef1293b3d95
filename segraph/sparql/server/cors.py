"""Cross-origin requests (CORS): which web pages may query ``segraph serve`` from a browser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from segraph.errors import ArgumentError

#: An origin as browsers send it: scheme, host and optional port, no path.
_ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s?#]+", re.IGNORECASE)

#: Headers a cross-origin SPARQL client sends (a form body or a query body, an Accept).
ALLOWED_HEADERS = "Accept, Content-Type"
ALLOWED_METHODS = "GET, POST, OPTIONS"
#: How long a browser may keep the answer to a preflight request, in seconds.
PREFLIGHT_SECONDS = 600


@dataclass(frozen=True)
class CorsPolicy:
    """The origins allowed to read answers (``*``: any); empty: same-origin pages only."""

    origins: frozenset[str] = frozenset()

    def allowed_origin(self, origin: str | None) -> str | None:
        """The ``Access-Control-Allow-Origin`` value for a request from ``origin``, or None.

        Examples
        --------
        >>> CorsPolicy(frozenset({"https://yasgui.org"})).allowed_origin("https://yasgui.org")
        'https://yasgui.org'
        >>> CorsPolicy(frozenset({"*"})).allowed_origin("http://x.test") is not None
        True
        >>> CorsPolicy().allowed_origin("http://x.test") is None
        True
        """
        if not origin or not self.origins:
            return None
        if "*" in self.origins:
            return "*"
        return origin if origin.rstrip("/") in self.origins else None


def cors_policy(origins: Iterable[str]) -> CorsPolicy:
    """Check the origins a user allows (``https://example.org``, ``http://localhost:8080`` or
    ``*``) and return the policy."""
    checked = set()
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin.rstrip("/")):
            raise ArgumentError(
                "cors", f"'{origin}': give an origin such as https://example.org, or *"
            )
        checked.add(origin.rstrip("/"))
    return CorsPolicy(frozenset(checked))
