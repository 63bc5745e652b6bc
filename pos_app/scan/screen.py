"""What a tablet's screen, held close to a webcam, does to a code (issue 13 §1).

Each function is one physical effect, applied by `synth.render` when its `Conditions`
field asks for it, all deterministic:

- sub-pixels: the screen is a grid of coloured stripes (an LCD's RGB stripes, an OLED's
  PenTile RGBG) with dark gaps. Each camera pixel integrates the stripes it covers, so a
  pitch that is not a whole number of camera pixels beats into moiré fringes;
- backlight bleed: an LCD's black is lifted and bright areas glow into dark ones;
- refresh banding: the backlight's PWM against the rolling shutter, as slow bright and
  dark bands across the screen;
- reflections: a window's bright streak across the glass;
- exposure hunting: auto-exposure over- or under-shooting from one frame to the next.
"""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np

LCD, OLED = "lcd", "oled"
SCREENS = (LCD, OLED)
STRIPE_FILL = 0.8  # of each sub-pixel's width lit; the rest is the dark matrix
ROW_FILL = {LCD: 0.9, OLED: 0.7}  # of each pixel row lit: OLED emitters are smaller
# BGR channel of each stripe, left to right within one screen pixel.
LCD_STRIPES = (2, 1, 0)  # R, G, B


def _stripe_cover(length: int, pitch: float, offset: float, width: float) -> np.ndarray:
    """For each pixel [i, i+1) of `length`, the fraction covered by stripes of `width`
    starting at `offset` within every period `pitch` (all in pixels)."""

    def lit_before(t: np.ndarray) -> np.ndarray:
        whole = np.floor(t / pitch)
        return whole * width + np.clip(t - whole * pitch - offset, 0.0, width)

    edges = np.arange(length + 1, dtype=np.float64)
    covered = lit_before(edges)
    return (np.diff(covered) * (pitch / width)).astype(np.float32)  # mean 1 over a period


@lru_cache(maxsize=8)
def subpixel_gain(height: int, width: int, kind: str, pitch_px: float) -> np.ndarray:
    """Per-pixel, per-channel (BGR) gain of a screen's sub-pixel grid, mean about 1."""
    if kind not in SCREENS:
        raise ValueError(f"unknown screen {kind!r}: {', '.join(SCREENS)}")
    if pitch_px <= 0:
        raise ValueError("pitch_px must be positive")
    gain = np.empty((height, width, 3), np.float32)
    rows = _stripe_cover(height, pitch_px, 0.0, pitch_px * ROW_FILL[kind])
    if kind == LCD:
        third = pitch_px / 3.0
        for k, channel in enumerate(LCD_STRIPES):
            cols = _stripe_cover(width, pitch_px, k * third, third * STRIPE_FILL)
            gain[:, :, channel] = np.outer(rows, cols)
        gain.flags.writeable = False
        return gain
    # PenTile RGBG: red and blue share one column, on alternate rows; green has its own.
    half = pitch_px / 2.0
    red_blue = _stripe_cover(width, pitch_px, 0.0, half * STRIPE_FILL)
    green = _stripe_cover(width, pitch_px, half, half * STRIPE_FILL)
    lit = pitch_px * ROW_FILL[OLED]
    even = _stripe_cover(height, 2 * pitch_px, 0.0, lit)
    odd = _stripe_cover(height, 2 * pitch_px, pitch_px, lit)
    gain[:, :, 2] = np.outer(even, red_blue)
    gain[:, :, 0] = np.outer(odd, red_blue)
    gain[:, :, 1] = np.outer(rows, green)
    gain.flags.writeable = False
    return gain


def show_on_screen(
    screen: np.ndarray, kind: str, pitch_px: float, bleed: float, banding: float, phase: float
) -> np.ndarray:
    """The screen area (BGR, face-on) as the camera sees its lit pixels."""
    out = screen.astype(np.float32)
    if bleed > 0:
        # Light leaks through an LCD's closed cells (lifted black) and spreads sideways
        # in the diffuser (glow around bright areas).
        # The glow is wide and smooth: blurred at an eighth of the size, then enlarged.
        h, w = screen.shape[:2]
        small = cv2.resize(out, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
        sigma = max(0.5, min(small.shape[:2]) / 40.0)
        glow = cv2.resize(cv2.GaussianBlur(small, (0, 0), sigma), (w, h),
                          interpolation=cv2.INTER_LINEAR)
        lift = cv2.addWeighted(glow, 0.45 * bleed, glow, 0.0, 60.0 * bleed)
        out += lift - cv2.multiply(lift, out, scale=1.0 / 255.0)  # out + lift·(1 − out/255)
    if banding > 0:
        height = screen.shape[0]
        period = max(8.0, height / 5.0)
        ys = np.arange(height, dtype=np.float32)
        bands = 1.0 - 0.5 * banding * (1.0 + np.sin(2.0 * math.pi * ys / period + phase))
        out *= bands[:, None, None]
    if kind:
        gain = subpixel_gain(screen.shape[0], screen.shape[1], kind, round(pitch_px, 3))
        out = np.asarray(cv2.multiply(out, gain), dtype=np.float32)
    return np.asarray(cv2.convertScaleAbs(out))  # rounds and saturates to 0..255


def reflect(image: np.ndarray, centre: np.ndarray, size_px: float, strength: float,
            angle_deg: float = 30.0) -> np.ndarray:
    """A window's reflection: a soft bright streak through `centre` across the glass."""
    if strength <= 0:
        return image
    h, w = image.shape[:2]
    theta = math.radians(angle_deg)
    normal = (math.sin(theta), -math.cos(theta))
    xs = np.arange(w, dtype=np.float32) - np.float32(centre[0])
    ys = np.arange(h, dtype=np.float32) - np.float32(centre[1])
    # Offset from the centre so the streak crosses part of the code, not the middle.
    distance = ys[:, None] * normal[1] + xs[None, :] * normal[0] - 0.2 * size_px
    sigma = 0.12 * size_px
    streak = np.exp(-0.5 * (distance / sigma) ** 2) * (200.0 * strength)
    out = image.astype(np.float32) + streak[:, :, None]
    return np.asarray(out.clip(0, 255).astype(np.uint8))


def exposure_gain(hunt: float, rng: np.random.Generator) -> float:
    """This frame's exposure: 1 ± `hunt`, as auto-exposure overshoots on a bright screen."""
    if hunt <= 0:
        return 1.0
    return float(1.0 + hunt * rng.uniform(-1.0, 1.0))
