"""Rate limits in Redis (issue #11, item 5): several app processes count in one store. Runs
against a real ``redis-server`` started for this module (Debian package ``redis-server``;
``tools/system-deps.sh test`` installs it)."""

from __future__ import annotations

import pytest
import redis

from porsche_web.extensions import csrf
from porsche_web.ratelimit import limiter
from porsche_web.testing.servers import RedisServer


@pytest.fixture(scope="module")
def redis_server():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.stop()


def make_limited(make_app, url):
    app = make_app({"RATELIMIT_STORAGE_URI": url, "TRUSTED_PROXIES": 1})

    @app.post("/test-limited")
    @limiter.limit("4 per minute")
    def limited():
        return "ok"

    csrf.exempt(limited)
    return app


def test_limits_live_in_redis_and_count_across_app_instances(make_app, redis_server):
    store = redis.Redis.from_url(redis_server.url)
    store.flushall()
    first = make_limited(make_app, redis_server.url)
    headers = {"X-Forwarded-For": "203.0.113.5"}
    answers = [first.test_client().post("/test-limited", headers=headers).status_code]
    answers.append(first.test_client().post("/test-limited", headers=headers).status_code)
    assert any(key.startswith(b"LIMITS") for key in store.keys("*")), store.keys("*")
    second = make_limited(make_app, redis_server.url)  # another instance, the same store
    for _ in range(3):
        answers.append(second.test_client().post("/test-limited", headers=headers).status_code)
    assert answers == [200, 200, 200, 200, 429]
    other_client = {"X-Forwarded-For": "198.51.100.7"}
    assert second.test_client().post("/test-limited", headers=other_client).status_code == 200
