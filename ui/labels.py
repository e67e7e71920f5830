"""The core's Vietnamese labels (statuses, channels, document forms, event kinds), translated for the GUI."""

from __future__ import annotations

from ui.qt import QCoreApplication


def label(text: str | None) -> str:
    """The translation of a label the core wrote (the text itself in Vietnamese or when unknown)."""
    return QCoreApplication.translate("labels", text) if text else ""


def _for_lupdate() -> None:  # pragma: no cover - never called: lists the core's labels for pyside6-lupdate
    """Statuses, channels, document forms, events and steps (desk.lifecycle), forms (desk.printdata), timeliness.

    tests/gui/test_i18n.py checks that this list holds every label the core has."""
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
    QCoreApplication.translate("labels", "Chuyển, giao hồ sơ")
    QCoreApplication.translate("labels", "Yêu cầu bổ sung")
    QCoreApplication.translate("labels", "Nhận hồ sơ bổ sung")
    QCoreApplication.translate("labels", "Nhận bổ sung")
    QCoreApplication.translate("labels", "Từ chối giải quyết")
    QCoreApplication.translate("labels", "Công dân rút hồ sơ")
    QCoreApplication.translate("labels", "Dừng giải quyết")
    QCoreApplication.translate("labels", "Xin lỗi, gia hạn")
    QCoreApplication.translate("labels", "Đã có kết quả")
    QCoreApplication.translate("labels", "Trả kết quả")
    QCoreApplication.translate("labels", "Thu phí, lệ phí")
    QCoreApplication.translate("labels", "Sửa thông tin")
    QCoreApplication.translate("labels", "Ghi chú")
    QCoreApplication.translate("labels", "In / xuất phiếu")
    QCoreApplication.translate("labels", "In phiếu")
    QCoreApplication.translate("labels", "Số hóa giấy tờ")
    QCoreApplication.translate("labels", "Số hóa")
    QCoreApplication.translate("labels", "Nhập danh mục thủ tục")
    QCoreApplication.translate("labels", "Duyệt danh mục thủ tục")
    QCoreApplication.translate("labels", "Nhập lịch làm việc")
    QCoreApplication.translate("labels", "Hướng dẫn bổ sung khi tiếp nhận")
    QCoreApplication.translate("labels", "Thêm tài khoản")
    QCoreApplication.translate("labels", "Đổi mật khẩu")
    QCoreApplication.translate("labels", "Tin cậy khóa")
    QCoreApplication.translate("labels", "Bỏ tin cậy khóa")
    QCoreApplication.translate("labels", "Đăng ký với máy chủ tỉnh")
    QCoreApplication.translate("labels", "Thay đổi thiết lập in trên phiếu")
    QCoreApplication.translate("labels", "Giữ lại số mã hồ sơ sau khi khôi phục")
    QCoreApplication.translate("labels", "Giấy tiếp nhận")
    QCoreApplication.translate("labels", "Phiếu bổ sung")
    QCoreApplication.translate("labels", "Phiếu từ chối")
    QCoreApplication.translate("labels", "Văn bản xin lỗi")
    QCoreApplication.translate("labels", "Thông báo dừng")
    QCoreApplication.translate("labels", "Phiếu kiểm soát")
    QCoreApplication.translate("labels", "Sổ theo dõi")
    QCoreApplication.translate("labels", "Báo cáo")
    QCoreApplication.translate("labels", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    QCoreApplication.translate("labels", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    QCoreApplication.translate("labels", "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    QCoreApplication.translate("labels", "Thông báo dừng giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    QCoreApplication.translate("labels", "Sổ theo dõi hồ sơ")
    QCoreApplication.translate("labels", "Báo cáo Biểu II.06a")
    QCoreApplication.translate("labels", "Trước hạn")
    QCoreApplication.translate("labels", "Đúng hạn")
    QCoreApplication.translate("labels", "Quá hạn")
