"""Per-trainee variants: stable, different between trainees, never losing an option."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kam_lessons.variants import seed_for, shuffled


def test_the_same_trainee_sees_the_same_order_every_time():
    items = list("abcdefgh")
    assert shuffled(items, "anna", "q01") == shuffled(items, "anna", "q01")
    assert seed_for("anna", "q01") == seed_for("anna", "q01") != seed_for("anna", "q02")


def test_trainees_see_different_orders():
    items = list("abcdefgh")
    orders = {tuple(shuffled(items, f"trainee{i}", "q01")) for i in range(20)}
    assert len(orders) > 10


@given(st.lists(st.text(), max_size=12), st.text(), st.text())
def test_a_shuffle_keeps_every_item(items, trainee, key):
    assert sorted(shuffled(items, trainee, key)) == sorted(items)
