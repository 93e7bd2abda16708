"""The Redis cache of production (REDIS_URL): values and sessions round-trip, on one shared client."""

import uuid

import pytest
import redis
from django.contrib.sessions.backends.cache import SessionStore

from kernel.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def cache():
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_values_round_trip_and_expire_as_with_djangos_backend(cache):
    cache.set("grid", "<ul>…</ul>", timeout=60)
    assert cache.get("grid") == "<ul>…</ul>"
    assert cache.add("grid", "other") is False
    cache.set("version", 1)
    assert cache.incr("version") == 2
    assert cache.get_many(["grid", "version"]) == {"grid": "<ul>…</ul>", "version": 2}
    cache.set("gone", 1, timeout=0)
    assert cache.get("gone") is None


def test_one_redis_client_serves_every_call(cache, monkeypatch):
    made = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    for index in range(20):
        cache.set(f"key-{index}", index)
        assert cache.get(f"key-{index}") == index
    assert len(made) == 1


def test_a_session_survives_a_new_request(cache, monkeypatch):
    monkeypatch.setattr("django.contrib.sessions.backends.cache.caches", {"default": cache})
    session = SessionStore()
    session["basket"] = 42
    session.save()
    assert SessionStore(session_key=session.session_key)["basket"] == 42
