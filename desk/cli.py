"""The ``desk`` command line (contracts/cli.md): the composition root for scripts, installers and tests.

Exit codes: 0 success; 2 input refused (nothing written); 1 any other failure (log path on stderr);
3 the data dir is not initialised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from desk import __version__, paths, timeutil
from desk.errors import DeskError, InvalidInput

log = logging.getLogger("desk")


class _Parser(argparse.ArgumentParser):
    """argparse that refuses bad options with exit code 2 and a Vietnamese line."""

    def error(self, message: str) -> NoReturn:
        for pattern, vietnamese in _ARGPARSE_VI:
            message = re.sub(pattern, vietnamese, message)
        self.exit(2, f"desk: tham số không hợp lệ: {message}. Xem «{self.prog} --help».\n")


_ARGPARSE_VI = [
    (r"argument (\S+): invalid int value: '(.*)'", r"\1: «\2» không phải số nguyên"),
    (r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)", r"\1: «\2» không hợp lệ (chọn một trong: \3)"),
    (r"argument (\S+): expected one argument", r"\1 cần một giá trị"),
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"tham số không nhận ra: \1"),
]


def _actions(sub: Any, name: str, help_text: str) -> Any:
    """A command with sub-commands (``desk catalog import``): its parsers for the actions, one required."""
    actions = sub.add_parser(name, help=help_text).add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    return actions


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="desk", description="Bộ phận Một cửa cấp xã: tiếp nhận hồ sơ, hẹn trả kết quả, sổ theo dõi.")
    p.add_argument("--version", action="version", version=f"desk {__version__}")
    p.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: biến DESK_DATA_DIR hoặc thư mục người dùng)")
    p.add_argument("--actor", help="tên cán bộ thực hiện (mặc định: biến DESK_ACTOR hoặc tên đăng nhập máy)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    s = sub.add_parser("init", help="khởi tạo dữ liệu cho một bàn tiếp nhận")
    s.add_argument("--agency-code", help="mã định danh cơ quan, ví dụ 000.00.12.H62 (mặc định: cấu hình máy)")
    s.add_argument("--agency-name", help="tên cơ quan/bộ phận tiếp nhận in trên phiếu (mặc định: cấu hình máy)")
    s.add_argument("--desk-slot", type=int, help="số hiệu bàn 1–9 (mặc định: cấu hình máy, hoặc 1)")
    s.add_argument("--parent-name", help="tên cơ quan chủ quản in ở đầu phiếu, ví dụ UBND XÃ TÂN PHÚ")
    s.add_argument("--place", help="địa danh in trước ngày tháng trên phiếu")
    s.add_argument("--catalog", help="tệp danh mục thủ tục (mặc định: danh mục mẫu kèm theo)")
    s.add_argument("--calendar", help="tệp lịch làm việc (mặc định: lịch 2025–2026 kèm theo)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("info", help="thông tin bàn tiếp nhận")
    s.add_argument("--json", action="store_true")

    cat = _actions(sub, "catalog", "danh mục thủ tục hành chính")
    s = cat.add_parser("import", help="nhập một bộ danh mục (chờ cán bộ phụ trách duyệt, trừ khi --approve)")
    s.add_argument("file")
    s.add_argument("--force", action="store_true", help="nhập cả phiên bản không mới hơn (cần --reason)")
    s.add_argument("--reason", help="lý do nhập lại phiên bản cũ")
    s.add_argument(
        "--approve", action="store_true", help="duyệt luôn (cần --as-user của cán bộ phụ trách nếu đã có tài khoản)"
    )
    s.add_argument("--as-user", help="tên đăng nhập cán bộ phụ trách (lead)")
    s.add_argument("--password-stdin", action="store_true")
    s.add_argument("--json", action="store_true")
    s = cat.add_parser("pending", help="các danh mục chờ duyệt và thay đổi của chúng")
    s.add_argument("--json", action="store_true")
    s = cat.add_parser("approve", help="duyệt một danh mục chờ (có hiệu lực từ ngày ghi trong danh mục)")
    s.add_argument("catalog_id", type=int)
    s.add_argument("--as-user", help="tên đăng nhập cán bộ phụ trách (lead)")
    s.add_argument("--password-stdin", action="store_true")
    s.add_argument("--json", action="store_true")
    s = cat.add_parser("list", help="các thủ tục đang dùng")
    s.add_argument("--json", action="store_true")

    cal = _actions(sub, "calendar", "lịch ngày làm việc")
    s = cal.add_parser("import", help="nhập một bộ lịch")
    s.add_argument("file")
    s.add_argument("--json", action="store_true")
    s = cal.add_parser("show", help="các ngày khác tuần làm việc thông thường của một năm")
    s.add_argument("year", type=int)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("due", help="tính ngày hẹn trả, không lưu gì")
    s.add_argument("--procedure", required=True)
    s.add_argument("--at", required=True, help="thời điểm tiếp nhận, ví dụ 2026-02-13T10:00:00+07:00")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("receive", help="tiếp nhận một hồ sơ đầy đủ và cấp mã")
    s.add_argument("--procedure", required=True, help="mã thủ tục")
    s.add_argument("--name", required=True, help="họ và tên người nộp")
    s.add_argument("--id-number", help="số định danh cá nhân / CMND / hộ chiếu")
    s.add_argument("--phone")
    s.add_argument("--email")
    s.add_argument("--address")
    s.add_argument("--sets", type=int, default=1, help="số lượng hồ sơ (bộ)")
    s.add_argument("--doc", action="append", metavar="DOC_ID=QTY", help="giấy tờ đã nộp và số lượng")
    s.add_argument("--at", help="thời điểm đã tiếp nhận trên giấy (không được ở tương lai)")
    s.add_argument("--note")
    s.add_argument("--channel", type=int, default=1, help="1 trực tiếp, 2 trực tuyến, 3 bưu chính")
    s.add_argument("--delivery", choices=["desk", "post"], default="desk", help="nơi nhận kết quả")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="một hồ sơ và các sự kiện của nó")
    s.add_argument("code")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("search", help="tìm hồ sơ theo mã, số giấy tờ, số điện thoại, họ tên")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")

    clerk = _actions(sub, "clerk", "tài khoản cán bộ")
    s = clerk.add_parser("add", help="thêm tài khoản (tài khoản đầu tiên là cán bộ phụ trách)")
    s.add_argument("username")
    s.add_argument("--full-name", required=True, help="họ và tên in dưới «NGƯỜI TIẾP NHẬN HỒ SƠ»")
    s.add_argument("--role", choices=["lead", "clerk"], help="lead: phụ trách; clerk: tiếp nhận (mặc định)")
    s.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    s.add_argument("--as-user", help="tên đăng nhập của cán bộ phụ trách cho phép thêm (cần từ tài khoản thứ hai)")
    s.add_argument("--json", action="store_true")
    s = clerk.add_parser("list", help="các tài khoản")
    s.add_argument("--json", action="store_true")

    sub.add_parser("gui", help="mở giao diện quầy tiếp nhận")
    s = sub.add_parser("selfcheck", help="tự kiểm tra: tạo kho tạm, tiếp nhận một hồ sơ, in giấy tiếp nhận")
    s.add_argument("--json", action="store_true")

    trust = _actions(sub, "trust", "khóa công khai của đơn vị phát hành danh mục/lịch")
    s = trust.add_parser("add", help="tin cậy một khóa (dòng ed25519:… hoặc tệp .pub)")
    s.add_argument("key")
    s.add_argument("--name", default="", help="tên đơn vị phát hành")
    s.add_argument("--json", action="store_true")
    s = trust.add_parser("list", help="các khóa tin cậy")
    s.add_argument("--json", action="store_true")
    s = trust.add_parser("remove", help="bỏ tin cậy một khóa")
    s.add_argument("key_id")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("print", help="in một mẫu của hồ sơ ra PDF, hoặc sổ theo dõi hồ sơ")
    s.add_argument("form", choices=["receipt", "supplement", "refusal", "apology", "stop", "control", "ledger"])
    s.add_argument("code", nargs="?", help="mã hồ sơ (không dùng cho ledger)")
    s.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra")
    s.add_argument("--from", dest="date_from", help="sổ theo dõi: từ ngày YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", help="sổ theo dõi: đến ngày YYYY-MM-DD")
    s.add_argument("--two-on-a4", action="store_true", help="giấy tiếp nhận: in hai liên trên một tờ A4")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("report", help="báo cáo định kỳ Biểu II.06a/VPCP/KSTT ra bảng tính .xlsx hoặc bản in .pdf")
    s.add_argument("--from", dest="date_from", help="kỳ báo cáo: từ ngày YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", help="kỳ báo cáo: đến ngày YYYY-MM-DD (kể cả ngày này)")
    s.add_argument("-o", "--output", required=True, help="tệp ghi ra: .xlsx (bảng tính) hoặc .pdf (bản in)")
    s.add_argument("--rule", choices=["on_time", "separate"],
                   help="hồ sơ bị từ chối, rút, dừng: on_time = tính là đã giải quyết đúng hạn (mặc định), "
                        "separate = chỉ ghi ở phần số liệu bổ sung")  # fmt: skip
    s.add_argument("--recipient", help="đơn vị nhận báo cáo (mặc định: cơ quan cấp trên của bàn tiếp nhận)")
    s.add_argument("--chart", action="store_true", help="bản in: thêm biểu đồ theo tháng (kỳ trong một năm)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("list", help="danh sách hồ sơ theo nhóm (hôm nay, sắp đến hạn, quá hạn, chờ bổ sung, chờ trả)")
    s.add_argument("which", choices=["today", "due-soon", "overdue", "waiting", "ready", "open"])
    s.add_argument("--limit", type=int, default=200)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("transfer", help="giao hồ sơ cho đơn vị/người xử lý (hoặc trả lại)")
    s.add_argument("code")
    s.add_argument("--to", dest="to_unit", required=True, help="đơn vị nhận")
    s.add_argument("--to-person", help="người nhận")
    s.add_argument("--from-unit", help="đơn vị giao (mặc định: đơn vị đang giữ hồ sơ)")
    s.add_argument("--from-person", help="người giao (mặc định: cán bộ thực hiện)")
    s.add_argument("--step-due", help="hạn của bước này (thời điểm)")
    s.add_argument("--step-days", type=float, help="hạn của bước này, số ngày làm việc kể từ lúc giao")
    s.add_argument("--at", help="thời điểm giao (mặc định: bây giờ)")
    s.add_argument("--note")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("supplement", help="yêu cầu bổ sung hồ sơ (dừng tính thời hạn), hoặc --received khi đã bổ sung")
    s.add_argument("code")
    s.add_argument("--item", action="append", help="nội dung cần bổ sung, hoàn thiện (lặp lại cho từng nội dung)")
    s.add_argument("--reason", help="lý do")
    s.add_argument("--received", action="store_true", help="công dân đã nộp bổ sung: tiếp tục tính thời hạn")
    s.add_argument("--at", help="thời điểm (mặc định: bây giờ)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("refuse", help="từ chối giải quyết hồ sơ, có lý do")
    s.add_argument("code")
    s.add_argument("--reason", action="append", required=True, help="lý do (lặp lại cho nhiều lý do)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("withdraw", help="công dân rút hồ sơ")
    s.add_argument("code")
    s.add_argument("--reason")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("stop", help="dừng giải quyết hồ sơ, có lý do")
    s.add_argument("code")
    s.add_argument("--reason", required=True)
    s.add_argument("--decided-by", help="người/cơ quan quyết định dừng")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("extend", help="xin lỗi và hẹn lại ngày trả kết quả")
    s.add_argument("code")
    s.add_argument("--new-due", required=True, help="thời điểm hẹn trả mới")
    s.add_argument("--reason", required=True)
    s.add_argument("--late-unit", required=True, help="đơn vị, người làm chậm")
    s.add_argument("--letter-no", help="số văn bản xin lỗi")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("result-ready", help="đã có kết quả giải quyết")
    s.add_argument("code")
    s.add_argument("--result", help="kết quả (ví dụ: Giấy khai sinh)")
    s.add_argument("--at", help="thời điểm có kết quả (mặc định: bây giờ)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("return", help="trả kết quả cho công dân")
    s.add_argument("code")
    s.add_argument("--collected-by", required=True, help="họ tên người nhận kết quả")
    s.add_argument("--id-number", help="số giấy tờ tùy thân người nhận đã xuất trình")
    s.add_argument("--post", action="store_true", help="gửi qua bưu chính công ích")
    s.add_argument("--tracking", help="số hiệu bưu gửi")
    s.add_argument("--at", help="thời điểm trả (mặc định: bây giờ)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("correct", help="sửa thông tin người nộp (giữ lịch sử)")
    s.add_argument("code")
    s.add_argument("--field", required=True, choices=["name", "id_number", "phone", "email", "address"])
    s.add_argument("--value", required=True)
    s.add_argument("--reason", required=True)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("pay", help="ghi nhận đã thu phí, lệ phí")
    s.add_argument("code")
    s.add_argument("--amount", type=int, required=True, help="số tiền (đồng)")
    s.add_argument("--receipt-no", required=True, help="số biên lai")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("enrol", help="đăng ký bàn với máy chủ tỉnh bằng mã dùng một lần")
    s.add_argument("server", help="địa chỉ máy chủ tỉnh, ví dụ https://dongbo.tinh.gov.vn")
    s.add_argument("code", help="mã đăng ký do quản trị viên máy chủ cấp")
    s.add_argument("--ca-bundle", help="tệp chứng chỉ CA (PEM) của tỉnh, khi máy chủ dùng CA riêng")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("sync", help="một vòng đồng bộ với máy chủ tỉnh: gửi sự kiện chờ gửi, nhận cập nhật")
    s.add_argument("--server", help="địa chỉ máy chủ cho lần này (mặc định: địa chỉ đã đăng ký)")
    s.add_argument("--timeout", type=float, default=60.0, help="thời gian tối đa của vòng đồng bộ (giây, mặc định 60)")
    s.add_argument("--status", action="store_true", help="chỉ xem tình trạng, không kết nối máy chủ")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("rebuild", help="dựng lại mọi bảng tổng hợp từ nhật ký sự kiện")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("backup", help="sao lưu tệp dữ liệu (an toàn khi phần mềm đang chạy)")
    s.add_argument("-o", "--output", help="tệp sao lưu (mặc định: thư mục backups trong thư mục dữ liệu)")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("verify", help="kiểm tra tính toàn vẹn của tệp dữ liệu và chuỗi băm sự kiện")
    s.add_argument("--json", action="store_true")
    return p


def _actor(args: argparse.Namespace) -> str:
    if args.actor:
        return args.actor
    env = os.environ.get("DESK_ACTOR")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:
        return "không rõ"


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def _parse_at(value: str, option: str = "--at") -> dt.datetime:
    try:
        return timeutil.parse_instant(value)
    except ValueError:
        raise InvalidInput(
            f"{option} «{value}»: không phải thời điểm hợp lệ. Dùng dạng 2026-02-13T10:00:00+07:00 "
            "(không có múi giờ thì hiểu là giờ Việt Nam)."
        ) from None


def _parse_docs(values: list[str] | None) -> dict[str, int] | None:
    if not values:
        return None
    docs: dict[str, int] = {}
    for item in values:
        doc_id, sep, qty = item.partition("=")
        doc_id = doc_id.strip()
        if not sep:
            qty = "1"
        try:
            n = int(qty)
        except ValueError:
            raise InvalidInput(
                f"--doc «{item}»: số lượng phải là số nguyên, dạng MÃ_GIẤY_TỜ=SỐ_LƯỢNG (ví dụ tp1=2)."
            ) from None
        if doc_id in docs:
            raise InvalidInput(f"--doc «{doc_id}» được nhập hai lần.")
        docs[doc_id] = n
    return docs


_stdin_lines: list[str] | None = None


def read_secret(from_stdin: bool, prompt: str, *, confirm: bool = False) -> str:
    """A secret from stdin (one per line, in the order asked) or typed at a prompt without echo."""
    global _stdin_lines
    if from_stdin:
        if _stdin_lines is None:
            _stdin_lines = sys.stdin.read().splitlines()
        if not _stdin_lines:
            raise InvalidInput("Thiếu dòng trên stdin (mật khẩu, cụm mật khẩu hoặc mã: mỗi thứ một dòng).")
        return _stdin_lines.pop(0)
    first = getpass.getpass(prompt + ": ")
    if confirm and getpass.getpass("Nhập lại: ") != first:
        raise InvalidInput("Hai lần nhập không khớp.")
    return first


def _read_password(args: argparse.Namespace, prompt: str, *, confirm: bool = False) -> str:
    return read_secret(args.password_stdin, prompt, confirm=confirm)


def report_error(exc: DeskError) -> int:
    """Print a refused or failed command's reason (and each error of a list) on stderr; its exit code."""
    errors = getattr(exc, "errors", None) or [exc.message]
    sys.stderr.write(exc.message.rstrip() + "\n")
    if len(errors) > 1 or errors[0] != exc.message:
        for e in errors:
            sys.stderr.write(f"  - {e}\n")
    return exc.exit_code


def start_command() -> None:
    """Per-invocation set-up shared by the console scripts: UTF-8 streams, a fresh stdin buffer."""
    global _stdin_lines
    _stdin_lines = None
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _lead(args: argparse.Namespace, desk):
    """The signed-in lead clerk approving a catalog (``--as-user`` and password); None while the desk has no accounts."""
    from desk import accounts

    if not accounts.clerks(desk.store.conn):
        return None
    if not args.as_user:
        raise InvalidInput("Duyệt danh mục cần cán bộ phụ trách: thêm --as-user TÊN và mật khẩu của người đó.")
    clerk = accounts.authenticate(desk.store, args.as_user, _read_password(args, "Mật khẩu của " + args.as_user))
    return accounts.require_lead(desk.store, clerk)


def _fmt_time(value: str | None) -> str:
    if not value:
        return "—"
    t = timeutil.parse_instant(value)
    return f"{t:%H:%M} ngày {t:%d/%m/%Y}"


def _dossier_text(d: dict[str, Any]) -> str:
    a = d["applicant"]
    lines = [
        f"Mã hồ sơ:     {d['code']}",
        f"Thủ tục:      {d['procedure']['code']} — {d['procedure'].get('name') or ''}",
        f"Trạng thái:   {d['status']} {d['status_label']}",
        f"Người nộp:    {a['name']}" + (f" · {a['id_number']}" if a.get("id_number") else ""),
    ]
    if a.get("phone") or a.get("email"):
        lines.append(f"Liên hệ:      {' · '.join(x for x in (a.get('phone'), a.get('email')) if x)}")
    if a.get("address"):
        lines.append(f"Địa chỉ:      {a['address']}")
    lines.append(f"Tiếp nhận:    {_fmt_time(d['received_at'])}")
    lines.append(f"Hẹn trả:      {_fmt_time(d['due_at'])}")
    if d.get("documents"):
        lines.append(f"Số bộ:        {d['sets']}")
        lines.append("Giấy tờ:")
        for doc in d["documents"]:
            form = f" ({doc['form_label']})" if doc.get("form_label") else ""
            lines.append(f"  - {doc['id']}: {doc['name']}{form} × {doc['quantity']}")
    for e in d.get("events", []):
        lines.append(f"  [{_fmt_time(e['at'])}] {e['kind']} — {e['actor']}")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    from desk.service import Desk, ReceiveRequest, init_desk, read_bundle_file

    base = paths.data_dir(args.data_dir)
    actor = _actor(args)

    if args.command == "gui":
        from ui.app import main as gui

        return gui(data_dir=base)

    if args.command == "selfcheck":
        from desk.selfcheck import run_selfcheck

        report = run_selfcheck()
        _emit(args, report, "\n".join(f"{k}: {v}" for k, v in report.items()))
        return 0

    if args.command == "init":
        from desk.config import load_machine_config

        machine = load_machine_config()
        agency_code = args.agency_code or machine.agency_code
        agency_name = args.agency_name or machine.agency_name
        if not agency_code or not agency_name:
            raise InvalidInput("desk init cần --agency-code và --agency-name (hoặc cấu hình máy do bộ cài ghi).")
        desk = init_desk(
            base,
            agency_code=agency_code,
            agency_name=agency_name,
            desk_slot=args.desk_slot or machine.desk_slot or 1,
            parent_name=args.parent_name or machine.parent_name,
            place=args.place or machine.place,
            catalog=read_bundle_file(args.catalog, "danh mục") if args.catalog else None,
            calendar=read_bundle_file(args.calendar, "lịch") if args.calendar else None,
            actor=actor,
            trusted_keys=machine.trusted_keys,
            server_url=machine.server_url,
            form_set=machine.form_set,
        )
        try:
            info = desk.info()
        finally:
            desk.close()
        _emit(args, info, f"Đã khởi tạo bàn tiếp nhận {info['agency_code']} (bàn số {info['desk_slot']}) tại {base}")
        return 0

    desk = Desk.open(base)
    try:
        return _dispatch(args, desk, actor, ReceiveRequest, read_bundle_file)
    finally:
        desk.close()


def _dispatch(args, desk, actor, ReceiveRequest, read_bundle_file) -> int:
    cmd = args.command
    if cmd == "info":
        i = desk.info()
        cat = i["catalog"] or {}
        cal = i["calendar"] or {}
        text = "\n".join([
            f"Cơ quan:        {i['agency_code']} — {i['agency_name']}",
            f"Cơ quan chủ quản: {i['parent_name'] or '—'}   Địa danh: {i['place'] or '—'}",
            f"Bàn số:         {i['desk_slot']}",
            f"Tệp dữ liệu:    {i['store']} (lược đồ {i['schema_version']})",
            f"Danh mục:       {cat.get('publisher', '—')} phiên bản {cat.get('version', '—')}, "
            f"{cat.get('procedures', 0)} thủ tục, hiệu lực từ {cat.get('effective_from', '—')}",
            f"Lịch làm việc:  phiên bản {cal.get('version', '—')} ({', '.join(map(str, cal.get('years', [])))})",
            f"Hồ sơ:          {i['counts']['dossiers']}   Sự kiện: {i['counts']['events']}",
        ])  # fmt: skip
        _emit(args, i, text)
    elif cmd == "catalog" and args.action == "import":
        if args.force and not args.reason:
            raise InvalidInput("--force cần kèm --reason (lý do nhập lại phiên bản không mới hơn) để ghi vào nhật ký.")
        data = read_bundle_file(args.file, "danh mục")
        lead = _lead(args, desk) if args.approve else None
        res = desk.import_catalog(
            data, actor=lead.full_name if lead else actor, force=args.force, reason=args.reason, approve=args.approve
        )
        if not args.approve:
            changes = desk.catalog_changes(res["catalog_id"])
            res["changes"] = changes
            _emit(args, res, f"Đã nhập danh mục {res['publisher']} phiên bản {res['version']} (số {res['catalog_id']}), "
                             f"CHỜ DUYỆT: «desk catalog approve {res['catalog_id']}».\n{changes}")  # fmt: skip
            return 0
        _emit(args, res, f"Đã nhập danh mục {res['publisher']} phiên bản {res['version']}: {res['procedures']} thủ tục, "
                         f"hiệu lực từ {res['effective_from']}.")  # fmt: skip
    elif cmd == "catalog" and args.action == "pending":
        items = desk.pending_catalogs()
        text = "\n\n".join(f"Số {c['id']}: {c['publisher_code']} phiên bản {c['version']}, hiệu lực từ {c['effective_from']}"
                            f"{', ký bởi khóa ' + c['signed_by'] if c['signed_by'] else ', chưa ký'}\n{c['changes']}"
                            for c in items)  # fmt: skip
        _emit(args, items, text or "Không có danh mục nào chờ duyệt.")
    elif cmd == "catalog" and args.action == "approve":
        res = desk.approve_catalog(args.catalog_id, actor=actor, by=_lead(args, desk))
        _emit(args, res, f"Đã duyệt danh mục phiên bản {res['version']}: dùng từ ngày {res['effective_from']}.")
    elif cmd == "trust":
        from desk.signing import parse_public_key

        if args.action == "add":
            text = args.key
            if Path(text).is_file():
                text = Path(text).read_text(encoding="utf-8").strip()
            key = parse_public_key(text, args.name)
            desk.trust_key(key, actor=actor)
            _emit(args, key.__dict__, f"Đã tin cậy khóa {key.key_id} {key.name}. Từ nay chỉ nhận danh mục, lịch đã ký.")
        elif args.action == "remove":
            desk.untrust_key(args.key_id, actor=actor)
            _emit(args, {"removed": args.key_id}, f"Đã bỏ khóa {args.key_id}.")
        else:
            keys = [k.__dict__ for k in desk.trusted_keys()]
            _emit(
                args,
                keys,
                "\n".join(f"{k['key_id']}  {k['name']}" for k in keys)
                or "Chưa có khóa tin cậy nào: bàn này nhận cả danh mục chưa ký.",
            )
    elif cmd == "catalog" and args.action == "list":
        from desk.appointment import Duration

        cat = desk.active_catalog()
        procs = desk.procedures()
        items = [
            {"code": p.code, "name": p.name, "field": {"code": p.field_code, "name": p.field_name},
             "duration": p.duration, "duration_text": Duration.from_catalog(p.duration).describe_vi(),
             "fee_amount": p.fee_amount, "version": cat["version"] if cat else None}
            for p in procs
        ]  # fmt: skip
        text = "\n".join(
            f"{p['code']:<12} {p['duration_text']:<24} {p['field']['name'] or '':<22} {p['name']}" for p in items
        )
        _emit(args, items, text or "Chưa có danh mục thủ tục nào có hiệu lực.")
    elif cmd == "calendar" and args.action == "import":
        res = desk.import_calendar(read_bundle_file(args.file, "lịch"), actor=actor)
        _emit(
            args,
            res,
            f"Đã nhập lịch làm việc phiên bản {res['version']} (các năm {', '.join(map(str, res['years']))}).",
        )
    elif cmd == "calendar" and args.action == "show":
        if not 1900 <= args.year <= 2200:
            raise InvalidInput(f"Năm {args.year}: ngoài khoảng 1900–2200.")
        cal = desk.calendar()
        days = [{"date": d.isoformat(), "kind": k, "label": lbl} for d, k, lbl in cal.special_days(args.year)]
        kinds = {"off": "nghỉ", "work": "làm việc"}
        text = "\n".join(f"{d['date']}  {kinds[d['kind']]:<9} {d['label'] or ''}" for d in days)
        _emit(
            args, {"year": args.year, "calendar_version": cal.version, "days": days}, text or "(không có ngày đặc biệt)"
        )
    elif cmd == "due":
        res = desk.due(args.procedure, _parse_at(args.at))
        _emit(
            args,
            res,
            f"Hẹn trả: {_fmt_time(res['due_at'])} ({res['duration']}, lịch phiên bản {res['calendar_version']})",
        )
    elif cmd == "receive":
        req = ReceiveRequest(
            procedure=args.procedure,
            name=args.name,
            id_number=args.id_number,
            phone=args.phone,
            email=args.email,
            address=args.address,
            sets=args.sets,
            documents=_parse_docs(args.doc),
            received_at=_parse_at(args.at) if args.at else None,
            note=args.note,
            channel=args.channel,
            delivery=args.delivery,
        )
        d = desk.receive(req, actor=actor)
        _emit(args, d, f"Đã tiếp nhận hồ sơ {d['code']}\nHẹn trả kết quả: {_fmt_time(d['due_at'])}")
    elif cmd == "show":
        d = desk.dossier(args.code)
        _emit(args, d, _dossier_text(d))
    elif cmd == "search":
        if not 1 <= args.limit <= 1000:
            raise InvalidInput(f"--limit {args.limit}: phải từ 1 đến 1000.")
        items = desk.search(args.query, args.limit)
        text = "\n".join(
            f"{d['code']}  {d['applicant']['name']:<28} {d['applicant']['id_number'] or '':<12} "
            f"{d['applicant']['phone'] or '':<11} {d['status_label']}"
            for d in items
        )
        _emit(args, items, text or "Không tìm thấy hồ sơ nào.")
    elif cmd == "print":
        return _print(args, desk, actor)
    elif cmd == "report":
        return _report(args, desk, actor)
    elif cmd == "list":
        from desk import workflow

        if not 1 <= args.limit <= 10000:
            raise InvalidInput(f"--limit {args.limit}: phải từ 1 đến 10000.")
        items = [desk.dossier(c, with_events=False) for c in workflow.list_codes(desk, args.which, limit=args.limit)]
        text = "\n".join(
            f"{d['code']}  hẹn {_fmt_time(d['due_at'])}  {d['applicant']['name']:<26} {d['status_label']}"
            for d in items
        )
        _emit(args, items, text or "Không có hồ sơ nào.")
    elif cmd in _WORKFLOW:
        d = _WORKFLOW[cmd](args, desk, actor)
        last = d["events"][-1]
        _emit(args, d, f"Hồ sơ {d['code']}: {d['status']} «{d['status_label']}» — đã ghi «{last['kind']}».\n"
                       f"Hẹn trả: {_fmt_time(d['due_at'])}")  # fmt: skip
    elif cmd == "clerk":
        from desk import accounts

        if args.action == "list":
            items = [c.__dict__ for c in accounts.clerks(desk.store.conn)]
            text = "\n".join(f"{c['username']:<16} {c['role']:<6} {c['full_name']}" for c in items)
            _emit(args, items, text or "Chưa có tài khoản nào.")
            return 0
        existing = accounts.clerks(desk.store.conn)
        by = None
        if existing:
            if not args.as_user:
                raise InvalidInput(
                    "Đã có tài khoản: cần --as-user TÊN của một cán bộ phụ trách (lead) và mật khẩu của người đó."
                )
            by = accounts.authenticate(desk.store, args.as_user, _read_password(args, "Mật khẩu của " + args.as_user))
        password = _read_password(args, "Mật khẩu mới", confirm=True)
        clerk = accounts.add_clerk(
            desk.store,
            username=args.username,
            full_name=args.full_name,
            password=password,
            role=args.role or ("clerk" if existing else "lead"),
            actor=by.full_name if by else actor,
            by=by,
        )
        _emit(args, clerk.__dict__, f"Đã thêm tài khoản {clerk.username} ({clerk.full_name}, {clerk.role}).")
    elif cmd == "enrol":
        from sync.client import clock_message, enrol

        res = enrol(desk, args.server, args.code, ca_bundle=args.ca_bundle, actor=actor)
        text = f"Đã đăng ký bàn số {res['slot']} ({res['agency_code']}) với máy chủ {res['server_url']}."
        if res["clock_warning"]:
            text += "\nCẢNH BÁO: " + clock_message(res["clock_offset_s"])
        _emit(args, res, text)
    elif cmd == "sync" and args.status:
        from desk import syncstate

        st = syncstate.status(desk.store)
        st["refused_events"] = syncstate.refused_events(desk.store.conn)
        st["unresolved_conflicts"] = syncstate.conflicts(desk.store.conn)
        lines = [
            f"Máy chủ:        {st['server_url'] or 'chưa đăng ký («desk enrol URL MÃ»)'}",
            f"Chờ gửi:        {st['pending']} sự kiện",
            f"Bị từ chối:     {st['refused']}   Xung đột: {st['conflicts']}",
            f"Đồng bộ cuối:   {_fmt_time(st['last_sync'])}",
        ]
        lines += [f"  Từ chối {r['code'] or '—'} {r['kind']}: {r['reason']}" for r in st["refused_events"][:20]]
        lines += [f"  Xung đột {c['code'] or '—'} {c['kind']}: {c['reason']}" for c in st["unresolved_conflicts"][:20]]
        if st["clock_warning"]:
            from sync.client import clock_message

            lines.append("CẢNH BÁO: " + clock_message(st["clock_offset_s"]))
        _emit(args, st, "\n".join(lines))
    elif cmd == "sync":
        from sync.client import ServerUnreachable, format_result, sync_round

        try:
            res = sync_round(desk, server_url=args.server, timeout=args.timeout, actor=actor)
        except ServerUnreachable as exc:
            if args.json:
                _emit(args, exc.partial | {"error": exc.message}, "")
            raise
        _emit(args, res, format_result(res))
    elif cmd == "rebuild":
        n = desk.rebuild()
        _emit(args, {"events": n, "dossiers": desk.store.counts()["dossiers"]}, f"Đã dựng lại từ {n} sự kiện.")
    elif cmd == "backup":
        if args.output:
            dest = Path(args.output)
            if not dest.parent.is_dir():
                raise InvalidInput(f"-o {dest}: thư mục {dest.parent} không tồn tại.")
            if dest.exists():
                raise InvalidInput(f"-o {dest}: tệp đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
        else:
            dest = paths.backups_dir(paths.data_dir(args.data_dir)) / f"desk-{timeutil.now():%Y%m%d-%H%M%S}.sqlite3"
        desk.store.backup(dest)
        _emit(args, {"backup": str(dest), "bytes": dest.stat().st_size}, f"Đã sao lưu dữ liệu vào {dest}")
    elif cmd == "verify":
        integrity = desk.store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        chain_ok, bad_seq = desk.store.verify_chain()
        ok = integrity == "ok" and chain_ok
        res = {"integrity": integrity, "chain_intact": chain_ok, "first_bad_event": bad_seq}
        text = (
            "Tệp dữ liệu toàn vẹn; chuỗi băm sự kiện khớp."
            if ok
            else f"CẢNH BÁO: integrity_check = {integrity}; chuỗi băm {'khớp' if chain_ok else f'sai từ sự kiện số {bad_seq}'}."
        )
        _emit(args, res, text)
        return 0 if ok else 1
    return 0


def _opt_at(value: str | None, option: str = "--at") -> dt.datetime | None:
    return _parse_at(value, option) if value else None


def _supplement(args, desk, actor):
    from desk import workflow as wf

    if args.received:
        return wf.receive_supplement(desk, args.code, actor=actor, at=_opt_at(args.at))
    return wf.request_supplement(desk, args.code, items=args.item or [], reason=args.reason or "", actor=actor,
                                 at=_opt_at(args.at))  # fmt: skip


def _wf(name: str, **options):
    """A CLI command that calls ``desk.workflow.<name>`` with options mapped from argparse."""

    def run(args, desk, actor):
        from desk import workflow as wf

        kwargs = {
            key: (conv(getattr(args, attr)) if conv else getattr(args, attr)) for key, (attr, conv) in options.items()
        }
        return getattr(wf, name)(desk, args.code, actor=actor, **kwargs)

    return run


_WORKFLOW = {
    "transfer": _wf("transfer", to_unit=("to_unit", None), to_person=("to_person", None), from_unit=("from_unit", None),
                    from_person=("from_person", None), step_due_at=("step_due", _opt_at),
                    step_working_days=("step_days", None), at=("at", _opt_at), note=("note", None)),
    "supplement": _supplement,
    "refuse": _wf("refuse", reasons=("reason", None)),
    "withdraw": _wf("withdraw", reason=("reason", None)),
    "stop": _wf("stop", reason=("reason", None), decided_by=("decided_by", None)),
    "extend": _wf("extend", new_due_at=("new_due", lambda v: _parse_at(v, "--new-due")), reason=("reason", None),
                  late_unit=("late_unit", None), letter_no=("letter_no", None)),
    "result-ready": _wf("result_ready", result=("result", None), at=("at", _opt_at)),
    "return": _wf("return_result", collected_by=("collected_by", None), id_number=("id_number", None),
                  by_post=("post", None), post_tracking=("tracking", None), at=("at", _opt_at)),
    "correct": _wf("correct", field=("field", None), value=("value", None), reason=("reason", None)),
    "pay": _wf("pay", amount=("amount", None), receipt_no=("receipt_no", None)),
}  # fmt: skip


def _parse_day(value: str | None, option: str) -> dt.date:
    if not value:
        raise InvalidInput(f"{option}: cần nhập ngày dạng YYYY-MM-DD.")
    try:
        return timeutil.parse_date(value)
    except ValueError:
        raise InvalidInput(f"{option} «{value}»: không phải ngày hợp lệ (YYYY-MM-DD).") from None


def _print(args: argparse.Namespace, desk, actor: str) -> int:
    """``desk print FORM CODE -o OUT.pdf`` / ``desk print ledger --from --to -o OUT.pdf``: written atomically, logged."""
    import printing
    from desk import printdata

    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise InvalidInput(f"-o {out}: tên tệp phải có đuôi .pdf.")
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.")
    header = printdata.desk_header(desk)
    fset = printdata.form_set(desk)
    if args.form == "ledger":
        if args.code:
            raise InvalidInput("Sổ theo dõi hồ sơ in theo khoảng ngày (--from, --to), không theo mã hồ sơ.")
        start, end = _parse_day(args.date_from, "--from"), _parse_day(args.date_to, "--to")
        entries = printdata.ledger_entries(desk, start, end)
        pdf = printing.build_ledger(entries, header, date_from=start, date_to=end, form_set=fset)
        printing.write_atomic(out, pdf)
        desk.record_print("ledger", actor=actor, target="pdf",
                          detail={"from": start.isoformat(), "to": end.isoformat(), "entries": len(entries)})  # fmt: skip
        _emit(args, {"form": "ledger", "output": str(out), "entries": len(entries)},
              f"Đã in sổ theo dõi hồ sơ ({len(entries)} hồ sơ) ra {out}")  # fmt: skip
        return 0
    if not args.code:
        raise InvalidInput(f"desk print {args.form}: cần mã hồ sơ.")
    dossier, extra = printdata.form_args(desk, args.form, args.code)
    if args.form == "receipt":
        pdf = printing.build_receipt(dossier, header, form_set=fset, two_on_a4=args.two_on_a4)
    else:
        pdf = printing.build_form(args.form, dossier, header, form_set=fset, **extra)
    printing.write_atomic(out, pdf)
    desk.record_print(args.form, actor=actor, code=dossier["code"], target="pdf",
                      detail={"form_set": fset, "two_on_a4": bool(args.two_on_a4)})  # fmt: skip
    _emit(args, {"form": args.form, "code": dossier["code"], "output": str(out)},
          f"Đã in mẫu {args.form} của hồ sơ {dossier['code']} ra {out}")  # fmt: skip
    return 0


def _report(args: argparse.Namespace, desk, actor: str) -> int:
    """``desk report --from DATE --to DATE -o OUT.xlsx|OUT.pdf``: Biểu II.06a, written atomically, logged."""
    import printing
    from desk import printdata, report

    out = Path(args.output)
    kind = report.output_kind(out)
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.")
    start, end = _parse_day(args.date_from, "--from"), _parse_day(args.date_to, "--to")
    rep = report.compute_report(desk, start, end, closed_rule=args.rule, receiving_unit=args.recipient)
    header = printdata.desk_header(desk)
    if kind == "xlsx":
        from printing.report_xlsx import build_report_xlsx

        data = build_report_xlsx(rep, header)
    else:
        from printing.report import build_report_pdf

        chart = args.chart and start.year == end.year
        series = report.monthly_series(desk, start.year, closed_rule=rep.closed_rule) if chart else None
        data = build_report_pdf(rep, header, series=series)
    printing.write_atomic(out, data)
    desk.record_print("report", actor=actor, target=kind,
                      detail={"from": start.isoformat(), "to": end.isoformat(), "rule": rep.closed_rule})  # fmt: skip
    t = rep.total
    _emit(args, {"output": str(out), **rep.as_dict()},
          f"Đã lập Biểu II.06a, {rep.period_label.lower()} ({rep.period_range.lower()}) ra {out}: tiếp nhận "
          f"{t.received}, đã giải quyết {t.resolved} (quá hạn {t.late}), đang giải quyết {t.in_progress} "
          f"(quá hạn {t.overdue}).")  # fmt: skip
    return 0


def _log_failure(base: Path | None) -> Path | None:
    if base is None:
        return None
    target = paths.log_path(base)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {timeutil.iso(timeutil.now())} desk {__version__} argv={sys.argv[1:]!r}\n")
            fh.write(traceback.format_exc())
        return target
    except OSError:
        return None


def gui_main() -> int:
    """Entry point of the ``desk-gui`` GUI script (no console window on Windows)."""
    return main(["gui", *sys.argv[1:]])


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``desk`` console script."""
    start_command()
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # --help, --version, or options refused (exit 2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return _run(args)
    except DeskError as exc:
        return report_error(exc)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n")
        return 1
    except Exception as exc:
        try:
            base = paths.data_dir(args.data_dir)
        except Exception:
            base = None
        where = _log_failure(base)
        sys.stderr.write(
            f"Lỗi không mong đợi: {exc!r}." + (f" Chi tiết trong nhật ký: {where}" if where else "") + "\n"
        )
        return 1
