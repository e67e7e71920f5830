"""The ``desk`` program's command registry: each command module adds its commands to ``DESK``."""

from __future__ import annotations

import argparse

from desk.cli.base import Registry


def _global(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: biến DESK_DATA_DIR hoặc thư mục người dùng)")
    p.add_argument("--actor", help="cán bộ thực hiện: tên đăng nhập của một tài khoản (in họ tên của người đó) hoặc họ "
                                   "tên (mặc định: biến DESK_ACTOR, sau cùng là tên đăng nhập máy)")  # fmt: skip


DESK = Registry("desk", "Bộ phận Một cửa cấp xã: tiếp nhận hồ sơ, hẹn trả kết quả, sổ theo dõi.", global_args=_global)
DESK.group("catalog", "danh mục thủ tục hành chính")
DESK.group("calendar", "lịch ngày làm việc")
DESK.group("clerk", "tài khoản cán bộ")
DESK.group("trust", "khóa công khai của đơn vị phát hành danh mục/lịch")
DESK.group("settings", "thiết lập in trên phiếu (người ký văn bản, công chức hướng dẫn, mẫu số văn bản)")
DESK.group("recovery", "khóa khôi phục của tỉnh (mở dữ liệu khi máy hỏng)")
