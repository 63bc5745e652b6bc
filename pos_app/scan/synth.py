"""Deterministic synthetic webcam frames: a tablet showing a code on a shop counter.

Tests, benchmarks and the simulated camera use these instead of a webcam. Everything
random comes from a seed, so a frame is the same on every run and every machine. A frame
is built in steps, each a small function of one `Conditions` field:

    counter scene → tablet (bezel, screen, QR, digits) → the screen's own look (sub-pixels,
    backlight bleed, refresh bands: screen.py) → perspective tilt and distance → exposure,
    lighting (low light, glare, reflections) → moiré → focus blur → motion blur → noise
    → JPEG loss

`SampleIssuer` makes real, verifiable kinpay codes from fixed keys, so a synthetic frame
can carry a code that passes `codes.verify_code` without a server.
"""

from __future__ import annotations

import hashlib
import math
import uuid
import zlib
from dataclasses import dataclass, replace
from functools import lru_cache

import cv2
import numpy as np
import segno
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kinpay import codes
from pos_app.scan import screen as screens

SIZES = {"480p": (640, 480), "720p": (1280, 720)}
QUIET_MODULES = 4  # the quiet zone the QR standard asks for, in modules
MAX_TEXT_CHARS = 2000  # bounds the QR version segno may pick; a kinpay code has 318
# Screen pixels across the QR (with its quiet zone) as the wallet draws it on a tablet:
# the screen's pixel pitch in camera pixels is code_px / this, unless set.
SCREEN_CODE_PX = 720


@dataclass(frozen=True, slots=True)
class Conditions:
    """How the camera sees the tablet. Zero or neutral values give a clean frame."""

    width: int = 1280
    height: int = 720
    code_px: int = 300  # side of the QR with its quiet zone, facing the camera: the distance
    center: tuple[float, float] = (0.5, 0.5)  # the tablet's centre, as fractions of the frame
    yaw_deg: float = 0.0  # turned left/right: perspective
    pitch_deg: float = 0.0  # tipped towards/away from the camera: perspective
    roll_deg: float = 0.0  # rotated in the image plane
    light: float = 1.0  # overall brightness; below ~0.4 is a dim shop
    glare: float = 0.0  # 0..1, a bright reflection on the screen
    moire: float = 0.0  # 0..1, interference of the screen's pixels with the sensor's
    blur_sigma: float = 0.0  # out of focus, pixels
    motion_px: int = 0  # length of a motion blur streak, pixels
    motion_angle_deg: float = 0.0
    noise_sigma: float = 0.0  # sensor noise, grey levels
    jpeg_quality: int = 0  # 0 = no JPEG step; else the quality of a lossy round trip
    # The screen and the hand (issue 13 §1): see screen.py.
    screen: str = ""  # "" (a clean picture of the screen), "lcd" (RGB stripes) or "oled"
    pitch_px: float = 0.0  # the screen's pixel pitch in camera pixels (0: from code_px)
    bleed: float = 0.0  # 0..1, an LCD's backlight bleed (lifted black, glow)
    banding: float = 0.0  # 0..1, depth of the refresh bands
    reflection: float = 0.0  # 0..1, a window's streak on the glass
    exposure_hunt: float = 0.0  # 0..1, this frame's exposure is 1 ± up to this (seeded)
    code_center: tuple[float, float] | None = None  # put the code's centre here instead
    # The code as the wallet shows it (issue 13 §3): error correction, quiet zone, and the
    # screen's brightness against the room's light.
    ec_level: str = "m"
    quiet_modules: int = QUIET_MODULES
    screen_brightness: float = 1.0

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


# Named conditions for tests and benchmarks; each a plausible moment at a real counter.
PRESETS: dict[str, Conditions] = {
    "clean": Conditions(),
    "tilted": Conditions(yaw_deg=35.0, pitch_deg=-20.0, roll_deg=12.0),
    "far": Conditions(code_px=190, center=(0.35, 0.6)),
    "near": Conditions(code_px=560),
    "blurred": Conditions(blur_sigma=1.6),
    "motion": Conditions(motion_px=5, motion_angle_deg=20.0),
    "glare": Conditions(glare=0.7, yaw_deg=10.0),
    "dim": Conditions(light=0.3, noise_sigma=6.0),
    "noisy": Conditions(noise_sigma=14.0),
    "moire": Conditions(moire=0.5),
    "jpeg": Conditions(jpeg_quality=40),
    "vga": Conditions(width=640, height=480, code_px=230, yaw_deg=15.0, jpeg_quality=70),
    "hard": Conditions(
        yaw_deg=25.0, pitch_deg=15.0, roll_deg=-8.0, light=0.6, glare=0.3, blur_sigma=0.8,
        noise_sigma=6.0, jpeg_quality=60,
    ),
}
_NEAR_LCD = Conditions(screen="lcd", bleed=0.3, noise_sigma=4.0, yaw_deg=6.0, roll_deg=3.0,
                       jpeg_quality=80, code_center=(0.5, 0.5))
# The screen held 5–15 cm from the lens: the code fills 60–120 % of the frame's height
# (code_px is that share of 720 px; bench and tests scale it for 480 px).
SCREEN_PRESETS: dict[str, Conditions] = {
    "lcd": replace(_NEAR_LCD, code_px=430, blur_sigma=0.7),
    # A low-density screen held close: its pixels 1.5 camera pixels apart.
    "lcd-coarse": replace(_NEAR_LCD, code_px=470, pitch_px=1.5, blur_sigma=0.5, noise_sigma=6.0),
    "oled": replace(_NEAR_LCD, screen="oled", bleed=0.0, code_px=500, pitch_px=1.2,
                    blur_sigma=0.5, noise_sigma=6.0),
    # Nearer than the webcam's focus: defocused.
    "screen-close": replace(_NEAR_LCD, code_px=650, blur_sigma=2.8),
    "screen-fill": replace(_NEAR_LCD, screen="oled", bleed=0.0, code_px=780, blur_sigma=3.0),
    # Part of the quiet zone off the frame's bottom edge, or its left one.
    "screen-edge": replace(_NEAR_LCD, code_px=600, code_center=(0.62, 0.62), blur_sigma=1.2),
    "screen-edge-side": replace(_NEAR_LCD, code_px=600, code_center=(0.225, 0.5),
                                blur_sigma=1.2),
    "screen-cut": replace(_NEAR_LCD, code_px=860, code_center=(0.45, 0.5), blur_sigma=2.4),
    "banding": replace(_NEAR_LCD, code_px=520, banding=0.8, blur_sigma=0.8),
    "reflection": replace(_NEAR_LCD, code_px=520, reflection=0.6, glare=0.3, blur_sigma=0.8),
    "exposure": replace(_NEAR_LCD, code_px=560, exposure_hunt=0.9, blur_sigma=0.9),
    "screen-hard": replace(
        _NEAR_LCD, code_px=620, yaw_deg=14.0, pitch_deg=-8.0, bleed=0.7, banding=0.5,
        reflection=0.35, exposure_hunt=0.4, blur_sigma=2.2, noise_sigma=9.0, jpeg_quality=60,
    ),
}
PRESETS.update(SCREEN_PRESETS)


# --- the code and the tablet ------------------------------------------------------------


@lru_cache(maxsize=16)
def qr_modules(
    text: str, mask: int | None = 0, error: str = "m", quiet: int = QUIET_MODULES
) -> np.ndarray:
    """The QR symbol for `text` as a uint8 array, 1 = dark, with its quiet zone.

    A fixed mask skips segno's mask evaluation, which is most of the cost of encoding,
    and keeps the symbol the same whatever segno's version.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"text of {len(text)} characters is too long for a synthetic QR")
    qr = segno.make_qr(text, error=error, mask=mask, boost_error=False)
    modules = np.pad(np.array([list(row) for row in qr.matrix], dtype=np.uint8), quiet)
    modules.flags.writeable = False  # cached: callers must not change it
    return modules


def qr_image(text: str, side_px: int, error: str = "m", quiet: int = QUIET_MODULES) -> np.ndarray:
    """The QR (with quiet zone) as a grey image about `side_px` square, black on white."""
    modules = qr_modules(text, 0, error, quiet)
    scale = max(1, round(side_px / modules.shape[0]))
    image = np.where(modules == 1, 0, 255).astype(np.uint8)
    return cv2.resize(
        image, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST
    )


def bezel_px(code_px: int) -> int:
    return max(4, code_px // 14)


def tablet_image(
    text: str | None, code_px: int, error: str = "m", quiet: int = QUIET_MODULES
) -> tuple[np.ndarray, np.ndarray]:
    """A portrait tablet seen face on (BGR) and the code's four corners in it.

    With `text` None the screen shows a page of lines instead of a code: a frame that must
    give no read.
    """
    width, height = int(code_px * 1.5), int(code_px * 2.0)
    bezel = bezel_px(code_px)
    tablet = np.full((height, width, 3), 25, np.uint8)  # the dark bezel
    screen = tablet[bezel : height - bezel, bezel : width - bezel]
    screen[:] = (246, 244, 240)
    sh, sw = screen.shape[:2]
    screen[: sh // 9] = (180, 120, 40)  # the app's header bar
    corners = np.zeros((4, 2), np.float32)
    if text is None:
        for i in range(8):  # lines of text, like a page of the wallet app
            y = sh // 5 + i * sh // 12
            right = sw * (5 + i % 3) // 8
            cv2.rectangle(screen, (sw // 8, y), (right, y + sh // 40), (90, 90, 90), -1)
        return tablet, corners
    qr = qr_image(text, code_px, error, quiet)
    side = min(qr.shape[0], sw - 2, sh - 2)
    qr = qr[:side, :side]
    x0, y0 = (sw - side) // 2, sh // 8
    screen[y0 : y0 + side, x0 : x0 + side] = qr[:, :, None]
    digits_y = min(sh - 4, y0 + side + sh // 12)
    cv2.putText(
        screen, "4821 0937 5521 0066 514", (sw // 10, digits_y), cv2.FONT_HERSHEY_SIMPLEX,
        sw / 700.0, (40, 40, 40), max(1, sw // 300), cv2.LINE_AA,
    )
    ox, oy = x0 + bezel, y0 + bezel
    # The QR proper starts inside its quiet zone; corners are those of the whole symbol.
    corners[:] = [(ox, oy), (ox + side, oy), (ox + side, oy + side), (ox, oy + side)]
    return tablet, corners


# --- the scene ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def counter_scene(width: int, height: int, seed: int = 0) -> np.ndarray:
    """A shop counter: a wood-toned surface with a few products on it (BGR, read-only)."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    xs = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    grain = 0.5 + 0.5 * np.sin(xs * 40.0 + 6.0 * np.sin(ys * 7.0))
    shade = 0.75 + 0.25 * ys + 0.08 * grain
    base = np.array([70, 110, 150], np.float32)  # BGR of light wood
    scene = (shade[:, :, None] * base).clip(0, 255).astype(np.uint8)
    for _ in range(6):
        w = int(rng.integers(width // 12, width // 5))
        h = int(rng.integers(height // 8, height // 3))
        x, y = int(rng.integers(0, width - w)), int(rng.integers(0, height - h))
        colour = tuple(int(c) for c in rng.integers(30, 230, 3))
        cv2.rectangle(scene, (x, y), (x + w, y + h), colour, -1)
        cv2.rectangle(scene, (x, y + h // 3), (x + w, y + h // 3 + h // 8), (235,) * 3, -1)
    scene.flags.writeable = False
    return np.asarray(scene)


def _rotation(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    y, p, r = (math.radians(a) for a in (yaw_deg, pitch_deg, roll_deg))
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    return np.asarray(rz @ ry @ rx)


def placement(tablet_shape: tuple[int, ...], cond: Conditions) -> np.ndarray:
    """The homography that puts the face-on tablet into the frame, tilted as `cond` says."""
    h, w = tablet_shape[:2]
    focal = float(cond.width)  # about a 53° lens, like a typical webcam
    flat = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    local = np.array([[x - w / 2, y - h / 2, 0.0] for x, y in flat])
    # At distance `focal` a face-on tablet keeps its pixel size: `code_px` is what it says.
    world = local @ _rotation(cond.yaw_deg, cond.pitch_deg, cond.roll_deg).T
    world[:, 2] += focal
    cx, cy = cond.center[0] * cond.width, cond.center[1] * cond.height
    projected = np.stack(
        [focal * world[:, 0] / world[:, 2] + cx, focal * world[:, 1] / world[:, 2] + cy], axis=1
    ).astype(np.float32)
    return cv2.getPerspectiveTransform(flat, projected)


# --- what the camera does to the picture ---------------------------------------------------


def apply_light(image: np.ndarray, cond: Conditions, corners: np.ndarray) -> np.ndarray:
    if cond.light == 1.0 and cond.glare <= 0:
        return image
    out = image.astype(np.float32) * cond.light
    if cond.glare > 0:
        h, w = image.shape[:2]
        # The reflection sits on the screen, off centre, as a lamp above the counter puts it.
        centre = corners.mean(axis=0) if corners.any() else np.array([w / 2, h / 2])
        gx, gy = centre + np.array([0.15 * cond.code_px, -0.1 * cond.code_px])
        sigma = 0.35 * cond.code_px
        xs = np.arange(w, dtype=np.float32) - np.float32(gx)
        ys = np.arange(h, dtype=np.float32) - np.float32(gy)
        scale = np.float32(-0.5 / sigma**2)
        # A Gaussian is separable: two 1-D curves and an outer product, not w×h exponentials.
        blob = np.outer(np.exp(ys**2 * scale), np.exp(xs**2 * scale))
        out += (255.0 * cond.glare * blob)[:, :, None]
    return out.clip(0, 255).astype(np.uint8)


def apply_moire(image: np.ndarray, strength: float) -> np.ndarray:
    if strength <= 0:
        return image
    factor = _moire_factor(image.shape[1], image.shape[0], strength)
    shaded: np.ndarray = (image.astype(np.float32) * factor[:, :, None]).clip(0, 255)
    return shaded.astype(np.uint8)


@lru_cache(maxsize=4)
def _moire_factor(width: int, height: int, strength: float) -> np.ndarray:
    ys, xs = np.mgrid[:height, :width].astype(np.float32)
    # Two close spatial frequencies beat into the slow fringes a camera sees on a screen.
    fringes = np.sin(0.9 * xs + 0.25 * ys) * np.sin(0.05 * xs - 0.03 * ys)
    factor = (1.0 - 0.35 * strength * (0.5 + 0.5 * fringes)).astype(np.float32)
    factor.flags.writeable = False
    return np.asarray(factor)


def apply_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(image, (0, 0), sigma) if sigma > 0 else image


def apply_motion(image: np.ndarray, length_px: int, angle_deg: float) -> np.ndarray:
    if length_px <= 1:
        return image
    kernel = np.zeros((length_px, length_px), np.float32)
    kernel[length_px // 2, :] = 1.0
    centre = ((length_px - 1) / 2.0, (length_px - 1) / 2.0)
    turn = cv2.getRotationMatrix2D(centre, angle_deg, 1.0)
    streak = cv2.warpAffine(kernel, turn, (length_px, length_px))
    normalised = (streak / max(float(streak.sum()), 1e-6)).astype(np.float32)
    return np.asarray(cv2.filter2D(image, -1, normalised))


def apply_noise(image: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    if sigma <= 0:
        return image
    # One noise plane for the three channels: a third of the cost, and a webcam's noise is
    # mostly in brightness anyway.
    noise = rng.standard_normal(image.shape[:2], dtype=np.float32) * np.float32(sigma)
    return (image.astype(np.float32) + noise[:, :, None]).clip(0, 255).astype(np.uint8)


def apply_jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    if quality <= 0:
        return image
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("JPEG encoding failed")
    decoded = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if decoded is None:
        raise ValueError("JPEG decoding failed")
    return np.asarray(decoded)


# --- frames -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rendered:
    image: np.ndarray  # BGR, cond.height × cond.width
    corners: np.ndarray  # the code's four corners in the frame (zeros when there is none)


def render(
    text: str | None, cond: Conditions = PRESETS["clean"], *, seed: int = 0, tablet: bool = True
) -> Rendered:
    """A frame of the counter with a tablet showing `text` as a QR (None: no code)."""
    rng = np.random.default_rng(seed)
    frame = counter_scene(cond.width, cond.height, seed % 4).copy()
    corners = np.zeros((4, 2), np.float32)
    cond = replace(cond, light=cond.light * screens.exposure_gain(cond.exposure_hunt, rng))
    if tablet:
        face, flat_corners = tablet_image(text, cond.code_px, cond.ec_level, cond.quiet_modules)
        _screen_look(face, cond, seed)
        homography = placement(face.shape, cond)
        if cond.code_center is not None and text is not None:
            homography = _centred_on_code(homography, flat_corners, cond)
        cv2.warpPerspective(
            face, homography, cond.size, dst=frame, flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_TRANSPARENT,
        )
        if text is not None:
            corners = cv2.perspectiveTransform(flat_corners[None], homography)[0]
    frame = apply_light(frame, cond, corners)
    if cond.reflection > 0:
        centre = corners.mean(axis=0) if corners.any() else np.array([cond.width / 2, 0.0])
        frame = screens.reflect(frame, centre, cond.code_px, cond.reflection)
    frame = apply_moire(frame, cond.moire)
    frame = apply_blur(frame, cond.blur_sigma)
    frame = apply_motion(frame, cond.motion_px, cond.motion_angle_deg)
    frame = apply_noise(frame, cond.noise_sigma, rng)
    frame = apply_jpeg(frame, cond.jpeg_quality)
    return Rendered(frame, corners)


def _screen_look(face: np.ndarray, cond: Conditions, seed: int) -> None:
    """The tablet's screen area, in place, as a screen's lit pixels look (screen.py)."""
    b = bezel_px(cond.code_px)
    if cond.screen_brightness != 1.0:
        lit = face[b:-b, b:-b].astype(np.float32) * cond.screen_brightness
        face[b:-b, b:-b] = lit.clip(0, 255).astype(np.uint8)
    if not (cond.screen or cond.bleed or cond.banding):
        return
    pitch_px = cond.pitch_px or cond.code_px / SCREEN_CODE_PX
    phase = (seed % 97) * 0.37  # the bands roll from frame to frame
    face[b:-b, b:-b] = screens.show_on_screen(
        face[b:-b, b:-b], cond.screen, pitch_px, cond.bleed, cond.banding, phase
    )


def _centred_on_code(
    homography: np.ndarray, flat_corners: np.ndarray, cond: Conditions
) -> np.ndarray:
    """`homography` moved so the code's centre lands on `cond.code_center`."""
    placed = cv2.perspectiveTransform(flat_corners[None], homography)[0].mean(axis=0)
    assert cond.code_center is not None
    target = np.array([cond.code_center[0] * cond.width, cond.code_center[1] * cond.height])
    dx, dy = target - placed
    shift = np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])
    return np.asarray(shift @ homography)


def frame(text: str | None, cond: Conditions = PRESETS["clean"], *, seed: int = 0) -> np.ndarray:
    """Just the image of `render`."""
    return render(text, cond, seed=seed).image


def empty_frame(cond: Conditions = PRESETS["clean"], *, seed: int = 0) -> np.ndarray:
    """The counter with nothing on it: the terminal's idle view."""
    return render(None, cond, seed=seed, tablet=False).image


def jitter(cond: Conditions, rng: np.random.Generator) -> Conditions:
    """`cond` with the small wobble of a hand holding a tablet, for the simulated camera."""
    return replace(
        cond,
        yaw_deg=cond.yaw_deg + float(rng.normal(0.0, 2.0)),
        pitch_deg=cond.pitch_deg + float(rng.normal(0.0, 2.0)),
        roll_deg=cond.roll_deg + float(rng.normal(0.0, 1.0)),
        center=(
            cond.center[0] + float(rng.normal(0.0, 0.005)),
            cond.center[1] + float(rng.normal(0.0, 0.005)),
        ),
    )


def at_size(cond: Conditions, size: str) -> Conditions:
    """`cond` at a frame size of SIZES, the code scaled with the frame's height."""
    width, height = SIZES[size]
    scale = height / cond.height
    return replace(cond, width=width, height=height, code_px=max(60, round(cond.code_px * scale)))


SAMPLE_NOW_S = 1_767_225_600  # a fixed "now": the same codes on every run


def sample(name: str, size: str, index: int) -> tuple[np.ndarray, str]:
    """Frame `index` of the preset `name` at `size` ("720p"/"480p"), with a hand's wobble,
    and the real kinpay code it shows: the same on every run, for tests and benchmarks."""
    seed = zlib.crc32(f"{name}/{size}".encode()) % 100_000 * 100 + index
    cond = jitter(at_size(PRESETS[name], size), np.random.default_rng(seed))
    text = SampleIssuer(0).code_at(SAMPLE_NOW_S, counter=seed % 65_536)
    return frame(text, cond, seed=seed), text


# --- real codes from fixed keys -------------------------------------------------------------


def _seeded_key(label: str, seed: int) -> Ed25519PrivateKey:
    digest = hashlib.sha256(f"kinpay-synth/{label}/{seed}".encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(digest)


class SampleIssuer:
    """A server key and one paired device, both from a seed: real codes without a server.

    For tests, benchmarks and the simulated camera only; the keys are public knowledge.
    """

    def __init__(self, seed: int = 0, *, rotate_s: int = codes.DEFAULT_ROTATE_S) -> None:
        self.server_key = _seeded_key("server", seed)
        self.device_key = _seeded_key("device", seed)
        ident = hashlib.sha256(f"kinpay-synth/cert/{seed}".encode()).digest()
        self.cert = codes.Certificate(
            key_id=b"",
            cert_id=ident[:8],
            grant_id=uuid.UUID(bytes=ident[8:24]).hex,
            device_public_key=codes.raw_public(self.device_key.public_key()),
            offline_cap_minor=5000,
            currency="CNY",
            rotate_s=rotate_s,
            expires_s=4_000_000_000,  # far ahead: a sample never expires during a test
        ).signed_by(self.server_key)

    @property
    def server_keys(self) -> dict[bytes, Ed25519PublicKey]:
        public = self.server_key.public_key()
        return {codes.key_id_of(public): public}

    def code_at(self, now_s: int, counter: int = 0) -> str:
        return codes.build_code(self.cert, self.device_key, now_s=now_s, counter=counter)
