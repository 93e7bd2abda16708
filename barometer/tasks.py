"""The barometer follows the surveys: a response saved queues the rebuild of its wave's summary.

A burst of responses queues one rebuild per wave at a time: the marker is taken when a rebuild is queued
and dropped when it starts, so a response saved during a rebuild queues the next one and none is lost."""

from functools import partial

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from .services import wave_summary_refresh

# A worker that died mid-rebuild leaves the marker: it expires, and the next response queues again.
PENDING_SECONDS = 300


def _pending_key(wave_id: int) -> str:
    return f"barometer:wave-pending:{wave_id}"


@task()
def wave_summary_task(*, wave_id: int) -> int:
    cache.delete(_pending_key(wave_id))
    return wave_summary_refresh(wave_id=wave_id)


def _queue(wave_id: int) -> None:
    if cache.add(_pending_key(wave_id), 1, timeout=PENDING_SECONDS):
        wave_summary_task.enqueue(wave_id=wave_id)


def wave_changed(sender, *, wave_id: int, **kwargs) -> None:
    transaction.on_commit(partial(_queue, wave_id))
