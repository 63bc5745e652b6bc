"""The demo's windows share the screen without overlap (issue 10 §6), at the panel sizes
shops have, and every app finds the same place whatever its QT_SCALE_FACTOR."""

from __future__ import annotations

import pytest

from kinpay.control import Rect, column, demo_layout, wallet_scale

SCREENS = {"1920x1080": (0, 0, 1920, 1080), "1366x768": (0, 0, 1366, 768),
           "1366x768 with a 32-px top panel": (0, 32, 1366, 736),
           "1280x800": (0, 0, 1280, 800), "1024x768": (0, 0, 1024, 768)}


def _overlap(a: Rect, b: Rect) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@pytest.mark.parametrize("screen", SCREENS)
def test_the_three_windows_fit_the_screen_without_overlap(screen: str) -> None:
    area = SCREENS[screen]
    rects = demo_layout(area)
    assert set(rects) == {"payer", "delegate", "pos"}
    x0, y0, width, height = area
    for name, (x, y, w, h) in rects.items():
        assert x >= x0 and y >= y0 and x + w <= x0 + width and y + h <= y0 + height, name
    names = sorted(rects)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not _overlap(rects[a], rects[b]), (a, b)
    # The terminal's reflowed width where the screen has room for it and a wallet column;
    # on a narrower screen it gives way, to no less than 700 px (it works at 600), and each
    # wallet keeps at least a 300-px place. On a 1024-px screen the terminal took all of
    # it and the wallets lay hidden under it.
    assert rects["pos"][2] >= (1024 if width >= 1024 + 300 else 700), rects["pos"]
    assert min(rects["payer"][2], rects["delegate"][2]) >= 300, rects


def test_wallets_shrink_on_a_small_screen_and_not_on_a_large_one() -> None:
    assert wallet_scale((0, 0, 3840, 2160), "delegate") == 1.0
    assert 0.5 <= wallet_scale((0, 0, 1366, 768), "delegate") < 0.6  # a 342-px column


def test_an_app_with_its_own_scale_factor_finds_the_same_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    device = demo_layout((0, 0, 1366, 768))["delegate"]
    monkeypatch.setenv("QT_SCALE_FACTOR", "0.5")
    # Qt tells a half-scale app its screen is twice as large, in its own pixels.
    logical = column("demo:delegate", (0, 0, 2732, 1536))
    assert logical == tuple(v * 2 for v in device)
    assert column("demo:nobody", (0, 0, 1366, 768)) is None


def test_a_user_scale_factor_is_kept_where_there_is_room_and_reduced_where_not() -> None:
    # A 2x user on a 5120-px panel: the terminal takes 52 %, each wallet's place is
    # 1229 px, room for 600 px at 2x.
    assert wallet_scale((0, 0, 5120, 2880), "payer", base=2.0) == 2.0
    # On a 3840-px one, 922 px: 1.54.
    assert wallet_scale((0, 0, 3840, 2160), "payer", base=2.0) == pytest.approx(922 / 600)
    # On a 1920-px panel the same wallet's 448-px place takes it down to 0.75.
    assert wallet_scale((0, 0, 1920, 1080), "payer", base=2.0) == pytest.approx(448 / 600)
