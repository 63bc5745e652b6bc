"""A person's name on every screen and receipt: as typed, first letter up."""

from __future__ import annotations

import pytest

from kinpay.names import display_name


@pytest.mark.parametrize(("stored", "shown"), [
    ("lily", "Lily"),
    ("McKay", "McKay"),  # str.title() would make it "Mckay"
    ("mary-jane o'neil", "Mary-jane o'neil"),  # the rest exactly as typed
    ("élodie", "Élodie"),
    ("李雷", "李雷"),
    ("<b>x</b>", "<b>x</b>"),
    ("", ""),
])
def test_names_are_shown_as_typed_with_the_first_letter_up(stored: str, shown: str) -> None:
    assert display_name(stored) == shown
