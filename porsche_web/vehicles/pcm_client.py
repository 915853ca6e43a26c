"""A small client of the vehicle API, as a car's PCM would use it (the PCM simulator uses it;
it is also the API's living example). JSON over HTTP with the car's bearer token."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: ``transport(method, url, headers, body) -> (status, json)``; tests pass the Flask client's.
Transport = Callable[[str, str, dict[str, str], bytes | None], tuple[int, Any]]


def urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes | None):
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"null")
        except ValueError:
            return error.code, None


@dataclass
class PcmClient:
    base_url: str
    token: str
    transport: Transport = urllib_transport

    def call(self, method: str, path: str, payload: dict | None = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        body = None
        if payload is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(payload).encode()
        return self.transport(
            method, self.base_url.rstrip("/") + "/api/pcm/v1/" + path, headers, body
        )

    def services(self):
        return self.call("GET", "services")

    def pairing_code(self):
        return self.call("POST", "pairing-code", {})

    def login(self, email: str, password: str, security_code: str | None):
        payload = {"email": email, "password": password}
        if security_code:
            payload["security_code"] = security_code
        return self.call("POST", "login", payload)

    def logout(self):
        return self.call("POST", "logout", {})

    def commands(self):
        return self.call("GET", "commands")

    def result(self, command_id: int, status: str, message: str | None = None):
        payload = {"status": status}
        if message:
            payload["message"] = message
        return self.call("POST", f"commands/{command_id}/result", payload)
