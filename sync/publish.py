"""The publisher's side of the server: hand a signed catalog or calendar bundle to the provincial server.

``desk-publish upload`` calls this; the server stores the exact bytes and offers them to the desks of the chosen
agencies on their next pull, where each desk checks the signature against its own trusted keys.
"""

from __future__ import annotations

from typing import Any

import requests

from desk.errors import DeskError, InvalidInput
from sync.client.transport import check_ca_bundle, check_server_url, http_session


def upload_bundle(server_url: str, data: bytes, *, token: str, agencies: list[str] | None = None,
                  ca_bundle: str | None = None, timeout: float = 60.0) -> list[dict[str, Any]]:  # fmt: skip
    """POST the signed envelope to ``/v1/bundles``; the server's refusal comes back in Vietnamese."""
    base = check_server_url(server_url)
    if not (token or "").strip():
        raise InvalidInput("Thiếu chứng danh đơn vị phát hành (desk-server publisher-key cấp).")
    session = http_session(base, token.strip(), check_ca_bundle(ca_bundle))
    try:
        resp = session.post(
            f"{base}/v1/bundles",
            params=[("agency", a) for a in agencies or []],
            data=data,
            headers={"Content-Type": "application/json"},
            timeout=timeout,
        )
    except requests.exceptions.SSLError as exc:
        raise DeskError(f"Không xác minh được chứng chỉ của máy chủ {base} ({exc}). Kiểm tra --ca-bundle.") from None
    except requests.exceptions.RequestException as exc:
        raise DeskError(f"Không kết nối được máy chủ {base}: {exc.__class__.__name__}. Thử lại sau.") from None
    finally:
        session.close()
    try:
        body = resp.json()
    except ValueError:
        body = None
    if resp.status_code in (401, 403, 413, 422, 400):
        reason = body.get("detail") if isinstance(body, dict) else resp.text[:300]
        raise InvalidInput(f"Máy chủ từ chối ({resp.status_code}): {reason}")
    if resp.status_code != 200 or not isinstance(body, list):
        raise DeskError(f"Máy chủ trả lời bất thường ({resp.status_code}). Thử lại sau hoặc báo quản trị viên.")
    return body
