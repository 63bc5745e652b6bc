"""The demo's windows share the screen without overlap (issue 10 §6), at the panel sizes
shops have, and every app finds the same place whatever its QT_SCALE_FACTOR."""

from __future__ import annotations

import pytest

from kinpay.control import Rect, column, demo_layout, wallet_scale

SCREENS = {"1920x1080": (0, 0, 1920, 1080), "1366x768": (0, 0, 1366, 768),
           "1366x768 with a 32-px top panel": (0, 32, 1366, 736),
           "1280x800": (0, 0, 1280, 800), "1024x768": (0, 0, 1024, 768),
           "900x700": (0, 0, 900, 700), "800x600": (0, 0, 800, 600)}
# Each wallet window's narrowest at full size (measured in the demo at 800x600: 177 and
# 209 px at half scale).
NARROWEST_W_PX = {"payer": 354, "delegate": 418}


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
    # The terminal's 1024 px where the screen has room for it and a wallet column of 440
    # px (the wallets read at full size there); else 880 px (it reflows there at full
    # size) while the wallets keep 440; on a narrower screen it gives way, to no less than
    # 700 px (it works at 600), and each wallet keeps at least a 300-px place. On a 1024-px
    # screen the terminal took all of it and the wallets lay hidden under it. Narrower
    # still (800 px), to 600 px (it works there), for a wallets' column of 200 px.
    pos_w = rects["pos"][2]
    assert pos_w >= (1024 if width >= 1024 + 440 else 880 if width >= 880 + 300
                     else 700 if width >= 700 + 200 else 600)
    wallet_w = min(rects["payer"][2], rects["delegate"][2])
    assert wallet_w >= (440 if width >= 880 + 440 else 300 if width >= 700 + 300 else 200), rects


@pytest.mark.parametrize("screen", SCREENS)
def test_each_wallet_shrunk_fits_its_place(screen: str) -> None:
    """Live QA 36 §6: at 800x600 the wallets' place was 100 px wide, and the wallets,
    shrunk no further than half (177 and 209 px at their narrowest), lay under the
    terminal: the child's code and the parent's "Allow this once" were covered. At its
    scale, each wallet's narrowest now fits its place, and so does its height."""
    area = SCREENS[screen]
    rects = demo_layout(area)
    for name in ("payer", "delegate"):
        scale = wallet_scale(area, name)
        narrowest = NARROWEST_W_PX[name] * scale
        assert narrowest <= rects[name][2], \
            f"{screen}: the {name} window is {narrowest:.0f} px at its narrowest, its " \
            f"place {rects[name][2]} px: it lies under the terminal"
        assert scale >= 0.45, f"{screen}: the {name} window shrunk to {scale:.2f}"


def test_wallets_shrink_on_a_small_screen_and_not_on_a_large_one() -> None:
    assert wallet_scale((0, 0, 3840, 2160), "delegate") == 1.0
    # A 1366x768 panel: the terminal at 926 px, a 440-px column for the wallets, one
    # above the other in 352 px each: the parent's (at least 430 px high) at 0.82, the
    # tablet's (at least 500 px high) at 0.70. Both were 0.57 (text about 7 px high)
    # beside a 1024-px terminal.
    assert demo_layout((0, 0, 1366, 768))["pos"][2] == 926
    assert demo_layout((0, 0, 1366, 768))["payer"][2:] == (440, 352)
    assert wallet_scale((0, 0, 1366, 768), "payer") == pytest.approx(352 / 430)
    assert wallet_scale((0, 0, 1366, 768), "delegate") == pytest.approx(352 / 500)


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
    # A 2x user on a 3840-px panel: the terminal takes 52 %, each wallet's place is 922
    # px, room for the parent's 440 px at 2x; the tablet's 544 px, at 1.69.
    assert wallet_scale((0, 0, 3840, 2160), "payer", base=2.0) == 2.0
    assert wallet_scale((0, 0, 3840, 2160), "delegate", base=2.0) == pytest.approx(922 / 544)
    # On a 1920-px panel the parent's 448-px place takes it down to 1.02.
    assert wallet_scale((0, 0, 1920, 1080), "payer", base=2.0) == pytest.approx(448 / 440)
