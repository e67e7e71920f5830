"""The core's Vietnamese labels (statuses, channels, document forms, event kinds), translated for the GUI."""

from __future__ import annotations

from ui.qt import QCoreApplication


def label(text: str | None) -> str:
    """The translation of a label the core wrote (the text itself in Vietnamese or when unknown)."""
    return QCoreApplication.translate("labels", text) if text else ""


def _for_lupdate() -> None:  # pragma: no cover - never called: lists the core's labels for pyside6-lupdate
    QCoreApplication.translate("labels", "Mới đăng ký")
    QCoreApplication.translate("labels", "Được tiếp nhận")
    QCoreApplication.translate("labels", "Không được tiếp nhận")
    QCoreApplication.translate("labels", "Đang xử lý")
    QCoreApplication.translate("labels", "Yêu cầu bổ sung giấy tờ")
    QCoreApplication.translate("labels", "Yêu cầu thực hiện nghĩa vụ tài chính")
    QCoreApplication.translate("labels", "Công dân yêu cầu rút hồ sơ")
    QCoreApplication.translate("labels", "Dừng xử lý")
    QCoreApplication.translate("labels", "Đã xử lý xong")
    QCoreApplication.translate("labels", "Đã trả kết quả")
    QCoreApplication.translate("labels", "Trực tiếp")
    QCoreApplication.translate("labels", "Trực tuyến")
    QCoreApplication.translate("labels", "Qua bưu chính công ích")
    QCoreApplication.translate("labels", "Bản chính")
    QCoreApplication.translate("labels", "Bản sao")
    QCoreApplication.translate("labels", "Bản sao có chứng thực")
    QCoreApplication.translate("labels", "Bản chụp")
    QCoreApplication.translate("labels", "Xuất trình")
    QCoreApplication.translate("labels", "Tiếp nhận hồ sơ")
    QCoreApplication.translate("labels", "In / xuất phiếu")
    QCoreApplication.translate("labels", "Giấy tiếp nhận")
    QCoreApplication.translate("labels", "Phiếu kiểm soát")
    QCoreApplication.translate("labels", "Phiếu bổ sung")
    QCoreApplication.translate("labels", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    QCoreApplication.translate("labels", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    QCoreApplication.translate("labels", "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Văn bản xin lỗi và hẹn lại ngày trả kết quả")
    QCoreApplication.translate("labels", "Thông báo dừng giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Trước hạn")
    QCoreApplication.translate("labels", "Đúng hạn")
    QCoreApplication.translate("labels", "Quá hạn")
