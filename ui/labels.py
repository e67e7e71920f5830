"""The core's Vietnamese labels (statuses, channels, document forms, event kinds), translated for the GUI."""

from __future__ import annotations

from ui.qt import QCoreApplication


def label(text: str | None) -> str:
    """The translation of a label the core wrote (the text itself in Vietnamese or when unknown)."""
    return QCoreApplication.translate("labels", text) if text else ""


def _for_lupdate() -> None:  # pragma: no cover - never called: lists the core's labels for pyside6-lupdate
    t = QCoreApplication.translate
    t("labels", "Mới đăng ký")
    t("labels", "Được tiếp nhận")
    t("labels", "Không được tiếp nhận")
    t("labels", "Đang xử lý")
    t("labels", "Yêu cầu bổ sung giấy tờ")
    t("labels", "Yêu cầu thực hiện nghĩa vụ tài chính")
    t("labels", "Công dân yêu cầu rút hồ sơ")
    t("labels", "Dừng xử lý")
    t("labels", "Đã xử lý xong")
    t("labels", "Đã trả kết quả")
    t("labels", "Trực tiếp")
    t("labels", "Trực tuyến")
    t("labels", "Qua bưu chính công ích")
    t("labels", "Bản chính")
    t("labels", "Bản sao")
    t("labels", "Bản sao có chứng thực")
    t("labels", "Bản chụp")
    t("labels", "Xuất trình")
    t("labels", "Tiếp nhận hồ sơ")
    t("labels", "In / xuất phiếu")
    t("labels", "Giấy tiếp nhận")
    t("labels", "Phiếu kiểm soát")
    t("labels", "Phiếu bổ sung")
    t("labels", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    t("labels", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    t("labels", "Phiếu kiểm soát quá trình giải quyết hồ sơ")
