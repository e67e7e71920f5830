"""``desk-publish``: what provincial or district IT uses to make, check, sign and hand out catalog and calendar
bundles (contracts/catalog-format.md, contracts/calendar-format.md).

Exit codes as for ``desk``: 0 success, 2 input refused (nothing written), 1 other failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desk import signing, timeutil
from desk.cli.base import Context, Registry, arg, emit, read_secret, run_program
from desk.errors import InvalidInput
from desk.fileio import write_atomic

PUBLISH = Registry(
    "desk-publish", "Lập, so sánh, ký và phát hành danh mục thủ tục, lịch làm việc.", global_args=lambda _p: None
)


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp {what}: {path}") from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {what} {path}: {exc.strerror}") from None


def _write_new(path: str, data: bytes) -> None:
    out = Path(path)
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.")
    write_atomic(out, data)


def _bundle_kind(payload: bytes) -> str:
    try:
        fmt = json.loads(payload.decode("utf-8")).get("format")
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        fmt = None
    if fmt == "desk-catalog/1":
        return "catalog"
    if fmt == "desk-calendar/1":
        return "calendar"
    raise InvalidInput(f'Tệp không phải bộ danh mục "desk-catalog/1" hay lịch "desk-calendar/1" (format = {fmt!r}).')


def _validate(payload: bytes) -> str:
    from desk.calendar import parse_calendar_bundle
    from desk.catalog import parse_catalog_bundle

    kind = _bundle_kind(payload)
    (parse_catalog_bundle if kind == "catalog" else parse_calendar_bundle)(payload)
    return kind


def _unwrap(data: bytes) -> bytes:
    """The payload of a signed file (not verified: for reading only), or the file itself."""
    return signing.open_bundle(data, [], "bộ dữ liệu").payload


def _dumps(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _build(args: argparse.Namespace) -> int:
    from desk.catalog import parse_catalog_bundle
    from desk.xlsx_bundle import calendar_from_xlsx, catalog_from_xlsx

    data = _read(args.input, "nguồn")
    issued = timeutil.iso(timeutil.now())
    is_xlsx = args.input.lower().endswith(".xlsx")
    if args.bundle_version is not None and args.bundle_version < 1:
        raise InvalidInput("--version: phải là số nguyên dương.")
    if args.kind == "catalog":
        if is_xlsx:
            missing = [o for o, v in (("--publisher-code", args.publisher_code), ("--publisher-name", args.publisher_name),
                                      ("--version", args.bundle_version), ("--effective-from", args.effective_from)) if v is None]  # fmt: skip
            if missing:
                raise InvalidInput(f"Lập danh mục từ bảng tính cần: {', '.join(missing)}.")
            try:
                effective = dt.date.fromisoformat(args.effective_from)
            except ValueError:
                raise InvalidInput(f"--effective-from «{args.effective_from}»: không phải ngày YYYY-MM-DD.") from None
            doc = catalog_from_xlsx(data, publisher_code=args.publisher_code, publisher_name=args.publisher_name,
                                    version=args.bundle_version, effective_from=effective, issued_at=issued)  # fmt: skip
        else:
            doc = _json_doc(data)
            _override(doc, args)
        bundle = parse_catalog_bundle(doc)
        _write_new(args.output, _dumps(doc))
        print(f"Đã lập danh mục {bundle.publisher_code} phiên bản {bundle.version}: {len(bundle.procedures)} thủ tục, "
              f"hiệu lực từ {bundle.effective_from:%d/%m/%Y} → {args.output}")  # fmt: skip
        return 0
    from desk.calendar import parse_calendar_bundle

    if is_xlsx:
        if args.bundle_version is None or not args.years or not (args.publisher_code or args.publisher_name):
            raise InvalidInput("Lập lịch từ bảng tính cần --version, --years và --publisher-code/--publisher-name.")
        publisher = {k: v for k, v in (("code", args.publisher_code), ("name", args.publisher_name)) if v}
        doc = calendar_from_xlsx(
            data, publisher=publisher, version=args.bundle_version, years=args.years, issued_at=issued
        )
    else:
        doc = _json_doc(data)
        _override(doc, args)
    cal = parse_calendar_bundle(doc)
    _write_new(args.output, _dumps(doc))
    print(f"Đã lập lịch làm việc phiên bản {cal.version} ({len(cal.days)} ngày đặc biệt) → {args.output}")
    return 0


def _json_doc(data: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"Tệp JSON không hợp lệ: {exc}") from None
    if not isinstance(doc, dict):
        raise InvalidInput("Tệp JSON phải là một đối tượng.")
    return doc


def _override(doc: dict[str, Any], args: argparse.Namespace) -> None:
    if args.bundle_version is not None:
        doc["version"] = args.bundle_version
    if args.publisher_code or args.publisher_name:
        doc["publisher"] = (doc.get("publisher") or {}) | {
            k: v for k, v in (("code", args.publisher_code), ("name", args.publisher_name)) if v
        }
    if args.effective_from and args.kind == "catalog":
        doc["effective_from"] = args.effective_from
    if args.years and args.kind == "calendar":
        doc["years"] = args.years
    doc["issued_at"] = timeutil.iso(timeutil.now())


def _new_key_file(args: Any) -> tuple[Path, str | None]:
    """Where a new private key goes (a folder that exists, never over a key) and its passphrase (asked twice)."""
    out = Path(args.output)
    if not out.parent.is_dir():
        raise InvalidInput(f"-o {out}: thư mục {out.parent} không tồn tại.")
    if out.exists():
        raise InvalidInput(f"-o {out}: tệp đã có; không ghi đè một khóa.")
    if not args.passphrase_stdin and not args.no_passphrase and not sys.stdin.isatty():
        raise InvalidInput("Chọn --passphrase-stdin (mã hóa khóa) hoặc --no-passphrase.")
    passphrase = (
        None if args.no_passphrase else read_secret(args.passphrase_stdin, "Cụm mật khẩu bảo vệ khóa", confirm=True)
    )
    return out, passphrase


@PUBLISH.command("keygen", "tạo cặp khóa Ed25519 của đơn vị phát hành", opens_desk=False, json=False)
@arg("-o", "--output", required=True, help="tệp khóa bí mật (chỉ chủ sở hữu đọc được)")
@arg("--passphrase-stdin", action="store_true", help="mã hóa khóa bằng cụm mật khẩu đọc từ stdin")
@arg("--no-passphrase", action="store_true", help="không mã hóa khóa bí mật")
def keygen(ctx: Context) -> None:
    out, passphrase = _new_key_file(ctx.args)
    key = signing.generate_key()
    signing.write_private_key(out, signing.private_pem(key, passphrase))
    line = signing.public_key_text(key)
    Path(str(out) + ".pub").write_text(line + "\n", encoding="utf-8")
    print(f"Khóa bí mật: {out} (chỉ chủ sở hữu đọc được{', đã mã hóa' if passphrase else ''})")
    print(f"Khóa công khai (đưa cho các bàn tiếp nhận: desk trust add …): {line}")


@PUBLISH.command("recovery-keygen", "tạo cặp khóa khôi phục X25519 của tỉnh (mở dữ liệu của máy hỏng)",
                 opens_desk=False, json=False)  # fmt: skip
@arg("-o", "--output", required=True, help="tệp khóa riêng (chỉ chủ sở hữu đọc được; cất giữ ngoại tuyến)")
@arg("--passphrase-stdin", action="store_true", help="mã hóa khóa bằng cụm mật khẩu đọc từ stdin")
@arg("--no-passphrase", action="store_true", help="không mã hóa khóa riêng")
def recovery_keygen(ctx: Context) -> None:
    from desk import recovery

    out, passphrase = _new_key_file(ctx.args)
    key = recovery.generate()
    signing.write_private_key(out, recovery.private_pem(key, passphrase))
    line = recovery.public_text(key)
    Path(str(out) + ".pub").write_text(line + "\n", encoding="utf-8")
    print(f"Khóa riêng: {out} (chỉ chủ sở hữu đọc được{', đã mã hóa' if passphrase else ''}); cất giữ ngoại tuyến.")
    print(f"Khóa khôi phục công khai (bộ cài: RECOVERY_KEY=…, hoặc desk init --recovery-key): {line}")


@PUBLISH.command("recover", "mở dữ liệu của một bàn (thư mục dữ liệu của máy hỏng, hoặc tệp sao lưu) bằng khóa riêng "
                            "khôi phục, vào một thư mục dữ liệu mới trên máy này", opens_desk=False)  # fmt: skip
@arg("source", help="thư mục dữ liệu của máy hỏng, hoặc tệp .desk-backup")
@arg("--key", required=True, help="tệp khóa riêng khôi phục (desk-publish recovery-keygen)")
@arg("--data-dir", dest="target", required=True, help="thư mục dữ liệu mới (trống) để mở bằng desk --data-dir …")
@arg("--passphrase-stdin", action="store_true")
def recover(ctx: Context) -> None:
    from desk import backups, recovery

    args = ctx.args
    key_path = Path(args.key)
    passphrase = None
    try:
        private = recovery.load_private(key_path, None)
    except InvalidInput as exc:
        if "cụm mật khẩu" not in exc.message:
            raise
        passphrase = read_secret(args.passphrase_stdin, "Cụm mật khẩu của khóa khôi phục")
        private = recovery.load_private(key_path, passphrase)
    done = backups.recover(Path(args.source), private, Path(args.target))
    emit(ctx, done, f"Đã mở dữ liệu bàn {done['agency_code']} (bàn số {done['desk_slot']}): {done['dossiers']} hồ sơ, "
                    f"{done['events']} sự kiện, vào {done['data_dir']}. Xem: desk --data-dir {done['data_dir']} info. "
                    "Bàn này cần đăng ký lại với máy chủ tỉnh (desk enrol) trước khi đồng bộ.")  # fmt: skip


@PUBLISH.command(
    "build", "lập bộ danh mục (hoặc lịch) từ bảng tính XLSX hoặc JSON, kiểm tra đầy đủ", opens_desk=False, json=False
)
@arg("input", help=".xlsx (theo mẫu resources/catalog/template-danh-muc.xlsx) hoặc .json")
@arg("-o", "--output", required=True)
@arg("--kind", choices=["catalog", "calendar"], default="catalog")
@arg("--publisher-code", help="mã đơn vị phát hành")
@arg("--publisher-name", help="tên đơn vị phát hành")
@arg("--version", dest="bundle_version", type=int, help="số phiên bản (chỉ tăng)")
@arg("--effective-from", help="danh mục: ngày có hiệu lực YYYY-MM-DD")
@arg("--years", type=int, nargs="*", help="lịch: các năm mô tả đầy đủ")
def build(ctx: Context) -> int:
    return _build(ctx.args)


@PUBLISH.command("diff", "những gì thay đổi giữa hai bộ danh mục", opens_desk=False)
@arg("old")
@arg("new")
def diff(ctx: Context) -> None:
    from desk.bundle_diff import describe_vi, diff_catalogs
    from desk.catalog import parse_catalog_bundle

    old = parse_catalog_bundle(_unwrap(_read(ctx.args.old, "danh mục cũ")))
    new = parse_catalog_bundle(_unwrap(_read(ctx.args.new, "danh mục mới")))
    d = diff_catalogs(old, new)
    if ctx.args.json:
        sys.stdout.write(json.dumps(d.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print(describe_vi(d))


@PUBLISH.command("sign", "ký một bộ danh mục/lịch (phong bì desk-signed/1)", opens_desk=False, json=False)
@arg("bundle")
@arg("--key", required=True, help="tệp khóa bí mật")
@arg("-o", "--output", required=True)
@arg("--passphrase-stdin", action="store_true")
def sign(ctx: Context) -> None:
    args = ctx.args
    payload = _read(args.bundle, "danh mục/lịch")
    if signing.is_envelope(payload):
        raise InvalidInput(f"{args.bundle} đã là tệp được ký; ký tệp gốc (JSON) thay vì tệp này.")
    kind = _validate(payload)
    key = signing.load_private_key(Path(args.key), read_secret(args.passphrase_stdin, "Cụm mật khẩu của khóa") if
                                   args.passphrase_stdin or _encrypted(Path(args.key)) else None)  # fmt: skip
    _write_new(args.output, signing.sign(payload, key))
    what = "danh mục" if kind == "catalog" else "lịch"
    print(f"Đã ký {what} bằng khóa {signing.key_id_of(signing.public_raw(key))} → {args.output}")


@PUBLISH.command("verify", "kiểm tra chữ ký của một tệp đã ký", opens_desk=False, json=False)
@arg("signed")
@arg("--public-key", required=True, help="dòng khóa công khai ed25519:… hoặc tệp chứa nó")
def verify(ctx: Context) -> None:
    text = ctx.args.public_key
    if Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8").strip()
    key = signing.parse_public_key(text)
    opened = signing.open_bundle(_read(ctx.args.signed, "đã ký"), [key], "bộ dữ liệu")
    kind = _validate(opened.payload)
    print(f"Chữ ký hợp lệ (khóa {opened.key_id}); nội dung là {'danh mục' if kind == 'catalog' else 'lịch'} hợp lệ.")


@PUBLISH.command("upload", "gửi tệp đã ký lên máy chủ tỉnh để phát cho các bàn tiếp nhận", opens_desk=False, json=False)
@arg("signed")
@arg("--server", required=True, help="địa chỉ máy chủ, ví dụ https://motcua.tinh.gov.vn")
@arg("--token-stdin", action="store_true", help="đọc mã quản trị từ stdin")
@arg("--agency", action="append", help="chỉ phát cho cơ quan này (lặp lại; mặc định: tất cả)")
@arg("--ca-bundle", help="tệp chứng chỉ CA riêng của tỉnh")
def upload(ctx: Context) -> None:
    from sync.publish import upload_bundle

    args = ctx.args
    data = _read(args.signed, "đã ký")
    if not signing.is_envelope(data):
        raise InvalidInput("Chỉ gửi tệp đã ký (desk-publish sign) lên máy chủ.")
    _validate(_unwrap(data))
    token = read_secret(args.token_stdin, "Mã quản trị máy chủ")
    res = upload_bundle(args.server, data, token=token, agencies=args.agency, ca_bundle=args.ca_bundle)
    print(f"Máy chủ đã nhận: {json.dumps(res, ensure_ascii=False)}")


def _encrypted(path: Path) -> bool:
    try:
        return b"ENCRYPTED" in path.read_bytes()[:200]
    except OSError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``desk-publish`` console script."""
    return run_program(PUBLISH, argv, lambda args: args._command.run(Context(args)))


if __name__ == "__main__":
    raise SystemExit(main())
