"""Camera sources (specs, replays, the simulated tablet, webcam reconnects) and the worker."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

import cv2
import numpy as np
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from pos_app.scan import CameraError, synth
from pos_app.scan.camera import (
    Camera,
    CameraSpec,
    DeviceCamera,
    ImageCamera,
    SimCamera,
    list_cameras,
    open_camera,
    parse_spec,
)
from pos_app.scan.decoder import Found, FrameDecoder, Reader, accept_verified, make_decoder
from pos_app.scan.worker import LatestFrame, ScanWorker, to_qimage
from tests.pos.conftest import Issued

VGA = synth.PRESETS["vga"]
WAIT_MS = 15_000  # generous: a loaded CI machine; tests never assert how long things take


def _write_frames(folder: Path, frames: list[np.ndarray], prefix: str = "f") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, frame in enumerate(frames):
        path = folder / f"{prefix}{i:03d}.png"
        assert cv2.imwrite(str(path), frame)
        paths.append(path)
    return paths


def _read_all(camera: Camera, limit: int = 100) -> list[np.ndarray]:
    frames = []
    for _ in range(limit):
        frame = camera.read()
        if frame is None:
            break
        frames.append(frame)
    return frames


# --- specs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("0", CameraSpec("device", 0)),
        ("2@1280x720", CameraSpec("device", 2, (1280, 720))),
        ("/dev/video0", CameraSpec("device", "/dev/video0")),
        ("/dev/video1@640x480", CameraSpec("device", "/dev/video1", (640, 480))),
        ("sim", CameraSpec("sim", "")),
        ("sim@640x480", CameraSpec("sim", "", (640, 480))),
        ("file:/tmp/counter.avi", CameraSpec("video", "/tmp/counter.avi")),
        ("/tmp/counter.mp4", CameraSpec("video", "/tmp/counter.mp4")),
        ("file:/tmp/code.PNG", CameraSpec("image", "/tmp/code.PNG")),
    ],
)
def test_parse_spec(spec: str, expected: CameraSpec) -> None:
    assert parse_spec(spec) == expected


def test_parse_spec_names_a_folder(tmp_path: Path) -> None:
    assert parse_spec(f"file:{tmp_path}@640x480") == CameraSpec("folder", str(tmp_path), (640, 480))


@pytest.mark.parametrize("spec", ["", "@640x480", "999", "0@99999x480"])
def test_bad_specs_are_camera_errors(spec: str) -> None:
    with pytest.raises(CameraError):
        parse_spec(spec)


# --- nothing to open -------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["7", "/dev/video63", "/dev/video63@1280x720"])
def test_a_missing_webcam_is_a_camera_error(spec: str) -> None:
    with pytest.raises(CameraError, match="camera"):
        open_camera(spec)


def test_missing_and_unreadable_files_are_camera_errors(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="no video file"):
        open_camera(str(tmp_path / "missing.avi"))
    with pytest.raises(CameraError, match="no image file"):
        open_camera(str(tmp_path / "missing.png"))
    not_a_video = tmp_path / "notes.avi"
    not_a_video.write_text("not a video")
    with pytest.raises(CameraError, match="not a video"):
        open_camera(str(not_a_video))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CameraError, match="no images"):
        open_camera(str(empty))


def test_list_cameras_lists_what_exists() -> None:
    for info in list_cameras():
        assert Path(info.spec).exists() and info.name


# --- replays ---------------------------------------------------------------------------------


def test_folder_replay_ends_after_its_images(tmp_path: Path, issued: Issued) -> None:
    frames = [synth.frame(issued.text, VGA, seed=i) for i in range(3)]
    _write_frames(tmp_path, frames)
    (tmp_path / "readme.txt").write_text("not an image: skipped")
    with open_camera(f"file:{tmp_path}") as camera:
        assert not camera.live
        read = _read_all(camera)
        assert camera.ended
    assert len(read) == 3
    assert all(np.array_equal(a, b) for a, b in zip(read, frames, strict=True))
    decoder = make_decoder()
    assert [f.text for f in decoder.decode_frame(read[0])] == [issued.text]


def test_folder_replay_loops_and_resizes(tmp_path: Path, issued: Issued) -> None:
    _write_frames(tmp_path, [synth.frame(issued.text, VGA, seed=i) for i in range(2)])
    camera = open_camera(f"{tmp_path}@320x240", loop=True)
    read = _read_all(camera, limit=7)
    assert len(read) == 7 and not camera.ended
    assert read[0].shape == (240, 320, 3)


def test_unreadable_image_in_a_folder_is_skipped(tmp_path: Path, issued: Issued) -> None:
    paths = _write_frames(tmp_path, [synth.frame(issued.text, VGA)])
    broken = tmp_path / "a-broken.png"
    broken.write_bytes(b"\x89PNG not really")
    camera = ImageCamera(sorted([*paths, broken]), description="test")
    assert len(_read_all(camera)) == 1
    assert camera.problem is not None and "a-broken.png" in camera.problem


def test_folder_of_only_broken_images_ends(tmp_path: Path) -> None:
    (tmp_path / "x.png").write_bytes(b"junk")
    camera = open_camera(str(tmp_path), loop=True)
    assert camera.read() is None
    assert camera.ended


def test_single_image_replay(tmp_path: Path, issued: Issued) -> None:
    (path,) = _write_frames(tmp_path, [synth.frame(issued.text, VGA)])
    camera = open_camera(f"file:{path}")
    assert len(_read_all(camera)) == 1 and camera.ended


def _write_video(path: Path, frames: list[np.ndarray], fps: float = 10.0) -> None:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()


def test_video_replay(tmp_path: Path, issued: Issued) -> None:
    path = tmp_path / "counter.avi"
    _write_video(path, [synth.frame(issued.text, VGA, seed=i) for i in range(6)])
    with open_camera(f"file:{path}") as camera:
        read = _read_all(camera)
        assert camera.ended
    assert len(read) == 6
    assert read[0].shape == (480, 640, 3)
    decoder = make_decoder(accept=accept_verified(issued.server_keys, clock=lambda: issued.now_s))
    assert all([f.text for f in decoder.decode_frame(frame)] == [issued.text] for frame in read)


def test_video_replay_loops(tmp_path: Path, issued: Issued) -> None:
    path = tmp_path / "counter.avi"
    _write_video(path, [synth.frame(issued.text, VGA, seed=i) for i in range(3)])
    camera = open_camera(str(path), loop=True)
    assert len(_read_all(camera, limit=8)) == 8
    camera.close()
    assert camera.read() is None and camera.ended


# --- the simulated tablet --------------------------------------------------------------------


def test_sim_camera_shows_the_providers_code(issued: Issued) -> None:
    texts = iter([issued.text, None])
    camera = open_camera("sim@640x480", provider=lambda: next(texts))
    decoder = make_decoder()
    with_code, without = camera.read(), camera.read()
    assert with_code is not None and without is not None
    assert with_code.shape == (480, 640, 3)
    assert [f.text for f in decoder.decode_frame(with_code)] == [issued.text]
    assert decoder.decode_frame(without) == []


def test_sim_camera_is_deterministic(issued: Issued) -> None:
    def frames(seed: int) -> list[np.ndarray]:
        camera = SimCamera(lambda: issued.text, conditions=VGA, seed=seed)
        return [camera.read() for _ in range(2)]  # type: ignore[misc]

    first, again, other = frames(3), frames(3), frames(4)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    assert not np.array_equal(first[0], first[1])  # the hand wobbles between frames


def test_sim_camera_with_a_cycle_repeats_one_codes_frames_and_follows_a_new_code(
    issued: Issued,
) -> None:
    """The demo's counter (`cycle`): the frames of a code are those the camera makes
    without a cycle, repeated every `cycle` frames; a frame drawn on doesn't change the
    next; and a new code is in the very next frame."""
    shown = {"text": issued.text}
    plain = SimCamera(lambda: issued.text, conditions=VGA, seed=5)
    cycled = SimCamera(lambda: shown["text"], conditions=VGA, seed=5, cycle=3)
    made = [plain.read() for _ in range(3)]
    frames = [cycled.read() for _ in range(7)]
    assert all(f is not None for f in [*made, *frames])
    for i, frame in enumerate(frames):
        assert np.array_equal(frame, made[i % 3]), i
    assert not np.array_equal(frames[0], frames[1])  # still a hand's wobble within the cycle
    frames[1][:] = 0  # what a preview might do to its frame
    assert np.array_equal(cycled.read(), made[1])  # frame 7: the second of the cycle
    other = synth.SampleIssuer(9).code_at(1_700_000_000)
    shown["text"] = other
    fresh = cycled.read()
    assert fresh is not None
    assert [f.text for f in make_decoder().decode_frame(fresh)] == [other]
    with pytest.raises(ValueError):
        SimCamera(lambda: issued.text, cycle=0)


def test_sim_default_provider_gives_real_codes() -> None:
    frame = open_camera("sim").read()
    assert frame is not None
    issuer = synth.SampleIssuer(0)
    decoder = make_decoder(accept=accept_verified(issuer.server_keys))
    assert len(decoder.decode_frame(frame)) == 1


# --- a webcam that goes away -----------------------------------------------------------------


class _FakeCapture:
    """Stands in for cv2.VideoCapture: a script of opens and reads."""

    opens: ClassVar[list[bool]] = []
    reads: ClassVar[list[bool]] = []

    def __init__(self, target: object, backend: int = 0) -> None:
        self.opened = _FakeCapture.opens.pop(0) if _FakeCapture.opens else False

    def isOpened(self) -> bool:
        return self.opened

    def set(self, prop: int, value: float) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        if _FakeCapture.reads and _FakeCapture.reads.pop(0):
            return True, np.zeros((48, 64, 3), np.uint8)
        return False, None

    def release(self) -> None:
        self.opened = False


def test_webcam_reconnects_with_backoff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    node = tmp_path / "video0"
    node.touch()
    monkeypatch.setattr(cv2, "VideoCapture", _FakeCapture)
    # open, read ok, unplugged, reopen fails (busy), reopen works, read ok
    _FakeCapture.opens = [True, False, True]
    _FakeCapture.reads = [True, False, True]
    now = [100.0]
    camera = DeviceCamera(str(node), clock=lambda: now[0])
    assert camera.live
    assert camera.read() is not None
    assert camera.read() is None and camera.problem is not None
    assert "unplugged" in camera.problem
    assert camera.read() is None  # still waiting out the first delay
    now[0] += 0.6
    assert camera.read() is None and camera.problem is not None
    assert "busy" in camera.problem and "1.0 s" in camera.problem  # the delay doubled
    now[0] += 1.1
    assert camera.read() is not None
    assert camera.problem is None
    camera.close()


def test_webcam_that_will_not_open_is_a_camera_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = tmp_path / "video0"
    node.touch()
    monkeypatch.setattr(cv2, "VideoCapture", _FakeCapture)
    _FakeCapture.opens = [False]
    with pytest.raises(CameraError, match="could not be opened"):
        DeviceCamera(str(node))


# --- the worker ------------------------------------------------------------------------------


def test_latest_frame_keeps_only_the_newest() -> None:
    box = LatestFrame()
    for value in range(3):
        box.put(np.full((2, 2), value, np.uint8))
    frame = box.take(0.01)
    assert frame is not None and frame[0, 0] == 2
    assert box.dropped == 2
    assert box.take(0.0) is None
    box.close()
    assert box.done


def test_to_qimage_copies_pixels() -> None:
    frame = np.zeros((4, 6, 3), np.uint8)
    frame[1, 2] = (255, 0, 0)  # blue in BGR
    image = to_qimage(frame)
    frame[:] = 0
    assert (image.width(), image.height()) == (6, 4)
    assert image.pixelColor(2, 1).blue() == 255 and image.pixelColor(2, 1).red() == 0
    grey = to_qimage(np.full((3, 3), 77, np.uint8))
    assert grey.format() == QImage.Format.Format_Grayscale8


def test_worker_reports_a_repeated_code_once(qtbot: QtBot, tmp_path: Path, issued: Issued) -> None:
    _write_frames(tmp_path, [synth.frame(issued.text, VGA, seed=i % 2) for i in range(6)])
    decoder = make_decoder(accept=accept_verified(issued.server_keys, clock=lambda: issued.now_s))
    worker = ScanWorker(lambda: open_camera(str(tmp_path)), decoder, preview_width=320)
    found: list[tuple[str, list[tuple[float, float]]]] = []
    previews: list[QImage] = []
    worker.found.connect(lambda text, corners: found.append((text, corners)))
    worker.frame.connect(previews.append)
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.start()
    assert worker.wait(WAIT_MS)
    assert [text for text, _ in found] == [issued.text]
    corners = found[0][1]
    assert len(corners) == 4 and all(0 <= x <= 320 and 0 <= y <= 240 for x, y in corners)
    assert worker.frames_decoded == 6
    assert previews and previews[0].width() == 320


def test_worker_rejects_a_qr_that_is_not_a_kinpay_code(qtbot: QtBot, tmp_path: Path) -> None:
    _write_frames(tmp_path, [synth.frame("WIFI:S:shop;T:WPA;P:secret;;", VGA)] * 3)
    worker = ScanWorker(lambda: open_camera(str(tmp_path)), make_decoder())
    found: list[str] = []
    worker.found.connect(lambda text, corners: found.append(text))
    with qtbot.waitSignal(worker.rejected, timeout=WAIT_MS) as blocker:
        worker.start()
    assert worker.wait(WAIT_MS)
    text, kind = blocker.args
    assert text == "WIFI:S:shop;T:WPA;P:secret;;"
    assert kind == "malformed"  # the terminal words it in its language (pos_app.words)
    assert found == []


def test_worker_reports_a_camera_that_does_not_open(qtbot: QtBot) -> None:
    worker = ScanWorker(lambda: open_camera("/dev/video63"))
    with qtbot.waitSignal(worker.error, timeout=WAIT_MS) as blocker:
        worker.start()
    assert worker.wait(WAIT_MS)
    assert "/dev/video63" in blocker.args[0]


def test_worker_on_a_live_simulated_camera_finds_and_stops(
    qtbot: QtBot, issued: Issued
) -> None:
    def open_sim() -> Camera:
        return open_camera("sim@640x480", fps=30, provider=lambda: issued.text)

    worker = ScanWorker(open_sim, make_decoder())
    with qtbot.waitSignal(worker.found, timeout=WAIT_MS) as blocker:
        worker.start()
    assert blocker.args[0] == issued.text
    assert worker.stop(WAIT_MS)
    assert worker.isFinished()


class _Numbered(Camera):
    """A live camera that makes `count` frames as fast as it is read, each with its number."""

    live = True

    def __init__(self, count: int) -> None:
        self.count = count
        self.made = 0
        self.closed = False

    def read(self) -> np.ndarray | None:
        if self.made >= self.count:
            return None
        frame = np.zeros((24, 24), np.uint8)  # big enough to hold a QR code
        frame[0, 0], frame[0, 1] = divmod(self.made, 256)
        self.made += 1
        return frame

    @property
    def ended(self) -> bool:
        return self.made >= self.count

    def close(self) -> None:
        self.closed = True


class _Slow(Reader):
    """A reader slower than the camera, noting which frames it was given."""

    name = "slow"

    def __init__(self) -> None:
        self.seen: list[int] = []

    def read(self, image: np.ndarray) -> list[Found]:
        self.seen.append(int(image[0, 0]) * 256 + int(image[0, 1]))
        time.sleep(0.02)  # stands for a slow decode, not a wait for something
        return []


def test_worker_decodes_the_newest_frame_and_drops_the_rest(qtbot: QtBot) -> None:
    camera, reader = _Numbered(300), _Slow()
    worker = ScanWorker(camera, FrameDecoder([reader], heavy_every=0))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS):
        worker.start()
    assert reader.seen == sorted(reader.seen)  # never an older frame after a newer one
    assert reader.seen[-1] == 299  # the last frame made is the last one decoded
    assert len(reader.seen) + worker.frames_dropped == 300
    assert worker.frames_dropped > 0
    assert camera.closed


def test_worker_stops_a_looping_replay(qtbot: QtBot, tmp_path: Path, issued: Issued) -> None:
    _write_frames(tmp_path, [synth.empty_frame(VGA)])
    worker = ScanWorker(lambda: open_camera(str(tmp_path), loop=True), preview_fps=1000)
    with qtbot.waitSignal(worker.frame, timeout=WAIT_MS):
        worker.start()
    assert worker.stop(WAIT_MS)
