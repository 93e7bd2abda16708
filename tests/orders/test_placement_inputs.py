"""The small pure checks placement relies on: quantities, slot keys, pickup codes."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from orders import codes
from orders.codes import PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, pickup_code_make
from orders.services import MAX_LINE_QUANTITY, quantity_clean, slot_start_parse
from shops.schedule import PARIS, Slot


@pytest.mark.parametrize("value", [0, -1, 1.5, 1.0, "1e3", "2", 10**20, MAX_LINE_QUANTITY + 1, True, None, Decimal(2)])
def test_a_quantity_that_is_not_a_whole_number_within_bounds_is_refused(value):
    assert quantity_clean(value) is None


@pytest.mark.parametrize("value", [1, 2, MAX_LINE_QUANTITY])
def test_a_whole_positive_quantity_is_kept(value):
    assert quantity_clean(value) == value


def test_a_slot_key_reads_back_as_its_utc_start():
    start = datetime(2030, 10, 27, 10, 0, tzinfo=PARIS)  # the day clocks go back: UTC+1 from 3:00
    key = Slot(starts_at=start, ends_at=start).key

    assert key == "2030-10-27T09:00Z"
    assert slot_start_parse(key) == start
    assert slot_start_parse(start) == start


@pytest.mark.parametrize(
    "value",
    ["", "2030-10-27T09:00", "2030-10-27 09:00Z", "2030-02-30T09:00Z", "x" * 100, 5, None, datetime(2030, 1, 1)],
)
def test_anything_else_is_not_a_slot(value):
    assert slot_start_parse(value) is None


def test_pickup_codes_are_long_enough_and_unambiguous():
    assert PICKUP_CODE_LENGTH >= 6
    assert not set(PICKUP_CODE_ALPHABET) & set("0O1IL2Z5S8B6GUQ")
    for _ in range(200):
        code = pickup_code_make()
        assert len(code) == PICKUP_CODE_LENGTH
        assert set(code) <= set(PICKUP_CODE_ALPHABET)


def test_a_code_already_taken_in_the_slot_is_drawn_again(monkeypatch):
    draws = iter("AAAAAA" + "AAAAAA" + "CCCCCC")
    monkeypatch.setattr(codes.secrets, "choice", lambda alphabet: next(draws))

    assert pickup_code_make(taken={"AAAAAA"}) == "CCCCCC"


def test_slot_keys_are_utc():
    assert slot_start_parse("2030-03-31T08:00Z").tzinfo == UTC
