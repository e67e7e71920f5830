"""``desk-server``: run the reference provincial server and administer it.

    desk-server serve --db server.sqlite3 --host 127.0.0.1 --port 8765
    desk-server enrol-code --db server.sqlite3 --agency 000.00.12.H62 --slot 1
    desk-server revoke --db server.sqlite3 DEVICE_ID
    desk-server processor-key --db server.sqlite3 --agency 000.00.12.H62 --name "Sở Tư pháp" [--role contact|full]
    desk-server publisher-key --db server.sqlite3 --name "Sở Nội vụ" --public-key so-noi-vu.pem.pub
    desk-server trust-publisher --db server.sqlite3 (DEVICE_ID | --admin) so-noi-vu.pem.pub
    desk-server restored --db server.sqlite3      # after restoring the database from a backup: a new epoch
    desk-server record-event --db server.sqlite3 --code 000.00.12.H62-261126-1001 --kind result_ready --actor "…"
    desk-server add-bundle --db server.sqlite3 --kind catalog catalog.json [--agency CODE]
    desk-server devices --db server.sqlite3
    desk-server health (--url http://127.0.0.1:8765 | --db server.sqlite3)
    desk-server openapi [-o sync/openapi.json]
    desk-server report --db server.sqlite3 --from 2026-01-01 --to 2026-12-31 -o bao-cao.xlsx|.pdf [--agency CODE …]
    desk-server console-admin add USERNAME --full-name NAME   # prints the TOTP secret and URI once

``--db`` is a SQLite file path or a database URL (``postgresql://user@host/dbname``); the environment variable
``DESK_SERVER_DB`` is the default. Exit codes: 0 success, 2 input refused, 1 any other failure.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from desk.errors import DeskError, InvalidInput


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"desk-server: tham số không hợp lệ: {message}. Xem «{self.prog} --help».\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="desk-server", description="Máy chủ đồng bộ cấp tỉnh (bản tham chiếu) và công cụ quản trị.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def with_db(s: argparse.ArgumentParser, required: bool = True) -> None:
        s.add_argument(
            "--db",
            default=os.environ.get("DESK_SERVER_DB"),
            required=required and not os.environ.get("DESK_SERVER_DB"),
            help="tệp SQLite hoặc URL cơ sở dữ liệu (postgresql://…); mặc định: DESK_SERVER_DB",
        )
        s.add_argument("--json", action="store_true")

    s = sub.add_parser("serve", help="chạy máy chủ")
    with_db(s)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument(
        "--read-db",
        default=os.environ.get("DESK_SERVER_READ_DB"),
        help="bản sao chỉ đọc của PostgreSQL (streaming replica) cho tổng quan và báo cáo của bảng điều khiển; "
        "mặc định: DESK_SERVER_READ_DB",
    )
    s.add_argument("--tls-cert", help="chứng chỉ TLS (PEM) để phục vụ HTTPS")
    s.add_argument("--tls-key", help="khóa riêng của chứng chỉ TLS (PEM)")
    s.add_argument(
        "--allow-http",
        action="store_true",
        help="cho phép HTTP trên địa chỉ không phải loopback (chỉ khi có proxy HTTPS phía trước)",
    )
    s.add_argument("--log-level", default="info")
    from sync.server.limits import Limits

    d = Limits()
    g = s.add_argument_group("giới hạn tốc độ và hạn mức (README «Giới hạn tốc độ và hạn mức»)")
    g.add_argument(
        "--enrol-failures-per-address",
        type=int,
        default=d.enrol_failures_per_address,
        help=f"số lần đăng ký sai cho mỗi địa chỉ trong một cửa sổ (mặc định {d.enrol_failures_per_address})",
    )
    g.add_argument(
        "--enrol-failures-per-code",
        type=int,
        default=d.enrol_failures_per_code,
        help=f"số lần đăng ký sai cho mỗi mã trong một cửa sổ (mặc định {d.enrol_failures_per_code})",
    )
    g.add_argument(
        "--enrol-window",
        type=float,
        default=d.enrol_window_s,
        help=f"cửa sổ đếm lần sai, giây (mặc định {d.enrol_window_s:g})",
    )
    g.add_argument(
        "--enrol-lockout",
        type=float,
        default=d.enrol_lockout_s,
        help=f"thời gian khóa khi vượt, giây (mặc định {d.enrol_lockout_s:g})",
    )
    g.add_argument(
        "--events-per-second",
        type=float,
        default=d.events_per_s,
        help=f"sự kiện mỗi giây cho mỗi chứng danh (mặc định {d.events_per_s:g})",
    )
    g.add_argument(
        "--events-burst",
        type=int,
        default=d.events_burst,
        help=f"sự kiện tối đa một lúc cho mỗi chứng danh (mặc định {d.events_burst})",
    )
    g.add_argument(
        "--bytes-per-second",
        type=float,
        default=d.bytes_per_s,
        help=f"byte mỗi giây cho mỗi chứng danh (mặc định {d.bytes_per_s:g})",
    )
    g.add_argument(
        "--bytes-burst",
        type=int,
        default=d.bytes_burst,
        help=f"byte tối đa một lúc cho mỗi chứng danh (mặc định {d.bytes_burst})",
    )
    g.add_argument(
        "--inflight-bytes",
        type=int,
        default=d.inflight_bytes,
        help=f"byte thân yêu cầu giữ trong bộ nhớ cùng lúc (mặc định {d.inflight_bytes})",
    )
    g.add_argument(
        "--offline-days",
        type=float,
        default=d.offline_allowance_days,
        help=f"sự kiện sớm hơn ngày bàn đăng ký tối đa bao nhiêu ngày (mặc định {d.offline_allowance_days:g})",
    )
    g.add_argument(
        "--clock-skew",
        type=float,
        default=d.clock_skew_s,
        help=f"sự kiện muộn hơn giờ máy chủ tối đa bao nhiêu giây (mặc định {d.clock_skew_s:g})",
    )

    s = sub.add_parser("enrol-code", help="tạo mã đăng ký dùng một lần cho một bàn (cơ quan, số hiệu bàn)")
    with_db(s)
    s.add_argument("--agency", required=True, help="mã định danh cơ quan, ví dụ 000.00.12.H62")
    s.add_argument("--slot", type=int, required=True, help="số hiệu bàn 1–9")
    s.add_argument("--label", help="tên gọi của bàn, ví dụ «Bàn 1 — xã Tân Phú»")
    s.add_argument("--valid-days", type=float, default=7, help="thời hạn của mã (ngày, mặc định 7)")

    s = sub.add_parser("revoke", help="thu hồi chứng danh của một bàn hoặc đơn vị xử lý")
    with_db(s)
    s.add_argument("device_id")

    s = sub.add_parser("processor-key", help="cấp chứng danh cho một đơn vị xử lý (theo cơ quan)")
    with_db(s)
    s.add_argument("--agency", required=True)
    s.add_argument("--name", required=True, help="tên đơn vị, ví dụ «Sở Tư pháp»")
    s.add_argument(
        "--role",
        choices=["contact", "full"],
        default="contact",
        help="dữ liệu cá nhân được xem: contact = họ tên, thư điện tử, 3 số cuối điện thoại (mặc định); "
        "full = cả số giấy tờ, số điện thoại, địa chỉ",
    )

    s = sub.add_parser("record-event", help="ghi một sự kiện xử lý lên hồ sơ (thay đơn vị xử lý / cấp tỉnh)")
    with_db(s)
    s.add_argument("--code", help="mã hồ sơ")
    s.add_argument("--uid", help="mã định danh (uid) của hồ sơ")
    s.add_argument(
        "--kind",
        required=True,
        choices=[
            "transferred",
            "supplement_requested",
            "refused",
            "stopped",
            "apologized_extended",
            "result_ready",
            "note",
        ],
    )
    s.add_argument("--actor", required=True, help="người thực hiện")
    s.add_argument("--payload", help='nội dung dạng JSON, ví dụ \'{"to_unit": "Bộ phận một cửa"}\'')
    s.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="một trường của nội dung")
    s.add_argument("--id", help="mã sự kiện (UUID) để gửi lại an toàn; mặc định: mã mới")

    s = sub.add_parser("publisher-key", help="cấp chứng danh cho đơn vị phát hành danh mục/lịch (desk-publish upload)")
    with_db(s)
    s.add_argument("--name", required=True, help="tên đơn vị phát hành, ví dụ Sở Nội vụ tỉnh …")
    s.add_argument(
        "--public-key",
        action="append",
        default=[],
        metavar="FILE_OR_LINE",
        help="khóa công khai của đơn vị (tệp .pub hoặc dòng ed25519:…); lặp lại cho nhiều khóa",
    )

    s = sub.add_parser("trust-publisher", help="đăng ký một khóa công khai cho đơn vị phát hành (hoặc --admin)")
    with_db(s)
    s.add_argument("device_id", nargs="?", help="mã máy của đơn vị phát hành («desk-server devices»)")
    s.add_argument("key", help="tệp .pub hoặc dòng ed25519:…")
    s.add_argument("--admin", action="store_true", help="khóa của quản trị viên, cho «desk-server add-bundle»")
    s.add_argument("--name", default="", help="tên gọi của khóa")

    s = sub.add_parser("restored", help="sau khi khôi phục cơ sở dữ liệu từ bản sao lưu: bắt đầu kỷ nguyên mới")
    with_db(s)

    s = sub.add_parser("add-bundle", help="phát hành một bộ danh mục hoặc lịch cho các bàn")
    with_db(s)
    s.add_argument("file")
    s.add_argument("--kind", required=True, choices=["catalog", "calendar"])
    s.add_argument("--agency", help="chỉ cho các bàn của cơ quan này (mặc định: mọi cơ quan)")
    s.add_argument("--label")

    s = sub.add_parser("devices", help="các bàn và đơn vị xử lý đã đăng ký")
    with_db(s)

    s = sub.add_parser("health", help="kiểm tra máy chủ đang chạy (--url) hoặc cơ sở dữ liệu (--db)")
    s.add_argument("--url", help="địa chỉ máy chủ, ví dụ https://dongbo.tinh.gov.vn")
    s.add_argument("--ca-bundle", help="tệp CA (PEM) để kiểm tra chứng chỉ máy chủ")
    with_db(s, required=False)

    s = sub.add_parser("report", help="Biểu II.06a của cả tỉnh (theo cơ quan và lĩnh vực) ra .xlsx hoặc .pdf")
    with_db(s)
    s.add_argument("--from", dest="date_from", required=True, help="kỳ báo cáo: từ ngày YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", required=True, help="kỳ báo cáo: đến ngày YYYY-MM-DD (kể cả ngày này)")
    s.add_argument("-o", "--output", required=True, help="tệp ghi ra: .xlsx (bảng tính) hoặc .pdf (bản in)")
    s.add_argument("--agency", action="append", default=[], metavar="CODE", help="chỉ cơ quan này (lặp lại được)")
    s.add_argument("--rule", choices=["on_time", "separate"], help="hồ sơ bị từ chối, rút, dừng (như desk report)")
    s.add_argument("--recipient", help="đơn vị nhận báo cáo (mặc định: Bộ Nội vụ)")
    s.add_argument("--reporting-unit", help="đơn vị báo cáo (mặc định: tên tỉnh đặt trong bảng điều khiển)")

    s = sub.add_parser("console-admin", help="tài khoản của bảng điều khiển web (/console/)")
    csub = s.add_subparsers(dest="console_command", metavar="ACTION", parser_class=_Parser)
    csub.required = True
    c = csub.add_parser("add", help="tạo tài khoản (quản trị tỉnh: in mã TOTP một lần)")
    with_db(c)
    c.add_argument("username")
    c.add_argument("--full-name", required=True)
    c.add_argument("--role", choices=["admin", "lead", "viewer", "officer"], default="admin")
    c.add_argument("--agency", help="cơ quan (lead, viewer)")
    c.add_argument("--unit", help="mã máy của đơn vị xử lý (officer), xem «desk-server devices»")
    c.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin (mặc định: hỏi)")
    c = csub.add_parser("list", help="các tài khoản")
    with_db(c)
    c = csub.add_parser("reset-totp", help="cấp lại mã TOTP cho một quản trị viên (in một lần)")
    with_db(c)
    c.add_argument("username")
    c = csub.add_parser("disable", help="khóa một tài khoản")
    with_db(c)
    c.add_argument("username")

    s = sub.add_parser("openapi", help="in lược đồ OpenAPI của giao thức")
    s.add_argument("-o", "--output", help="ghi vào tệp thay vì stdout")
    return p


def openapi_document() -> dict[str, Any]:
    """The OpenAPI schema of the protocol (the same whatever the database)."""
    from sync.server.app import create_app
    from sync.server.service import Server

    return create_app(Server(None)).openapi()  # type: ignore[arg-type]


def openapi_text() -> str:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except DeskError as exc:
        for line in getattr(exc, "errors", None) or [exc.message]:
            sys.stderr.write(f"desk-server: {line}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the database unreachable or too new: one line, not a traceback
        from sqlalchemy.exc import SQLAlchemyError

        from sync.server.storage import StorageError

        if not isinstance(exc, SQLAlchemyError | StorageError):
            raise
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"desk-server: không dùng được cơ sở dữ liệu: {first}\n")
        return 1


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def _server(args: argparse.Namespace, limits=None):
    from sync.server.service import Server
    from sync.server.storage import Storage

    if not args.db:
        raise InvalidInput("Thiếu --db (tệp SQLite hoặc URL cơ sở dữ liệu).")
    return Server(Storage.open(args.db), limits=limits)


def _limits(args: argparse.Namespace):
    from sync.server.limits import Limits

    values = {
        "enrol_failures_per_address": args.enrol_failures_per_address,
        "enrol_failures_per_code": args.enrol_failures_per_code,
        "enrol_window_s": args.enrol_window,
        "enrol_lockout_s": args.enrol_lockout,
        "events_per_s": args.events_per_second,
        "events_burst": args.events_burst,
        "bytes_per_s": args.bytes_per_second,
        "bytes_burst": args.bytes_burst,
        "inflight_bytes": args.inflight_bytes,
        "offline_allowance_days": args.offline_days,
        "clock_skew_s": args.clock_skew,
    }
    bad = [k for k, v in values.items() if v is None or v < 0]
    if bad:
        raise InvalidInput(f"Giới hạn không hợp lệ (phải ≥ 0): {', '.join(bad)}.")
    return Limits(**values)


def _run(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "openapi":
        text = openapi_text()
        if args.output:
            out = Path(args.output)
            tmp = out.with_name(out.name + ".part")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
        else:
            sys.stdout.write(text)
        return 0
    if cmd == "health" and args.url:
        return _health_url(args)
    if cmd == "serve":
        return _serve(args)
    if cmd == "report":
        return _report(args)
    if cmd == "console-admin":
        return _console_admin(args)

    server = _server(args)
    try:
        if cmd == "enrol-code":
            r = server.create_enrol_code(args.agency, args.slot, label=args.label, valid_days=args.valid_days)
            _emit(
                args,
                r,
                f"Mã đăng ký: {r['code']}\nCho bàn số {r['slot']} của cơ quan {r['agency_code']}, "
                f"dùng một lần, hết hạn lúc {r['expires_at']}.",
            )
        elif cmd == "revoke":
            r = server.revoke(args.device_id)
            _emit(args, r, f"Đã thu hồi chứng danh của «{r['name']}» ({r['device_id']}) lúc {r['revoked_at']}.")
        elif cmd == "processor-key":
            r = server.create_processor(args.agency, args.name, role=args.role)
            _emit(
                args,
                r,
                f"Chứng danh của «{r['name']}» (cơ quan {r['agency_code']}, mã máy {r['device_id']}):\n"
                f"{r['credential']}\nChỉ hiện một lần: lưu lại ở nơi an toàn.",
            )
        elif cmd == "publisher-key":
            r = server.create_publisher(args.name, [_key_text(k) for k in args.public_key])
            keys = ", ".join(r["keys"]) or "chưa có — «desk-server trust-publisher MÃ-MÁY khoa.pub»"
            _emit(args, r, f"Chứng danh của đơn vị phát hành «{r['name']}» (mã máy {r['device_id']}):\n"
                           f"{r['credential']}\nChỉ hiện một lần: lưu lại ở nơi an toàn.\nKhóa đã đăng ký: {keys}")  # fmt: skip
        elif cmd == "trust-publisher":
            if bool(args.device_id) == bool(args.admin):
                raise InvalidInput("Cần đúng một trong MÃ-MÁY của đơn vị phát hành hoặc --admin.")
            r = server.register_key(None if args.admin else args.device_id, _key_text(args.key), name=args.name)
            _emit(args, r, f"Đã đăng ký khóa {r['key_id']} cho {r['name'] or 'quản trị viên'}: máy chủ nhận bộ dữ "
                           "liệu ký bằng khóa này.")  # fmt: skip
        elif cmd == "restored":
            r = server.restored()
            _emit(args, r, f"Máy chủ {r['server_id']} bắt đầu kỷ nguyên {r['epoch']} từ sự kiện số {r['base_seq']} "
                           f"(bộ dữ liệu số {r['base_bundle']}). Các bàn sẽ đọc lại từ đó và gửi lại những gì máy chủ "
                           "đã mất, ở lần đồng bộ tới.")  # fmt: skip
        elif cmd == "record-event":
            return _record_event(args, server)
        elif cmd == "add-bundle":
            try:
                data = Path(args.file).read_bytes()
            except OSError as exc:
                raise InvalidInput(f"Không đọc được tệp {args.file}: {exc.strerror}") from None
            r = server.add_bundle(args.kind, data, agency_code=args.agency, label=args.label)
            _emit(
                args,
                r,
                f"Đã phát hành bộ dữ liệu số {r['id']}: {r['label']} ({r['size']} byte) cho "
                f"{r['agency_code'] or 'mọi cơ quan'}.",
            )
        elif cmd == "devices":
            rows = server.devices()
            text = "\n".join(
                f"{r['id']}  {r['kind']:<9} {r['agency_code']:<16} {r['slot'] or '-':<2} "
                f"{'THU HỒI' if r['revoked_at'] else 'hoạt động':<9} {r['name']}"
                for r in rows
            )
            _emit(args, rows, text or "Chưa có máy nào đăng ký.")
        elif cmd == "health":
            r = server.health() | {"counts": server.stats()}
            _emit(
                args,
                r,
                f"Cơ sở dữ liệu {r['database']} hoạt động; {r['counts']['events']} sự kiện, "
                f"{r['counts']['dossiers']} hồ sơ, {r['counts']['devices']} máy.",
            )
    finally:
        server.storage.close()
    return 0


def _report(args: argparse.Namespace) -> int:
    from desk import report as rp
    from printing import write_atomic
    from sync.server.reporting import province_report, province_series
    from sync.server.storage import Storage

    out = Path(args.output)
    kind = rp.output_kind(out)
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.", field="output")
    start, end = rp.check_period(args.date_from, args.date_to)
    if not args.db:
        raise InvalidInput("Thiếu --db (tệp SQLite hoặc URL cơ sở dữ liệu).")
    storage = Storage.open(args.db, create=False)
    try:
        made = province_report(storage, start, end, agencies=args.agency or None, closed_rule=args.rule,
                               reporting_unit=args.reporting_unit, receiving_unit=args.recipient)  # fmt: skip
        series = None
        if kind == "pdf" and start.year == end.year:
            series = province_series(storage, start.year, agencies=args.agency or None, closed_rule=args.rule)
    finally:
        storage.close()
    data = _render_report(made, kind, series)
    write_atomic(out, data)
    t = made.overall.total
    _emit(args, {"output": str(out), **made.as_dict()},
          f"Đã lập Biểu II.06a của {len(made.agencies)} cơ quan, {made.overall.period_label.lower()} ra {out}: tiếp "
          f"nhận {t.received}, đã giải quyết {t.resolved} (quá hạn {t.late}), đang giải quyết {t.in_progress} "
          f"(quá hạn {t.overdue}).")  # fmt: skip
    return 0


def _render_report(made, kind: str, series) -> bytes:
    """The province's report as .xlsx or .pdf bytes (the desk's renderers, with the agencies' annex)."""
    from sync.server.reporting import province_header

    header = province_header(made)
    if kind == "xlsx":
        from printing.report_xlsx import build_report_xlsx

        return build_report_xlsx(made.overall, header, by_agency=made.agencies)
    from printing.report import build_report_pdf

    return build_report_pdf(made.overall, header, series=series, by_agency=made.agencies)


def _console_admin(args: argparse.Namespace) -> int:
    from sync.server.console.auth import Accounts
    from sync.server.storage import Storage

    if not args.db:
        raise InvalidInput("Thiếu --db (tệp SQLite hoặc URL cơ sở dữ liệu).")
    storage = Storage.open(args.db)
    try:
        accounts = Accounts(storage)
        action = args.console_command
        if action == "add":
            password = _read_password(args)
            agency = None
            if args.agency:
                from sync.server.admin import _agency

                agency = _agency(args.agency)
            r = accounts.add(args.username, args.full_name, password, args.role, agency_code=agency, unit=args.unit)
            text = f"Đã tạo tài khoản «{r['username']}» ({r['role']}) cho bảng điều khiển /console/."
            if r.get("totp_secret"):
                text += (
                    f"\nMã bí mật TOTP (nhập vào ứng dụng xác thực, chỉ hiện một lần): {r['totp_secret']}"
                    f"\nHoặc quét mã QR của địa chỉ: {r['totp_uri']}"
                )
            _emit(args, r, text)
        elif action == "reset-totp":
            r = accounts.reset_totp(args.username)
            _emit(args, r, f"Mã bí mật TOTP mới của «{r['username']}» (chỉ hiện một lần): {r['totp_secret']}\n"
                           f"{r['totp_uri']}")  # fmt: skip
        elif action == "disable":
            accounts.disable(args.username)
            _emit(args, {"username": args.username, "disabled": True}, f"Đã khóa tài khoản «{args.username}».")
        else:
            rows = accounts.users()
            text = "\n".join(
                f"{r['username']:<20} {r['role']:<8} {r['agency_code'] or '-':<16} "
                f"{'KHÓA' if r['disabled_at'] else 'hoạt động':<9} {r['full_name']}"
                for r in rows
            )
            _emit(args, rows, text or "Chưa có tài khoản nào.")
    finally:
        storage.close()
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass

    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise InvalidInput("Hai lần nhập mật khẩu không khớp.")
    return first


def _record_event(args: argparse.Namespace, server) -> int:
    from pydantic import TypeAdapter, ValidationError

    from desk.ids import uuid7
    from sync import protocol as p

    if bool(args.code) == bool(args.uid):
        raise InvalidInput("Cần đúng một trong --code hoặc --uid.")
    try:
        payload = json.loads(args.payload) if args.payload else {}
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"--payload không phải JSON hợp lệ: {exc}") from None
    if not isinstance(payload, dict):
        raise InvalidInput("--payload phải là một đối tượng JSON ({…}).")
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"--set «{item}»: dạng KEY=VALUE.")
        if key in ("items", "reasons"):
            payload.setdefault(key, []).append(value)
        else:
            payload[key] = value
    event = {
        "id": args.id or uuid7(),
        "kind": args.kind,
        "code": args.code,
        "dossier_uid": args.uid,
        "actor": args.actor,
        "payload": payload,
    }
    try:
        checked = TypeAdapter(p.ProcessingEvent).validate_python(event)
    except ValidationError as exc:
        raise InvalidInput(f"Sự kiện không hợp lệ: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None
    (answer,) = server.record(None, [checked.model_dump()])
    if answer["status"] == "refused":
        _emit(args, answer, "")
        sys.stderr.write(f"desk-server: {answer['reason']}\n")
        return 2
    _emit(args, answer, f"Đã ghi sự kiện {answer['id']} (số thứ tự trên máy chủ {answer['server_seq']}).")
    return 0


def _key_text(value: str) -> str:
    """A public key given as a file (.pub) or as the line itself."""
    path = Path(value)
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp khóa {value}: {exc.strerror}") from None
    return value


def _health_url(args: argparse.Namespace) -> int:
    import requests

    url = args.url.rstrip("/") + "/v1/health"
    try:
        r = requests.get(url, timeout=10, verify=args.ca_bundle or True)
        data = r.json()
    except (requests.RequestException, ValueError) as exc:
        sys.stderr.write(f"desk-server: máy chủ {args.url} không trả lời: {exc}\n")
        return 1
    if r.status_code != 200:
        sys.stderr.write(f"desk-server: máy chủ trả lời {r.status_code}: {data.get('detail')}\n")
        return 1
    _emit(
        args,
        data,
        f"Máy chủ hoạt động (phiên bản {data['version']}, {data['database']}), giờ máy chủ {data['server_time']}.",
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import create_app

    tls = bool(args.tls_cert and args.tls_key)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise InvalidInput("HTTPS cần cả --tls-cert và --tls-key.")
    if not tls and not is_loopback(args.host) and not args.allow_http:
        raise InvalidInput(
            f"Không phục vụ HTTP trên {args.host}: dùng --tls-cert/--tls-key (HTTPS), hoặc --allow-http khi đã có "
            "proxy HTTPS phía trước. HTTP chỉ dùng trên loopback (thử nghiệm, trình diễn)."
        )
    server = _server(args, _limits(args))
    if args.read_db:
        server.storage.use_replica(args.read_db)
    app = create_app(server)
    scheme = "https" if tls else "http"
    sys.stderr.write(
        f"desk-server: phục vụ {scheme}://{args.host}:{args.port} (cơ sở dữ liệu {server.storage.dialect})\n"
    )
    try:
        uvicorn.run(
            app,
            host=args.host,
            port=args.port,
            ssl_certfile=args.tls_cert,
            ssl_keyfile=args.tls_key,
            log_level=args.log_level,
            server_header=False,
        )
    finally:
        server.storage.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
