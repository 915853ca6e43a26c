"""A browser over real HTTP that answers like Flask's test client.

:class:`HttpClient` lets the shared test actions (:mod:`porsche_web.testing.actions`), written
for ``app.test_client()``, drive a running server instead (gunicorn behind a proxy, as in
production): ``get``/``post`` never follow redirects, answers have ``status_code``,
``headers`` and ``get_data(as_text=True)``. It speaks as the proxy would (``Host``,
``X-Forwarded-For``/``-Proto``) and keeps its own cookies, the ``Secure`` ones included (the
proxy terminates TLS, so the server sets them on plain HTTP)."""

from __future__ import annotations

from collections.abc import Mapping
from http.cookies import SimpleCookie
from typing import Any

import urllib3


class HttpResponse:
    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self.status_code = response.status
        self.headers = response.headers
        self.data = response.data

    def get_data(self, as_text: bool = False) -> str | bytes:
        return self.data.decode(errors="replace") if as_text else self.data

    @property
    def text(self) -> str:
        return self.data.decode(errors="replace")


class HttpClient:
    """One visitor (one cookie jar) of the server at ``base_url``."""

    _pool = urllib3.PoolManager(maxsize=64, retries=False, timeout=urllib3.Timeout(60))

    def __init__(
        self, base_url: str, host: str = "my.porsche.example", address: str = "203.0.113.5"
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = host
        self.address = address
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers = {
            "Host": self.host,
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Sec-Fetch-Site": "same-origin",
            "Accept-Language": "sv",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    def _keep_cookies(self, response: urllib3.BaseHTTPResponse) -> None:
        for header in response.headers.getlist("Set-Cookie"):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def open(self, method: str, path: str, **kwargs: Any) -> HttpResponse:
        headers = self._headers(kwargs.pop("headers", None))
        data = kwargs.pop("data", None)
        json_body = kwargs.pop("json", None)
        if kwargs:
            raise TypeError(f"unsupported arguments: {sorted(kwargs)}")
        fields: dict[str, Any] = {}
        if json_body is not None:
            fields["json"] = json_body
        elif data is not None:
            fields["fields"] = [
                (name, item)
                for name, value in data.items()
                for item in (value if isinstance(value, list | tuple) else [value])
            ]
            fields["encode_multipart"] = False
        response = self._pool.request(
            method, self.base_url + path, headers=headers, redirect=False, **fields
        )
        self._keep_cookies(response)
        return HttpResponse(response)

    def get(self, path: str, **kwargs: Any) -> HttpResponse:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> HttpResponse:
        return self.open("POST", path, **kwargs)
