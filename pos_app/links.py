"""What the terminal's workers are given from its settings: the link to the server and the
offline risk rules; and the camera factory's type. Shared by the window (pos_app/app.py) and
its mixins (pos_app/around.py), which must not import each other both ways."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kinpay.tls import pins_of
from pos_app.core import offline
from pos_app.settings import Settings
from pos_app.workers import Link

if TYPE_CHECKING:
    from pos_app.scan.camera import Camera

CameraFactory = Callable[[], "Camera"]  # called on the scan thread: opens the camera


def rules_of(s: Settings) -> offline.RiskRules:
    return offline.RiskRules(s.floor_limit_minor, s.offline_max_count, s.offline_max_sum_minor,
                             max(0, s.offline_list_max_age_h) * 3600,
                             shop_category=s.shop_category)


def link_of(s: Settings) -> Link:
    return Link(s.server_url, s.api_key, s.timeout_s, ca_file=s.ca_file,
                pins=pins_of(s.server_pins))
