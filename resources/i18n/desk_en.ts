<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name></name>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>Trang chủ</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <source>Danh sách hồ sơ</source>
        <translation>Dossier list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="331"/>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="331"/>
        <source>Tìm hồ sơ</source>
        <translation>Find a dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="331"/>
        <source>Làm mới số liệu</source>
        <translation>Refresh the figures</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>Khóa màn hình</source>
        <translation>Lock the screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="332"/>
        <source>Thoát</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="333"/>
        <source>Mở danh sách của ô: nhận hôm nay, sắp đến hạn, quá hạn, chờ bổ sung, chờ trả kết quả</source>
        <translation>Open a tile&apos;s list: received today, due soon, overdue, waiting for a supplement, result waiting</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="335"/>
        <source>Tiếp nhận</source>
        <translation>Intake</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="335"/>
        <source>Thủ tục: gõ tên hoặc mã, ↑/↓ chọn, Enter</source>
        <translation>Procedure: type its name or code, ↑/↓ to choose, Enter</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="336"/>
        <source>Giấy tờ: Dấu cách đánh dấu đã nộp, + / − số lượng</source>
        <translation>Documents: Space ticks one as given, + / − the quantity</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="337"/>
        <source>Đủ giấy tờ bắt buộc</source>
        <translation>All required documents given</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="337"/>
        <source>Người nộp; Enter sang ô sau</source>
        <translation>Applicant; Enter moves to the next field</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="338"/>
        <source>Tiếp nhận và in (hoặc lập phiếu bổ sung khi thiếu giấy tờ)</source>
        <translation>Receive and print (or the supplement request when documents are missing)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="339"/>
        <source>Làm mới biểu mẫu</source>
        <translation>Clear the form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="340"/>
        <source>Phiếu yêu cầu bổ sung đã lập khi tiếp nhận: in lại</source>
        <translation>Supplement requests made at intake: print again</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="341"/>
        <source>Quét giấy tờ đang chọn</source>
        <translation>Scan the chosen document</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="341"/>
        <source>Thêm tệp PDF/ảnh vào giấy tờ</source>
        <translation>Add PDF/image files to the document</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="342"/>
        <source>Xem, xoay, sắp xếp các trang đã quét</source>
        <translation>View, turn and reorder the scanned pages</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="343"/>
        <source>Dùng lại bản số hóa đã có của công dân</source>
        <translation>Reuse the citizen&apos;s earlier digitised document</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="344"/>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="344"/>
        <source>Các bước: chuyển, bổ sung, gia hạn, kết quả, trả, thu phí, từ chối, rút, dừng</source>
        <translation>The steps: hand over, supplement, extend, result, return, fee, refuse, withdraw, stop</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="345"/>
        <source>Sửa thông tin người nộp</source>
        <translation>Correct the applicant&apos;s details</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346"/>
        <source>Ghi nhận bước</source>
        <translation>Record the step</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="346"/>
        <source>In lại giấy tiếp nhận</source>
        <translation>Reprint the receipt</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="347"/>
        <source>Phiếu kiểm soát</source>
        <translation>Control sheet</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="347"/>
        <source>In lại phiếu khác</source>
        <translation>Reprint another form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="348"/>
        <source>Số hóa: quét, thêm tệp, dùng lại (giấy tờ hoặc kết quả)</source>
        <translation>Digitise: scan, add files, reuse (a document or the result)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="349"/>
        <source>Mở bản số hóa đã chọn</source>
        <translation>Open the chosen digitised copy</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="349"/>
        <source>Xuất bản số hóa ra tệp (phụ trách)</source>
        <translation>Export the digitised copy to a file (lead)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="350"/>
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Kỳ báo cáo</source>
        <translation>Report period</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Lập báo cáo</source>
        <translation>Make the report</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="351"/>
        <source>Xuất Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="352"/>
        <source>Xuất PDF</source>
        <translation>Export to PDF</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="352"/>
        <source>Tỷ lệ số hóa</source>
        <translation>Digitisation rate</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353"/>
        <source>Danh mục</source>
        <translation>Catalog</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="353"/>
        <source>Danh mục chờ duyệt</source>
        <translation>Catalogs waiting for approval</translation>
    </message>
</context>
<context>
    <name>AccessLogDialog</name>
    <message>
        <location filename="../../ui/access_log.py" line="51"/>
        <source>Nhật ký truy cập dữ liệu cá nhân</source>
        <translation>Personal data access log</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="59"/>
        <source>&amp;Xem</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="66"/>
        <source>&amp;Từ ngày</source>
        <translation>&amp;From</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="68"/>
        <source>Đế&amp;n ngày</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="77"/>
        <source>Lúc</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="77"/>
        <source>Người truy cập</source>
        <translation>Accessed by</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="77"/>
        <source>Việc</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="78"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="78"/>
        <source>Nội dung</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="87"/>
        <source>Mọi lần mở chi tiết hồ sơ, tìm theo họ tên, số giấy tờ hoặc số điện thoại, in và xuất dữ liệu đều được ghi lại trên máy này; không sửa, không xóa được. Lần xem nhật ký này cũng được ghi.</source>
        <translation>Every opening of a dossier&apos;s detail, every search by name, ID number or phone, every print and every export is recorded on this PC; it cannot be edited or deleted. Viewing this log is recorded too.</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="104"/>
        <source>«Đến ngày» phải không trước «Từ ngày».</source>
        <translation>«To» must not be before «From».</translation>
    </message>
    <message>
        <location filename="../../ui/access_log.py" line="129"/>
        <source>{0} lần truy cập</source>
        <translation>{0} accesses</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../ui/setup.py" line="208"/>
        <source>Tài khoản cán bộ phụ trách</source>
        <translation>Lead clerk account</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="209"/>
        <source>Tài khoản đầu tiên; người này thêm được tài khoản cho cán bộ khác.</source>
        <translation>The first account; this person can add accounts for other clerks.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="214"/>
        <source>chữ thường không dấu, ví dụ hoa.lt</source>
        <translation>lower case, no accents, e.g. hoa.lt</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="224"/>
        <source>&amp;Họ và tên (in trên phiếu):</source>
        <translation>&amp;Full name (printed on forms):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="225"/>
        <source>Tên đăng &amp;nhập:</source>
        <translation>User &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="227"/>
        <source>Nhập &amp;lại mật khẩu:</source>
        <translation>Repeat the &amp;password:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="226"/>
        <source>&amp;Mật khẩu (ít nhất 8 ký tự):</source>
        <translation>&amp;Password (at least 8 characters):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="235"/>
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>AddClerkDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="196"/>
        <source>Thêm tài khoản cán bộ</source>
        <translation>Add a clerk account</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="205"/>
        <source>Cán bộ tiếp nhận</source>
        <translation>Reception clerk</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="206"/>
        <source>Cán bộ phụ trách (thêm được tài khoản)</source>
        <translation>Lead clerk (can add accounts)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="207"/>
        <source>Lãnh đạo (chỉ xem, không tiếp nhận)</source>
        <translation>Leader (reads only, no intake)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="213"/>
        <source>Thêm (Enter)</source>
        <translation>Add (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="214"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="218"/>
        <source>&amp;Họ và tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="219"/>
        <source>Tên đăng &amp;nhập:</source>
        <translation>User &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="220"/>
        <source>&amp;Mật khẩu (người này phải đổi ở lần đăng nhập đầu):</source>
        <translation>&amp;Password (to be changed at the first sign-in):</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="221"/>
        <source>&amp;Vai trò:</source>
        <translation>&amp;Role:</translation>
    </message>
</context>
<context>
    <name>AgencyPage</name>
    <message>
        <location filename="../../ui/setup.py" line="45"/>
        <source>Đơn vị tiếp nhận</source>
        <translation>Receiving office</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="46"/>
        <source>Thông tin in trên mọi phiếu. Mã định danh do tỉnh cấp, ví dụ 000.00.12.H62.</source>
        <translation>Printed on every form. The identifier is issued by the province, e.g. 000.00.12.H62.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="51"/>
        <source>Trung tâm Phục vụ hành chính công xã …</source>
        <translation>Public administrative service centre of … commune</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="54"/>
        <source>UBND XÃ …</source>
        <translation>PEOPLE&apos;S COMMITTEE OF … COMMUNE</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="57"/>
        <source>Địa danh ghi ở dòng ngày tháng, ví dụ Tân Phú</source>
        <translation>Place name on the date line, e.g. Tân Phú</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="63"/>
        <source>&amp;Mã định danh cơ quan:</source>
        <translation>Agency &amp;identifier:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="64"/>
        <source>&amp;Tên cơ quan tiếp nhận:</source>
        <translation>Receiving &amp;office name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="65"/>
        <source>Cơ quan &amp;chủ quản:</source>
        <translation>&amp;Parent authority:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="66"/>
        <source>Đị&amp;a danh:</source>
        <translation>Pl&amp;ace:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="67"/>
        <source>Số hiệu &amp;bàn (1–9):</source>
        <translation>&amp;Desk slot (1–9):</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../ui/attachments.py" line="636"/>
        <source>Bản số hóa: {0}</source>
        <translation>Digitised copy: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="649"/>
        <source>PgUp / PgDn: trang trước / sau · Esc: đóng. Lần mở này đã được ghi vào nhật ký truy cập.</source>
        <translation>PgUp / PgDn: previous / next page · Esc: close. This opening was written to the access log.</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="652"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="682"/>
        <source>Trang {0}/{1}</source>
        <translation>Page {0}/{1}</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../ui/attachments.py" line="397"/>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="69"/>
        <location filename="../../ui/attachments.py" line="397"/>
        <source>Bản số hóa</source>
        <translation>Digitised copy</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="387"/>
        <source>Bản số hóa (F7 quét · Ctrl+I nhập tệp · F8 xem · Ctrl+R dùng lại)</source>
        <translation>Digitised copies (F7 scan · Ctrl+I import · F8 view · Ctrl+R reuse)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="431"/>
        <source>Kết quả: {0}</source>
        <translation>Result: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="431"/>
        <source>kết quả giải quyết</source>
        <translation>the decision</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="438"/>
        <source>quét</source>
        <translation>scanned</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="438"/>
        <source>nhập tệp</source>
        <translation>imported</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="438"/>
        <source>dùng lại</source>
        <translation>reused</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="441"/>
        <source>dùng lại từ {0}</source>
        <translation>reused from {0}</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="442"/>
        <source>✓ {0} trang · {1} · {2}</source>
        <translation>✓ {0} pages · {1} · {2}</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="444"/>
        <source> · chưa có trên máy này (F9)</source>
        <translation> · not on this PC yet (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="447"/>
        <source>cần số hóa trước khi trả kết quả</source>
        <translation>to digitise before the result is returned</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="449"/>
        <source>cần số hóa</source>
        <translation>to digitise</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="451"/>
        <source>chưa số hóa</source>
        <translation>not digitised</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="522"/>
        <source>Đang lưu bản số hóa…</source>
        <translation>Saving the digitised copy…</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="527"/>
        <source>✓ Đã lưu bản số hóa «{0}» ({1} trang).</source>
        <translation>✓ Digitised copy of «{0}» saved ({1} pages).</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="570"/>
        <source>Xuất bản số hóa</source>
        <translation>Export the digitised copy</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="571"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="582"/>
        <source>Đã xuất ra {0} (đã ghi vào nhật ký truy cập).</source>
        <translation>Exported to {0} (written to the access log).</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="599"/>
        <source>Công dân này đã có {0} giấy tờ số hóa ở hồ sơ trước: Ctrl+R để dùng lại.</source>
        <translation>This citizen has {0} documents digitised in earlier dossiers: Ctrl+R to reuse one.</translation>
    </message>
</context>
<context>
    <name>BackupDialog</name>
    <message>
        <location filename="../../ui/backup_dialog.py" line="43"/>
        <source>Sao lưu / Khôi phục dữ liệu</source>
        <translation>Back up / restore data</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="51"/>
        <source>&amp;Sao lưu ngay</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="54"/>
        <source>&amp;Chọn thư mục sao lưu tự động…</source>
        <translation>&amp;Choose the automatic backup folder…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="59"/>
        <source>Lúc sao lưu</source>
        <translation>Backed up at</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="59"/>
        <source>Loại</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="59"/>
        <source>Tệp</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="68"/>
        <source>&amp;Khôi phục từ bản đã chọn…</source>
        <translation>&amp;Restore the selected backup…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="71"/>
        <source>Khôi phục từ &amp;tệp khác…</source>
        <translation>Restore from another &amp;file…</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="74"/>
        <source>Bản sao lưu được mã hóa như dữ liệu, chỉ mở được trên máy này (tài khoản này) hoặc bằng khóa khôi phục của tỉnh. Khôi phục: dữ liệu hiện tại được sao lưu trước; số thứ tự hồ sơ các ngày từ lúc sao lưu nhảy lên từ 501 để không cấp trùng mã, cho đến khi đồng bộ với máy chủ tỉnh. Máy mới: «desk restore --server».</source>
        <translation>Backups are encrypted like the data: only this PC (this account) or the province&apos;s recovery key opens them. A restore first backs up the current data; dossier numbers of the days since the backup jump to 501 so no code is issued twice, until the desk syncs with the province. A new PC: «desk restore --server».</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="118"/>
        <source>chưa có</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="120"/>
        <source>Sao lưu gần nhất: {0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="122"/>
        <source>Sao lưu tự động mỗi ngày vào: {0}</source>
        <translation>Daily automatic backups go to: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="126"/>
        <source>tự động</source>
        <translation>automatic</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="127"/>
        <source>trước khi khôi phục</source>
        <translation>before a restore</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="128"/>
        <source>trước khi nâng cấp</source>
        <translation>before an upgrade</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="128"/>
        <source>thủ công</source>
        <translation>manual</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="169"/>
        <source>Thư mục sao lưu tự động</source>
        <translation>Automatic backup folder</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="189"/>
        <source>Chọn bản sao lưu</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="190"/>
        <source>Bản sao lưu (*.desk-backup)</source>
        <translation>Backups (*.desk-backup)</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="195"/>
        <source>Khôi phục dữ liệu</source>
        <translation>Restore data</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="196"/>
        <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {0}?

Dữ liệu hiện tại được sao lưu trước. Những hồ sơ tiếp nhận sau lúc sao lưu sẽ không còn trên máy (máy chủ tỉnh vẫn giữ nếu đã đồng bộ). Phần mềm sẽ đóng sau khi khôi phục; mở lại để làm việc tiếp.</source>
        <translation>Replace all current data with the backup {0}?

The current data is backed up first. Dossiers received after the backup will no longer be on this PC (the province&apos;s server keeps them if they were synced). The program closes after the restore; open it again to go on.</translation>
    </message>
    <message>
        <location filename="../../ui/backup_dialog.py" line="202"/>
        <source>&amp;Khôi phục</source>
        <translation>&amp;Restore</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="263"/>
        <source>Đổi mật khẩu — {0}</source>
        <translation>Change password — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="265"/>
        <source>Tài khoản này dùng mật khẩu được cấp (mẫu, hoặc do cán bộ phụ trách đặt lại). Chọn mật khẩu riêng trước khi làm việc.</source>
        <translation>This account uses a password it was given (the demo one, or one a lead set). Choose your own before working.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="266"/>
        <source>Đổi mật khẩu đăng nhập của bạn.</source>
        <translation>Change your sign-in password.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="282"/>
        <source>Đổi mật khẩu (Enter)</source>
        <translation>Change password (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="284"/>
        <source>Đăng xuất (Esc)</source>
        <translation>Sign out (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="284"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="290"/>
        <source>Mật khẩu &amp;hiện tại:</source>
        <translation>&amp;Current password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="291"/>
        <source>Mật khẩu &amp;mới (ít nhất 8 ký tự):</source>
        <translation>&amp;New password (at least 8 characters):</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="292"/>
        <source>Nhập &amp;lại mật khẩu mới:</source>
        <translation>&amp;Repeat the new password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="300"/>
        <source>Hai lần nhập mật khẩu mới không giống nhau.</source>
        <translation>The two new passwords differ.</translation>
    </message>
</context>
<context>
    <name>CorrectDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="740"/>
        <source>Sửa thông tin người nộp</source>
        <translation>Correct the applicant&apos;s details</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="746"/>
        <source>&amp;Thông tin:</source>
        <translation>&amp;Field:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="747"/>
        <source>Đang ghi:</source>
        <translation>Recorded now:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="750"/>
        <source>Giá trị &amp;mới:</source>
        <translation>&amp;New value:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="751"/>
        <source>Giá trị cũ vẫn được giữ trong nhật ký của hồ sơ.</source>
        <translation>The old value stays in the dossier&apos;s history.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="755"/>
        <source>ví dụ: gõ nhầm khi tiếp nhận</source>
        <translation>e.g. mistyped at intake</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="756"/>
        <source>&amp;Lý do sửa:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../ui/setup.py" line="104"/>
        <source>Danh mục thủ tục, lịch làm việc và khóa tin cậy</source>
        <translation>Procedure catalog, working calendar and trusted keys</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="105"/>
        <source>Dùng bản có sẵn trong phần mềm, hoặc tệp do tỉnh phát hành.</source>
        <translation>Use the shipped defaults, or a file published by the province.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="106"/>
        <source>Danh mục thủ tục có sẵn (mẫu)</source>
        <translation>Shipped procedure catalog (sample)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="108"/>
        <source>Danh mục từ tệp:</source>
        <translation>Catalog from a file:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="111"/>
        <source>Lịch làm việc có sẵn (2025–2026)</source>
        <translation>Shipped working calendar (2025–2026)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="112"/>
        <source>Lịch từ tệp:</source>
        <translation>Calendar from a file:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="126"/>
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="131"/>
        <source>&amp;Khóa công khai của đơn vị phát hành danh mục (không bắt buộc; mỗi dòng một khóa dạng ed25519:…, do tỉnh cung cấp):</source>
        <translation>Catalog publisher&apos;s public &amp;keys (optional; one ed25519:… key a line, given by the province):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="140"/>
        <source>Có khóa: danh mục và lịch không có chữ ký đúng của khóa này sẽ bị từ chối. Để trống: nhận cả danh mục chưa ký (chỉ nên dùng để thử).</source>
        <translation>With a key, catalogs and calendars without a valid signature by it are refused. Empty: unsigned catalogs are accepted (for trying out only).</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="144"/>
        <source>Khóa khôi phục của tỉn&amp;h (x25519:…; không bắt buộc):</source>
        <translation>The province&apos;s recovery key (x25519:…; optional):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="149"/>
        <source>Dữ liệu trên máy được mã hóa. Có khóa này, tỉnh (và chỉ tỉnh) mở được dữ liệu hoặc bản sao lưu khi máy hỏng; không có, không ai mở được.</source>
        <translation>The data on this PC is encrypted. With this key the province (and only the province) can open the data or a backup when the PC fails; without it, nobody can.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="179"/>
        <source>Dòng {0}: {1}</source>
        <translation>Line {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="193"/>
        <source>Chọn tệp</source>
        <translation>Choose file</translation>
    </message>
</context>
<context>
    <name>DigitisationDialog</name>
    <message>
        <location filename="../../ui/attachments.py" line="694"/>
        <source>Tỷ lệ số hóa hồ sơ, kết quả</source>
        <translation>Digitisation rate of documents and results</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="696"/>
        <source>Đang tính…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="704"/>
        <source>Giấy tờ: những giấy tờ đã nộp của hồ sơ tiếp nhận trong kỳ; kết quả: hồ sơ có kết quả trong kỳ. «Dùng lại»: bản số hóa lấy từ hồ sơ trước của cùng công dân.</source>
        <translation>Documents: those handed in with the dossiers received in the period; results: dossiers whose result was ready in the period. «Reused»: a copy taken from an earlier dossier of the same citizen.</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="708"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="727"/>
        <source>Tỷ lệ số hóa — {0}</source>
        <translation>Digitisation rate — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="729"/>
        <source>Lĩnh vực</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="729"/>
        <source>Hồ sơ tiếp nhận</source>
        <translation>Dossiers received</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="729"/>
        <source>Giấy tờ đã nộp</source>
        <translation>Documents handed in</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="729"/>
        <source>Giấy tờ đã số hóa</source>
        <translation>Documents digitised</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="730"/>
        <location filename="../../ui/attachments.py" line="731"/>
        <source>Tỷ lệ (%)</source>
        <translation>Rate (%)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="730"/>
        <source>Trong đó dùng lại</source>
        <translation>Of which reused</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="730"/>
        <source>Kết quả đã có</source>
        <translation>Results ready</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="730"/>
        <source>Kết quả đã số hóa</source>
        <translation>Results digitised</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="769"/>
        <source>&amp;Số hóa… (Ctrl+Shift+S)</source>
        <translation>&amp;Digitisation… (Ctrl+Shift+S)</translation>
    </message>
</context>
<context>
    <name>DocumentsTable</name>
    <message>
        <location filename="../../ui/intake.py" line="233"/>
        <source>Nộp</source>
        <translation>Given</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="233"/>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="233"/>
        <source>Hình thức</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="233"/>
        <source>SL</source>
        <translation>Qty</translation>
    </message>
</context>
<context>
    <name>DossierDetail</name>
    <message>
        <location filename="../../ui/dossier_detail.py" line="66"/>
        <source>Hồ sơ {0}</source>
        <translation>Dossier {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="84"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="91"/>
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="91"/>
        <source>Hình thức</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="91"/>
        <source>SL</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="96"/>
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="96"/>
        <source>Việc</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="96"/>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="96"/>
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="98"/>
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="224"/>
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="225"/>
        <source>Số giấy tờ:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="226"/>
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="227"/>
        <source>Email:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="228"/>
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="222"/>
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="84"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="85"/>
        <source>Hẹn trả và tình trạng</source>
        <translation>Appointment and state</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="100"/>
        <source>Quá trình giải quyết (nhật ký)</source>
        <translation>History (log)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="108"/>
        <source>Thao tác (Alt + phím)</source>
        <translation>Steps (Alt + key)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="122"/>
        <source>In lại giấy tiếp nhận (Ctrl+P)</source>
        <translation>Reprint the receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="125"/>
        <source>In phiếu kiểm soát (Ctrl+K)</source>
        <translation>Print the control sheet (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="128"/>
        <source>In lại phiếu khác (Ctrl+Shift+P)</source>
        <translation>Reprint another form (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="132"/>
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="222"/>
        <source>Tại bộ phận tiếp nhận</source>
        <translation>At the reception desk</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="231"/>
        <source>không ghi trong danh mục</source>
        <translation>not in the catalog</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="236"/>
        <source>Phí, lệ phí:</source>
        <translation>Fee:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="238"/>
        <source>Đã thu:</source>
        <translation>Collected:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="240"/>
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="240"/>
        <source>{0} ({1}, danh mục v{2})</source>
        <translation>{0} ({1}, catalog v{2})</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="241"/>
        <source>Thời hạn:</source>
        <translation>Time limit:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="252"/>
        <source>Nhận lúc:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="253"/>
        <source>Hẹn trả:</source>
        <translation>Appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="256"/>
        <source>Hẹn ban đầu:</source>
        <translation>First appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="256"/>
        <source>{0} (đã gia hạn {1} lần)</source>
        <translation>{0} (extended {1} times)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="259"/>
        <source>Đang ở:</source>
        <translation>Now with:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="261"/>
        <source>Chờ bổ sung từ:</source>
        <translation>Waiting since:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="261"/>
        <source>{0} — đang dừng tính thời gian; hẹn trả lùi theo thời gian chờ khi nhận bổ sung</source>
        <translation>{0} — the clock is stopped; the appointment moves by the time waited once the supplement arrives</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="265"/>
        <source>Có kết quả:</source>
        <translation>Result ready:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="267"/>
        <source>Đã trả:</source>
        <translation>Returned:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="267"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="270"/>
        <source>Kết thúc:</source>
        <translation>Closed:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="341"/>
        <source>Tài khoản chỉ xem: không ghi nhận bước xử lý.</source>
        <translation>Read-only account: cannot record steps.</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="393"/>
        <source>Đã nhận bổ sung. HẸN TRẢ MỚI: {0}. {1}</source>
        <translation>Supplement received. NEW APPOINTMENT: {0}. {1}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="396"/>
        <source>Đã gia hạn. HẸN TRẢ MỚI: {0}. {1}</source>
        <translation>Extended. NEW APPOINTMENT: {0}. {1}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="242"/>
        <source>Số bộ / kênh:</source>
        <translation>Sets / channel:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="229"/>
        <source>Nhận kết quả:</source>
        <translation>Result collected:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="243"/>
        <source>Sổ / số thứ tự:</source>
        <translation>Book / entry:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="244"/>
        <source>Người tiếp nhận:</source>
        <translation>Received by:</translation>
    </message>
</context>
<context>
    <name>DossierListModel</name>
    <message>
        <location filename="../../ui/dossier_list.py" line="62"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="62"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="62"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="62"/>
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="63"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="63"/>
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="103"/>
        <source>QUÁ HẠN · {0}</source>
        <translation>OVERDUE · {0}</translation>
    </message>
</context>
<context>
    <name>DossierListWidget</name>
    <message>
        <location filename="../../ui/dossier_list.py" line="280"/>
        <source>Tìm (Ctrl+F): mã hồ sơ, số cuối của mã, số giấy tờ, số điện thoại hoặc tên (không cần dấu)</source>
        <translation>Search (Ctrl+F): dossier code, its last digits, ID number, phone or name (accents optional)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="289"/>
        <source>Tất cả hồ sơ</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="290"/>
        <source>Nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="291"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="292"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="293"/>
        <source>Chờ bổ sung</source>
        <translation>Waiting for supplement</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="294"/>
        <source>Chờ trả kết quả</source>
        <translation>Ready to return</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="299"/>
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="304"/>
        <source>Mọi thủ tục</source>
        <translation>Any procedure</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="336"/>
        <source>&amp;Tìm:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="341"/>
        <source>&amp;Lọc:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="418"/>
        <source>{0} kết quả</source>
        <translation>{0} results</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="418"/>
        <source>{0}+ kết quả</source>
        <translation>{0}+ results</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="420"/>
        <source>{0} hồ sơ</source>
        <translation>{0} dossiers</translation>
    </message>
</context>
<context>
    <name>ExtendDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="465"/>
        <source>Xin lỗi và hẹn lại ngày trả kết quả</source>
        <translation>Apology and a new appointment</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="469"/>
        <source>Hẹn trả hiện tại:</source>
        <translation>Current appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="471"/>
        <source>Hẹn trả ban đầu:</source>
        <translation>First appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="484"/>
        <source>lúc</source>
        <translation>at</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="487"/>
        <source>Hẹn trả &amp;mới:</source>
        <translation>&amp;New appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="488"/>
        <source>Một ngày làm việc, sau hẹn trả hiện tại.</source>
        <translation>A working day after the current appointment.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="494"/>
        <source>đơn vị (bộ phận) làm chậm</source>
        <translation>the unit (department) that is late</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="496"/>
        <source>Đơn vị &amp;làm chậm:</source>
        <translation>&amp;Late unit:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="497"/>
        <source>Lý do chậm trả kết quả</source>
        <translation>Why the result is late</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="498"/>
        <source>Lý &amp;do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="499"/>
        <source>để trống: phần mềm tự đánh số; hoặc số do văn thư cấp, ví dụ 12/XL-UBND</source>
        <translation>empty: numbered by the desk; or the records office&apos;s number, e.g. 12/XL-UBND</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="502"/>
        <source>Tôi biết văn bản này gửi sau thời điểm hẹn trả</source>
        <translation>I know this letter is sent after the appointment</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="503"/>
        <source>&amp;Gửi muộn:</source>
        <translation>Sent &amp;late:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="504"/>
        <source>Hẹn trả đã qua: văn bản xin lỗi phải gửi chậm nhất vào thời điểm hẹn trả. Nếu vẫn gửi, văn bản sẽ ghi rõ là gửi muộn.</source>
        <translation>The appointment has passed: the apology must be sent no later than the appointment. If you still send it, the letter says it comes late.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="500"/>
        <source>&amp;Số văn bản:</source>
        <translation>Letter &amp;no.:</translation>
    </message>
</context>
<context>
    <name>HomeWidget</name>
    <message>
        <location filename="../../ui/home.py" line="110"/>
        <source>Nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="111"/>
        <source>Sắp đến hạn</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="112"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="113"/>
        <source>Chờ bổ sung</source>
        <translation>Waiting for supplement</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="114"/>
        <source>Chờ trả kết quả</source>
        <translation>Ready to return</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="116"/>
        <source>hồ sơ tiếp nhận trong ngày</source>
        <translation>dossiers received today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="117"/>
        <source>chưa có kết quả, đã qua hẹn trả</source>
        <translation>no result yet, past the appointment</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="118"/>
        <source>đang dừng tính thời gian</source>
        <translation>the clock is stopped</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="119"/>
        <source>đã có kết quả, chưa trả công dân</source>
        <translation>result ready, not yet returned</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="162"/>
        <source>Giờ nhận</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="162"/>
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="162"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="163"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="163"/>
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="175"/>
        <source>Hồ sơ nhận hôm nay</source>
        <translation>Dossiers received today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="192"/>
        <source>⚠ CHƯA CÓ MÁY IN: giấy tiếp nhận sẽ chỉ lưu thành tệp PDF, không in ra giấy. Nhấn để chọn máy in.</source>
        <translation>⚠ NO PRINTER: receipts will only be saved as PDF files, not printed on paper. Click to choose a printer.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="205"/>
        <source>Sao lưu gần nhất: {0}</source>
        <translation>Last backup: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="207"/>
        <source>Sao lưu gần nhất: chưa có bản nào</source>
        <translation>Last backup: none yet</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="210"/>
        <source>sao lưu tự động không được: {0}</source>
        <translation>automatic backup failed: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="212"/>
        <source>đã quá 2 ngày, cần sao lưu (Hệ thống › Sao lưu / Khôi phục)</source>
        <translation>more than 2 days old, back up now (System › Back up / restore)</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="274"/>
        <source>⚠ Gộp dữ liệu của các tài khoản máy tính: {0} hồ sơ trùng mã với hồ sơ khác nên chưa gộp ({1}). Dữ liệu gốc được giữ trong {2}. Cán bộ phụ trách báo bộ phận CNTT để xử lý; không cấp lại mã.</source>
        <translation>⚠ Merging the data of this PC&apos;s accounts: {0} dossiers carry a code already given to another dossier and were not merged ({1}). The original data is kept in {2}. The lead clerk tells IT; codes are never issued again.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="287"/>
        <source>hẹn trả trước {0}</source>
        <translation>due before {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="288"/>
        <source>Tổng số hồ sơ trên máy: {0}</source>
        <translation>Dossiers on this PC: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="293"/>
        <source>⚠ Có {0} danh mục thủ tục mới chờ cán bộ phụ trách duyệt — xem thay đổi và duyệt (Ctrl+Shift+D)</source>
        <translation>⚠ {0} new procedure catalog(s) waiting for a lead clerk&apos;s approval — see the changes and approve (Ctrl+Shift+D)</translation>
    </message>
</context>
<context>
    <name>IntakeScans</name>
    <message>
        <location filename="../../ui/attachments.py" line="100"/>
        <source>Bản số hóa</source>
        <translation>Digitised copy</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="138"/>
        <source>✓ {0} trang</source>
        <translation>✓ {0} pages</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="140"/>
        <source>✓ dùng lại ({0} trang)</source>
        <translation>✓ reused ({0} pages)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="142"/>
        <source>cần số hóa (F7)</source>
        <translation>to digitise (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="150"/>
        <source>F7: quét vào giấy tờ đang chọn · Ctrl+I: nhập tệp (hoặc kéo tệp vào bảng) · F8: xem trang</source>
        <translation>F7: scan into the chosen document · Ctrl+I: import files (or drag them onto the table) · F8: pages</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="152"/>
        <source>Công dân này đã có {0} giấy tờ số hóa ở hồ sơ trước: Ctrl+R để dùng lại.</source>
        <translation>This citizen has {0} documents digitised in earlier dossiers: Ctrl+R to reuse one.</translation>
    </message>
</context>
<context>
    <name>IntakeSupplementsDialog</name>
    <message>
        <location filename="../../ui/supplements.py" line="36"/>
        <source>Phiếu yêu cầu bổ sung đã lập khi tiếp nhận</source>
        <translation>Supplement requests made at intake</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="40"/>
        <source>Lúc</source>
        <translation>When</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="40"/>
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="40"/>
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="41"/>
        <source>Thiếu</source>
        <translation>Missing</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="41"/>
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="53"/>
        <source>Enter: in lại phiếu đã chọn (xem trước rồi in). Hồ sơ thiếu giấy tờ không được cấp mã: khi công dân mang đủ giấy tờ, tiếp nhận như hồ sơ mới.</source>
        <translation>Enter prints the chosen request again (preview, then print). A dossier missing documents got no code: when the citizen brings them all, receive it as a new dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/supplements.py" line="76"/>
        <source>{0} giấy tờ</source>
        <translation>{0} documents</translation>
    </message>
</context>
<context>
    <name>IntakeWidget</name>
    <message>
        <location filename="../../ui/intake.py" line="534"/>
        <source>Đủ giấy tờ bắt buộc (Ctrl+D)</source>
        <translation>All required documents (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="538"/>
        <source>Dấu cách: đánh dấu đã nộp · + / −: số lượng · (*) bắt buộc</source>
        <translation>Space: mark as given · + / −: quantity · (*) required</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="542"/>
        <source>Họ và tên người nộp</source>
        <translation>Applicant&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="544"/>
        <source>12 chữ số (CCCD), 9 chữ số (CMND) hoặc hộ chiếu</source>
        <translation>12 digits (CCCD), 9 digits (CMND) or passport</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="545"/>
        <source>ví dụ 0912 345 678</source>
        <translation>e.g. 0912 345 678</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="546"/>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="547"/>
        <source>Số nhà, đường/thôn, xã/phường, tỉnh</source>
        <translation>House, street/hamlet, commune/ward, province</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="551"/>
        <source>Tại &amp;bộ phận tiếp nhận</source>
        <translation>At the reception &amp;desk</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="553"/>
        <source>Qua bưu chính &amp;công ích</source>
        <translation>By &amp;post</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="558"/>
        <source>Ghi chú (hoặc lý do khi lập phiếu bổ sung)</source>
        <translation>Note (or the reason on a supplement request)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="559"/>
        <source>&amp;Xem trước khi in</source>
        <translation>&amp;Preview before printing</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="579"/>
        <source>Làm mới (Ctrl+Shift+N)</source>
        <translation>Clear (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="584"/>
        <source>1. Thủ tục (Alt+1)</source>
        <translation>1. Procedure (Alt+1)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="586"/>
        <source>2. Thành phần hồ sơ (Alt+2)</source>
        <translation>2. Documents (Alt+2)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="598"/>
        <source>3. Người nộp hồ sơ (Alt+3)</source>
        <translation>3. Applicant (Alt+3)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="603"/>
        <source>&amp;Họ và tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="604"/>
        <source>Số &amp;giấy tờ:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="605"/>
        <source>Số điện th&amp;oại:</source>
        <translation>Ph&amp;one:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="606"/>
        <source>&amp;Email:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="607"/>
        <source>Đị&amp;a chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="612"/>
        <source>4. Số bộ hồ sơ và nơi nhận kết quả</source>
        <translation>4. Sets and where the result is collected</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="614"/>
        <source>Số &amp;bộ:</source>
        <translation>&amp;Sets:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="618"/>
        <source>Nhận kết quả:</source>
        <translation>Result collected:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="621"/>
        <source>Gh&amp;i chú:</source>
        <translation>N&amp;ote:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="626"/>
        <source>Hẹn trả kết quả</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="743"/>
        <source>Thời hạn giải quyết: {0}</source>
        <translation>Time limit: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="756"/>
        <source>Lập phiếu yêu cầu bổ sung — thiếu {0} giấy tờ (Ctrl+Enter)</source>
        <translation>Supplement request — {0} documents missing (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="759"/>
        <source>Tiếp nhận và in giấy hẹn (Ctrl+Enter)</source>
        <translation>Receive and print the receipt (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="784"/>
        <source>Chưa chọn thủ tục: gõ tên hoặc mã thủ tục rồi nhấn Enter.</source>
        <translation>No procedure chosen: type its name or code, then Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="810"/>
        <source>Hồ sơ {0} đã tiếp nhận, nhưng bản số hóa chưa lưu được: {1} Mở hồ sơ (F4) và quét lại.</source>
        <translation>Dossier {0} was received, but its digitised copies could not be saved: {1} Open the dossier (F4) and scan again.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="52"/>
        <source>Một cửa — Tiếp nhận và trả kết quả</source>
        <translation>One-stop desk — reception and results</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <source>Trang chủ (F2)</source>
        <translation>Home (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>Tiếp nhận hồ sơ (F3)</source>
        <translation>Intake (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Danh sách, tìm hồ sơ (F4)</source>
        <translation>Dossiers, search (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Báo cáo (F6)</source>
        <translation>Report (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>&amp;Hệ thống</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>&amp;Khóa màn hình</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="149"/>
        <source>Đồng &amp;bộ ngay</source>
        <translation>&amp;Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="153"/>
        <source>&amp;Thêm tài khoản cán bộ…</source>
        <translation>&amp;Add clerk account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="155"/>
        <source>Đặt &amp;lại mật khẩu của cán bộ…</source>
        <translation>&amp;Reset a clerk&apos;s password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="157"/>
        <source>Đổi &amp;mật khẩu của tôi…</source>
        <translation>Change &amp;my password…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="159"/>
        <source>&amp;Cài đặt in trên phiếu…</source>
        <translation>Printed &amp;settings…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>Nhật ký tr&amp;uy cập dữ liệu cá nhân…</source>
        <translation>Personal data acc&amp;ess log…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Sao lưu / Khôi &amp;phục…</source>
        <translation>Back up / &amp;restore…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="165"/>
        <source>Đăng &amp;xuất</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="167"/>
        <source>&amp;Ngôn ngữ / Language</source>
        <translation>&amp;Ngôn ngữ / Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>T&amp;hoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="172"/>
        <source>Hồ &amp;sơ</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="174"/>
        <source>&amp;Trang chủ</source>
        <translation>&amp;Home</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="175"/>
        <source>Tiếp &amp;nhận hồ sơ mới</source>
        <translation>&amp;New intake</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>&amp;Danh sách hồ sơ</source>
        <translation>Dossier &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="177"/>
        <source>Tì&amp;m hồ sơ</source>
        <translation>&amp;Find dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>&amp;Báo cáo</source>
        <translation>&amp;Report</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Làm mới số liệu</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="182"/>
        <source>Phiếu yêu cầu &amp;bổ sung đã lập khi tiếp nhận…</source>
        <translation>Supplement requests made at &amp;intake…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Danh &amp;mục</source>
        <translation>&amp;Catalog</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>Danh mục &amp;chờ duyệt…</source>
        <translation>Catalogs &amp;waiting for approval…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>&amp;Nhập danh mục từ tệp…</source>
        <translation>&amp;Import a catalog file…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="200"/>
        <source>&amp;Giới thiệu</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="221"/>
        <location filename="../../ui/main_window.py" line="222"/>
        <location filename="../../ui/main_window.py" line="223"/>
        <location filename="../../ui/main_window.py" line="224"/>
        <location filename="../../ui/main_window.py" line="225"/>
        <location filename="../../ui/main_window.py" line="226"/>
        <source>Chỉ cán bộ phụ trách.</source>
        <translation>Lead clerks only.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>Tài khoản chỉ xem: không in phiếu.</source>
        <translation>Read-only account: cannot print forms.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="228"/>
        <source>Tài khoản chỉ xem: không đồng bộ.</source>
        <translation>Read-only account: cannot sync.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="241"/>
        <source>Sao lưu</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="242"/>
        <source>Sao lưu tự động chạy mỗi ngày. Sao lưu ngay hoặc khôi phục: nhờ cán bộ phụ trách (Hệ thống › Sao lưu / Khôi phục).</source>
        <translation>Automatic backups run every day. To back up now or restore, ask the lead clerk (System › Back up / restore).</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>Đã khôi phục</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="263"/>
        <source>Đã khôi phục {0} hồ sơ từ bản sao lưu lúc {1}. Dữ liệu trước đó được sao lưu vào {2}.

Phần mềm sẽ đóng; mở lại để làm việc tiếp. Đăng ký lại với máy chủ tỉnh nếu bàn dùng đồng bộ.</source>
        <translation>Restored {0} dossiers from the backup of {1}. The data before it was backed up to {2}.

The program closes now; open it again to go on. Enrol with the province&apos;s server again if this desk syncs.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="307"/>
        <source>Không dùng được</source>
        <translation>Not available</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="308"/>
        <source>Tài khoản của bạn ({0}) không dùng màn hình này.</source>
        <translation>Your account ({0}) does not use this screen.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="330"/>
        <source>Mọi màn hình</source>
        <translation>Every screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="369"/>
        <source>Phím tắt (F1)</source>
        <translation>Shortcuts (F1)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="761"/>
        <source>Chưa in được {0}: {1}</source>
        <translation>{0} not printed: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="771"/>
        <source>Chưa in ra giấy: đã lưu tệp PDF {0}</source>
        <translation>Not on paper: saved as the PDF file {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="773"/>
        <source>Chưa in ra giấy: máy in «{0}» đang tạm dừng</source>
        <translation>Not on paper: the printer «{0}» is paused</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="775"/>
        <source>Đã in ở máy in «{0}»</source>
        <translation>Printed on «{0}»</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="784"/>
        <source>⚠ Không thấy máy in «{0}»</source>
        <translation>⚠ Printer «{0}» not found</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="787"/>
        <source>Máy in: {0}</source>
        <translation>Printer: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="790"/>
        <source>⚠ Chưa có máy in (lưu PDF)</source>
        <translation>⚠ No printer (saving PDF)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="803"/>
        <source>Chọn máy in</source>
        <translation>Choose a printer</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="804"/>
        <source>Máy in được chọn trong cửa sổ «Xem trước khi in»: đánh dấu «Xem trước khi in» ở màn hình tiếp nhận (hoặc nhấn Ctrl+P trên một hồ sơ), chọn máy in rồi in; phần mềm nhớ máy in đó cho các lần sau.</source>
        <translation>The printer is chosen in the print preview: tick «Preview before printing» on the intake screen (or press Ctrl+P on a dossier), choose the printer and print; it is remembered for the next times.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="388"/>
        <source>Phần mềm Bộ phận Một cửa cấp xã — phiên bản {0}

Thư mục dữ liệu: {1}
Tệp dữ liệu: {2}
Nhật ký lỗi: {3}
Cấu hình máy (bộ cài ghi): {4}</source>
        <translation>One-stop desk for communes — version {0}

Data folder: {1}
Data file: {2}
Error log: {3}
Machine configuration (written by the installer): {4}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>Đồng bộ: &amp;sự kiện bị từ chối, xung đột…</source>
        <translation>Sync: refused event&amp;s, conflicts…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="398"/>
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="460"/>
        <source>Một cửa — {0}</source>
        <translation>One-stop desk — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="483"/>
        <source>Cán bộ: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="539"/>
        <source>Đã đổi mật khẩu.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="549"/>
        <source>Đã đặt lại mật khẩu của {0}; người đó đổi ở lần đăng nhập tới.</source>
        <translation>{0}&apos;s password was reset; they change it at their next sign-in.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="557"/>
        <source>Đã thêm tài khoản {0}.</source>
        <translation>Account {0} added.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="573"/>
        <source>Đã lưu {0} thay đổi thiết lập in trên phiếu.</source>
        <translation>Saved {0} change(s) to the printed settings.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="574"/>
        <source>Không có gì thay đổi.</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="579"/>
        <source>Ngôn ngữ / Language</source>
        <translation>Ngôn ngữ / Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="611"/>
        <source>Đã duyệt danh mục phiên bản {0}.</source>
        <translation>Catalog version {0} approved.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="615"/>
        <source>Chọn tệp danh mục thủ tục</source>
        <translation>Choose a procedure catalog file</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="616"/>
        <source>Danh mục (*.json);;Mọi tệp (*)</source>
        <translation>Catalog (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="636"/>
        <source>Đã tiếp nhận hồ sơ {0} — {1}</source>
        <translation>Dossier {0} received — {1}</translation>
    </message>
</context>
<context>
    <name>OutcomePanel</name>
    <message>
        <location filename="../../ui/intake.py" line="418"/>
        <source>&amp;Mở PDF</source>
        <translation>&amp;Open PDF</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="421"/>
        <source>Chọn má&amp;y in…</source>
        <translation>Choose a &amp;printer…</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="424"/>
        <source>In &amp;lại</source>
        <translation>Print &amp;again</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="427"/>
        <source>Gõ để tiếp nhận hồ sơ tiếp theo.</source>
        <translation>Type to receive the next dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="444"/>
        <source>✓ Đã tiếp nhận hồ sơ {0}</source>
        <translation>✓ Dossier {0} received</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="445"/>
        <source>Hẹn trả kết quả: {0}</source>
        <translation>Result due: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="447"/>
        <source>giấy tiếp nhận</source>
        <translation>the receipt</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="450"/>
        <source>Chưa tiếp nhận: hồ sơ thiếu {0} giấy tờ bắt buộc (không cấp mã).</source>
        <translation>Not received: {0} required documents missing (no code issued).</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="453"/>
        <source>phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>the supplement request</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="458"/>
        <source>Đang in {0}…</source>
        <translation>Printing {0}…</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="472"/>
        <source>CHƯA IN RA GIẤY: máy này chưa chọn máy in. {0} đã lưu thành tệp PDF:
{1}</source>
        <translation>NOT ON PAPER: no printer is chosen on this PC. {0} was saved as a PDF file:
{1}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="475"/>
        <source>CHƯA IN RA GIẤY: máy in «{0}» đang tạm dừng ({1}); lệnh in đang chờ. Bật máy in, hoặc chọn máy in khác rồi in lại.</source>
        <translation>NOT ON PAPER: the printer «{0}» is paused ({1}); the job is waiting. Start the printer, or choose another one and print again.</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="479"/>
        <source>Đã in {0} ở máy in «{1}» ({2} trang).</source>
        <translation>Printed {0} on «{1}» ({2} pages).</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="483"/>
        <source>CHƯA IN ĐƯỢC {0}: {1}</source>
        <translation>{0} NOT PRINTED: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="487"/>
        <source>Chưa in {0} (đã đóng bản xem trước).</source>
        <translation>{0} not printed (the preview was closed).</translation>
    </message>
</context>
<context>
    <name>PagesDialog</name>
    <message>
        <location filename="../../ui/scan.py" line="195"/>
        <source>Bản số hóa: {0}</source>
        <translation>Digitised copy: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="232"/>
        <source>Quét thêm (F7)</source>
        <translation>Scan more (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="233"/>
        <source>Nhập tệp… (Ctrl+I)</source>
        <translation>Import files… (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="236"/>
        <source>Xoay phải (R)</source>
        <translation>Turn right (R)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="237"/>
        <source>Xoay trái (L)</source>
        <translation>Turn left (L)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="238"/>
        <source>Lên (Ctrl+↑)</source>
        <translation>Up (Ctrl+↑)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="239"/>
        <source>Xuống (Ctrl+↓)</source>
        <translation>Down (Ctrl+↓)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="240"/>
        <source>Xóa trang (Delete)</source>
        <translation>Delete page (Delete)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="243"/>
        <source>Lưu bản số hóa (Enter)</source>
        <translation>Keep the copy (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="247"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="249"/>
        <source>Chọn máy quét… (Ctrl+M)</source>
        <translation>Choose the scanner… (Ctrl+M)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="282"/>
        <source>Trang {0}</source>
        <translation>Page {0}</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="290"/>
        <source>{0} trang · khoảng {1} KB · 200 dpi thang xám</source>
        <translation>{0} pages · about {1} KB · 200 dpi grayscale</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="293"/>
        <source>Chưa có trang nào: đặt giấy vào máy quét rồi nhấn F7, hoặc nhập tệp (Ctrl+I), hoặc kéo tệp vào đây.</source>
        <translation>No page yet: put the sheet on the scanner and press F7, or import files (Ctrl+I), or drag files here.</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="297"/>
        <source>Máy quét: {0}{1}</source>
        <translation>Scanner: {0}{1}</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="298"/>
        <source>máy đầu tiên tìm thấy</source>
        <translation>the first one found</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="298"/>
        <source> · khay nạp giấy</source>
        <translation> · document feeder</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="369"/>
        <source>Đang quét…</source>
        <translation>Scanning…</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="376"/>
        <source>Chọn tệp bản quét</source>
        <translation>Choose scanned files</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="377"/>
        <source>Bản quét (*.pdf *.jpg *.jpeg *.png *.PDF *.JPG *.JPEG *.PNG)</source>
        <translation>Scans (*.pdf *.jpg *.jpeg *.png *.PDF *.JPG *.JPEG *.PNG)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="385"/>
        <source>Đang đọc tệp…</source>
        <translation>Reading the files…</translation>
    </message>
</context>
<context>
    <name>PayDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="635"/>
        <source>Thu phí, lệ phí</source>
        <translation>Collect fee</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="639"/>
        <source>Danh mục không ghi phí, lệ phí của thủ tục này.</source>
        <translation>The catalog gives no fee for this procedure.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="644"/>
        <source>Theo danh mục:</source>
        <translation>Catalog says:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="646"/>
        <source>Mức thu:</source>
        <translation>Amount:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="648"/>
        <source>Đã thu trước đây:</source>
        <translation>Collected before:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="650"/>
        <source>số tiền, ví dụ 10.000</source>
        <translation>amount, e.g. 10.000</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="652"/>
        <source>Số &amp;tiền (đồng):</source>
        <translation>&amp;Amount (đồng):</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="653"/>
        <source>số biên lai thu phí, lệ phí</source>
        <translation>fee receipt number</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="654"/>
        <source>Số &amp;biên lai:</source>
        <translation>Receipt &amp;no.:</translation>
    </message>
</context>
<context>
    <name>PendingCatalogsDialog</name>
    <message>
        <location filename="../../ui/catalogs.py" line="67"/>
        <location filename="../../ui/catalogs.py" line="74"/>
        <source>Danh mục thủ tục chờ duyệt</source>
        <translation>Procedure catalogs waiting for approval</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="70"/>
        <source>Danh mục thủ tục mới (nhận qua đồng bộ hoặc từ tệp) chỉ được dùng khi cán bộ phụ trách đã xem các thay đổi và duyệt; từ ngày hiệu lực ghi trong danh mục. Hồ sơ đã nhận giữ thủ tục cũ.</source>
        <translation>A new procedure catalog (by sync or from a file) is used only once a lead clerk has read its changes and approved it, from the effective date it gives. Dossiers already received keep their procedure.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="84"/>
        <source>Những gì thay đổi so với danh mục đang dùng:</source>
        <translation>What changes against the catalog in force:</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="90"/>
        <source>&amp;Duyệt danh mục này (Ctrl+Enter)</source>
        <translation>&amp;Approve this catalog (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="93"/>
        <source>&amp;Nhập danh mục từ tệp… (Ctrl+O)</source>
        <translation>&amp;Import a catalog file… (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="99"/>
        <source>Chỉ cán bộ phụ trách mới nhập và duyệt được danh mục thủ tục.</source>
        <translation>Only a lead clerk imports and approves procedure catalogs.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="100"/>
        <source>Đó&amp;ng (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="106"/>
        <source>Bạn đang đăng nhập bằng tài khoản cán bộ tiếp nhận: xem được thay đổi, nhưng cần cán bộ phụ trách đăng nhập để duyệt.</source>
        <translation>You are signed in as a clerk: you can read the changes, but a lead clerk must sign in to approve.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="146"/>
        <source>Không có danh mục nào chờ duyệt.</source>
        <translation>No catalog is waiting for approval.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="188"/>
        <source>Đã duyệt danh mục phiên bản {0}: dùng từ ngày {1}.</source>
        <translation>Catalog version {0} approved: in use from {1}.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="215"/>
        <source>Chọn tệp danh mục thủ tục</source>
        <translation>Choose a procedure catalog file</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="215"/>
        <source>Danh mục (*.json);;Mọi tệp (*)</source>
        <translation>Catalog (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="233"/>
        <source>Đã nhập danh mục phiên bản {0} ({1} thủ tục), chờ duyệt. Xem thay đổi bên trên.</source>
        <translation>Catalog version {0} imported ({1} procedures), waiting for approval. The changes are above.</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="242"/>
        <source>Đang kiểm tra tệp {0}…</source>
        <translation>Checking {0}…</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/print_dialog.py" line="88"/>
        <source>Xem trước khi in — {0}</source>
        <translation>Print preview — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="95"/>
        <source> (mặc định)</source>
        <translation> (default)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="97"/>
        <source>Lưu ra tệp PDF (không có máy in)</source>
        <translation>Save as PDF file (no printer)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="103"/>
        <source>Khổ A5 (mỗi liên một tờ)</source>
        <translation>A5 (one copy per sheet)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="104"/>
        <source>Hai liên trên một tờ A4</source>
        <translation>Two copies on one A4 sheet</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="109"/>
        <source>&amp;Máy in:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="111"/>
        <source>&amp;Khổ giấy:</source>
        <translation>Pa&amp;per:</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="113"/>
        <source>&amp;In (Enter)</source>
        <translation>&amp;Print (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="117"/>
        <source>&amp;Lưu PDF… (Ctrl+S)</source>
        <translation>&amp;Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="119"/>
        <source>Đó&amp;ng (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="140"/>
        <source>Đang tạo bản in…</source>
        <translation>Preparing the print…</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="181"/>
        <source>{0} trang. Nhấn Enter để in.</source>
        <translation>{0} pages. Press Enter to print.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="189"/>
        <source>Không tạo được bản in.</source>
        <translation>Could not prepare the print.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="212"/>
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="220"/>
        <source>Đã in ({0} trang).</source>
        <translation>Printed ({0} pages).</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="229"/>
        <source>Chưa in được.</source>
        <translation>Not printed.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="236"/>
        <source>Lưu bản PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="250"/>
        <source>Đã lưu {0}</source>
        <translation>Saved {0}</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../ui/intake.py" line="105"/>
        <source>Gõ tên hoặc mã thủ tục, ví dụ «khai sinh», «1.001193»</source>
        <translation>Type a procedure&apos;s name or code, e.g. «khai sinh», «1.001193»</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="149"/>
        <source>Không tìm thấy thủ tục nào khớp «{0}». Gõ ít chữ hơn, hoặc mã thủ tục (ví dụ 1.001193).</source>
        <translation>No procedure matches «{0}». Type fewer letters, or the procedure code (e.g. 1.001193).</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="179"/>
        <source>Lĩnh vực: {0}</source>
        <translation>Field: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="194"/>
        <source>Phí, lệ phí: {0}</source>
        <translation>Fee: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="194"/>
        <source>danh mục không ghi</source>
        <translation>not in the catalog</translation>
    </message>
</context>
<context>
    <name>ReceiveSupplementDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="433"/>
        <source>Nhận hồ sơ bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="439"/>
        <source>Đã yêu cầu:</source>
        <translation>Requested:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="440"/>
        <source>Chờ bổ sung từ:</source>
        <translation>Waiting since:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="441"/>
        <source>Hẹn trả hiện tại:</source>
        <translation>Current appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="442"/>
        <source>Hẹn trả mới = hẹn trả hiện tại cộng thời gian làm việc đã chờ bổ sung; phần mềm tính và hiện ngay sau khi ghi nhận.</source>
        <translation>New appointment = current appointment plus the working time spent waiting; computed and shown as soon as this is recorded.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="447"/>
        <source>không bắt buộc, ví dụ: đã nộp Giấy chứng sinh bản chính</source>
        <translation>optional, e.g. original birth certificate brought</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="448"/>
        <source>Ghi &amp;chú:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="669"/>
        <source>Từ chối giải quyết hồ sơ</source>
        <translation>Refuse the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="672"/>
        <source>Mỗi dòng một lý do từ chối</source>
        <translation>One reason a line</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="673"/>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="674"/>
        <source>Hồ sơ chuyển sang trạng thái «Không được tiếp nhận»; phiếu từ chối được in cho công dân.</source>
        <translation>The dossier becomes «Not accepted»; the refusal form is printed for the citizen.</translation>
    </message>
</context>
<context>
    <name>ReportWidget</name>
    <message>
        <location filename="../../ui/report_view.py" line="77"/>
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="77"/>
        <source>Quý</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="77"/>
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="78"/>
        <source>Từ ngày … đến ngày …</source>
        <translation>From … to …</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="83"/>
        <source>Tháng {0}</source>
        <translation>Month {0}</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="88"/>
        <source>Quý {0}</source>
        <translation>Quarter {0}</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="107"/>
        <source>từ</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="109"/>
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="115"/>
        <source>&amp;Lập báo cáo (Enter)</source>
        <translation>&amp;Make the report (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="119"/>
        <source>Xuất &amp;Excel… (Ctrl+E)</source>
        <translation>Export &amp;Excel… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="122"/>
        <source>Xuất &amp;PDF… (Ctrl+Shift+E)</source>
        <translation>Export &amp;PDF… (Ctrl+Shift+E)</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="127"/>
        <source>&amp;Kỳ báo cáo:</source>
        <translation>Report &amp;period:</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="129"/>
        <source>nă&amp;m</source>
        <translation>&amp;year</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="141"/>
        <source>Biểu số II.06a — chọn kỳ báo cáo rồi nhấn «Lập báo cáo».</source>
        <translation>Form II.06a — choose the period, then «Make the report».</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="225"/>
        <source>Đang lập báo cáo…</source>
        <translation>Making the report…</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="245"/>
        <source>Biểu số II.06a — {0} ({1}) — {2}</source>
        <translation>Form II.06a — {0} ({1}) — {2}</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="296"/>
        <source>Ngoài biểu: quá hạn so với hẹn ban đầu, đã có văn bản xin lỗi và hẹn lại: {0} · từ chối: {1} · công dân rút: {2} · dừng giải quyết: {3}.</source>
        <translation>Besides the form: late against the first appointment, with an apology and a new appointment: {0} · refused: {1} · withdrawn: {2} · stopped: {3}.</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="308"/>
        <source>Lập lúc {0}.</source>
        <translation>Made at {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="320"/>
        <source>Xuất báo cáo ra Excel</source>
        <translation>Export the report to Excel</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="320"/>
        <source>Xuất báo cáo ra PDF</source>
        <translation>Export the report to PDF</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="321"/>
        <source>Bảng tính Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="321"/>
        <source>Tệp PDF (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="348"/>
        <source>Đã lưu {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <location filename="../../ui/report_view.py" line="351"/>
        <source>Đang xuất…</source>
        <translation>Exporting…</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="338"/>
        <source>Đặt lại mật khẩu của cán bộ</source>
        <translation>Reset a clerk&apos;s password</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="348"/>
        <source>Người đó đăng nhập bằng mật khẩu này rồi phải đổi ngay; tài khoản đang tạm khóa được mở lại.</source>
        <translation>They sign in with this password and must change it at once; a locked account is unlocked.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="352"/>
        <source>Đặt lại (Enter)</source>
        <translation>Reset (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="353"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="357"/>
        <source>&amp;Tài khoản:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="358"/>
        <source>Mật khẩu &amp;mới:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="379"/>
        <source>Chưa có tài khoản nào khác để đặt lại.</source>
        <translation>There is no other account to reset.</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="553"/>
        <source>Đã có kết quả giải quyết</source>
        <translation>The result is ready</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="557"/>
        <source>Hẹn trả:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="559"/>
        <source>Hẹn trả ban đầu:</source>
        <translation>First appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="560"/>
        <source>ví dụ: Giấy khai sinh (bản chính)</source>
        <translation>e.g. Birth certificate (original)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="561"/>
        <source>&amp;Kết quả:</source>
        <translation>&amp;Result:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="562"/>
        <source>Không bắt buộc. Trước hạn / đúng hạn / quá hạn do phần mềm xác định.</source>
        <translation>Optional. Early / on time / late is decided by the program.</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="580"/>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="584"/>
        <source>Tại &amp;quầy (người nhận xuất trình giấy tờ)</source>
        <translation>At the &amp;desk (the collector shows an ID)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="585"/>
        <source>Qua &amp;bưu chính công ích</source>
        <translation>By public &amp;postal service</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="596"/>
        <source>Cách trả:</source>
        <translation>Returned:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="599"/>
        <source>Họ và tên người nhận kết quả</source>
        <translation>Full name of the person collecting</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="600"/>
        <source>Người &amp;nhận:</source>
        <translation>Collected &amp;by:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="602"/>
        <source>số giấy tờ người nhận xuất trình</source>
        <translation>ID number shown by the collector</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="603"/>
        <source>Số &amp;giấy tờ:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="604"/>
        <source>Số định danh 12 chữ số (CCCD), CMND 9 chữ số hoặc hộ chiếu.</source>
        <translation>Personal ID 12 digits (CCCD), old ID 9 digits, or passport.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="606"/>
        <source>mã bưu gửi, không bắt buộc</source>
        <translation>tracking number, optional</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="607"/>
        <source>&amp;Mã bưu gửi:</source>
        <translation>&amp;Tracking no.:</translation>
    </message>
</context>
<context>
    <name>ReuseDialog</name>
    <message>
        <location filename="../../ui/attachments.py" line="296"/>
        <source>Dùng lại giấy tờ đã số hóa</source>
        <translation>Reuse a digitised document</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="298"/>
        <source>Giấy tờ đã số hóa ở các hồ sơ trước của công dân này (cùng số giấy tờ). Chọn một dòng (↑/↓) và giấy tờ nhận nó, rồi nhấn Enter.</source>
        <translation>Documents digitised in this citizen&apos;s earlier dossiers (same ID number). Choose a row (↑/↓) and the document it goes to, then press Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="303"/>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="303"/>
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="303"/>
        <source>Giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="304"/>
        <source>Trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="336"/>
        <source>Dùng cho &amp;giấy tờ:</source>
        <translation>For &amp;document:</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="338"/>
        <source>Dùng lại (Enter)</source>
        <translation>Reuse (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/attachments.py" line="342"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
</context>
<context>
    <name>ScannerDialog</name>
    <message>
        <location filename="../../ui/scan.py" line="134"/>
        <source>Chọn máy quét</source>
        <translation>Choose the scanner</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="138"/>
        <source>Máy quét đầu tiên tìm thấy</source>
        <translation>The first scanner found</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="142"/>
        <source>Quét từ &amp;khay nạp giấy tự động (nhiều trang một lần)</source>
        <translation>Scan from the automatic document &amp;feeder (several pages at once)</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="147"/>
        <source>Đang tìm máy quét…</source>
        <translation>Looking for scanners…</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="150"/>
        <source>Máy quét:</source>
        <translation>Scanner:</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="152"/>
        <source>Tối đa số trang mỗi lần (khay nạp giấy):</source>
        <translation>At most pages at a time (feeder):</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="169"/>
        <source>Tìm thấy {0} máy quét.</source>
        <translation>{0} scanners found.</translation>
    </message>
    <message>
        <location filename="../../ui/scan.py" line="170"/>
        <source>Không thấy máy quét nào: kiểm tra máy quét đã bật và cắm cáp. Vẫn nhập được tệp ảnh/PDF (Ctrl+I).</source>
        <translation>No scanner found: check that it is switched on and plugged in. Image/PDF files can still be imported (Ctrl+I).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings.py" line="172"/>
        <source>Cài đặt in trên phiếu</source>
        <translation>Printed settings</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="173"/>
        <source>Đơn vị (in ở đầu mọi phiếu)</source>
        <translation>Office (printed at the top of every form)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="175"/>
        <source>&amp;Tên cơ quan tiếp nhận:</source>
        <translation>Receiving &amp;office name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="176"/>
        <source>Cơ quan &amp;chủ quản:</source>
        <translation>&amp;Parent authority:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="176"/>
        <source>UBND XÃ …</source>
        <translation>PEOPLE&apos;S COMMITTEE OF … COMMUNE</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="177"/>
        <source>Đị&amp;a danh:</source>
        <translation>Pl&amp;ace:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="177"/>
        <source>địa danh ở dòng ngày tháng</source>
        <translation>place name on the date line</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="179"/>
        <source>Thông tư 03/2025/TT-VPCP (mặc định)</source>
        <translation>Circular 03/2025/TT-VPCP (default)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="180"/>
        <source>Thông tư 01/2018/TT-VPCP</source>
        <translation>Circular 01/2018/TT-VPCP</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="181"/>
        <source>&amp;Bộ biểu mẫu:</source>
        <translation>&amp;Form set:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="183"/>
        <source>Người ký văn bản, công chức hướng dẫn, số văn bản</source>
        <translation>Signer of letters, contact official, letter numbers</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="193"/>
        <source>&amp;Lưu (Ctrl+Enter)</source>
        <translation>&amp;Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="195"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="201"/>
        <source>Chỉ cán bộ phụ trách được thay đổi; mỗi lần thay đổi được ghi vào nhật ký.</source>
        <translation>Only a lead clerk may change these; every change is logged.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup.py" line="254"/>
        <source>Cài đặt bàn tiếp nhận — lần đầu</source>
        <translation>Desk set-up — first start</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="262"/>
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="263"/>
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="264"/>
        <source>Hoàn tất (Enter)</source>
        <translation>Finish (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="265"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="293"/>
        <source>Đã điền sẵn theo cấu hình máy {0}.</source>
        <translation>Filled in from the machine configuration {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="325"/>
        <source>Đang khởi tạo…</source>
        <translation>Setting up…</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../ui/signin.py" line="53"/>
        <source>Đang mở dữ liệu… Lần mở đầu tiên sau khi cập nhật phần mềm có thể mất vài phút (dữ liệu được sao lưu rồi sắp xếp lại cho phiên bản mới). Không tắt máy.</source>
        <translation>Opening the data… The first start after a software update can take a few minutes (the data is backed up, then reorganised for the new version). Do not turn the computer off.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="65"/>
        <source>Mở khóa (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="65"/>
        <source>Đăng nhập (Enter)</source>
        <translation>Sign in (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="71"/>
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="73"/>
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="102"/>
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="103"/>
        <source>Cán bộ {0} — nhập mật khẩu để mở lại.</source>
        <translation>Clerk {0} — enter your password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="107"/>
        <source>Đăng nhập — Bộ phận Một cửa</source>
        <translation>Sign in — One-stop desk</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="146"/>
        <source>Nhập tên đăng nhập.</source>
        <translation>Enter your user name.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="150"/>
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="164"/>
        <source>Màn hình đang khóa cho cán bộ khác.</source>
        <translation>The screen is locked for another clerk.</translation>
    </message>
</context>
<context>
    <name>SignerFields</name>
    <message>
        <location filename="../../ui/settings.py" line="126"/>
        <source>&amp;Quyền hạn ký:</source>
        <translation>Signing &amp;authority:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="126"/>
        <source>để trống khi Giám đốc ký; KT. GIÁM ĐỐC khi cấp phó ký thay</source>
        <translation>empty when the director signs; KT. GIÁM ĐỐC when a deputy signs for them</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="129"/>
        <source>&amp;Chức vụ người ký:</source>
        <translation>Signer&apos;s &amp;title:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="129"/>
        <source>GIÁM ĐỐC hoặc PHÓ GIÁM ĐỐC</source>
        <translation>GIÁM ĐỐC (director) or PHÓ GIÁM ĐỐC (deputy)</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="133"/>
        <source>Họ tên &amp;người ký:</source>
        <translation>Signer&apos;s &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="133"/>
        <source>in dưới chữ ký trên văn bản xin lỗi, thông báo dừng</source>
        <translation>printed under the signature of the apology and the stop notice</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="136"/>
        <source>Công chức &amp;hướng dẫn:</source>
        <translation>Contact &amp;official:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="137"/>
        <source>ví dụ: bà Vũ Thị Ngọc Trâm, công chức Tư pháp - Hộ tịch</source>
        <translation>e.g. Ms Vũ Thị Ngọc Trâm, justice and civil status officer</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="138"/>
        <source>In trên Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).</source>
        <translation>Printed on the supplement request (form 02).</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="141"/>
        <source>Số điện thoại &amp;hướng dẫn:</source>
        <translation>Contact &amp;phone:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="141"/>
        <source>ví dụ 0251 3861 234</source>
        <translation>e.g. 0251 3861 234</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="144"/>
        <source>Mẫu &amp;số văn bản:</source>
        <translation>Letter &amp;number pattern:</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="145"/>
        <source>{n} số thứ tự trong năm (01, 02…), {kind} TB (thông báo) hoặc XL (xin lỗi), {year} năm, {slot} số hiệu bàn. Phần mềm tự đánh số theo năm, trừ khi nhập số do văn thư cấp.</source>
        <translation>{n} number within the year (01, 02…), {kind} TB (notice) or XL (apology), {year} year, {slot} desk slot. The desk numbers letters each year unless the records office&apos;s number is typed.</translation>
    </message>
</context>
<context>
    <name>SignerPage</name>
    <message>
        <location filename="../../ui/setup.py" line="89"/>
        <source>Người ký văn bản và công chức hướng dẫn</source>
        <translation>Signer of letters and contact official</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="90"/>
        <source>In trên văn bản xin lỗi (Mẫu 04), thông báo dừng (Mẫu 05) và phiếu yêu cầu bổ sung (Mẫu 02). Có thể sửa sau trong Hệ thống › Cài đặt in trên phiếu.</source>
        <translation>Printed on the apology (form 04), the stop notice (form 05) and the supplement request (form 02). Can be changed later in System › Printed settings.</translation>
    </message>
</context>
<context>
    <name>StopDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="708"/>
        <source>Dừng giải quyết hồ sơ</source>
        <translation>Stop processing the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="711"/>
        <source>Lý do dừng giải quyết</source>
        <translation>Why processing stops</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="712"/>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="713"/>
        <source>người có thẩm quyền quyết định dừng, không bắt buộc</source>
        <translation>the official who decided, optional</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="714"/>
        <source>&amp;Người quyết định:</source>
        <translation>&amp;Decided by:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="715"/>
        <source>để trống: phần mềm tự đánh số; hoặc số do văn thư cấp</source>
        <translation>empty: numbered by the desk; or the records office&apos;s number</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="716"/>
        <source>&amp;Số thông báo:</source>
        <translation>Notice &amp;number:</translation>
    </message>
</context>
<context>
    <name>SupplementDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="412"/>
        <source>Yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request a supplement</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="415"/>
        <source>Mỗi dòng một giấy tờ hoặc nội dung cần bổ sung</source>
        <translation>One missing document or item a line</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="416"/>
        <source>&amp;Cần bổ sung:</source>
        <translation>&amp;Needed:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="417"/>
        <source>Ghi một lần đủ mọi nội dung còn thiếu. Thời gian chờ bổ sung không tính vào hạn giải quyết.</source>
        <translation>List everything missing at once. Time waiting for the supplement does not count towards the deadline.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="418"/>
        <source>ví dụ: Giấy chứng sinh bị mờ, không đọc được</source>
        <translation>e.g. the birth certificate is unreadable</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="419"/>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
</context>
<context>
    <name>SyncProblemsDialog</name>
    <message>
        <location filename="../../ui/sync_status.py" line="278"/>
        <source>Đồng bộ: sự kiện bị từ chối và xung đột</source>
        <translation>Sync: refused events and conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="279"/>
        <source>Tình trạng đồng bộ với máy chủ tỉnh</source>
        <translation>Sync with the province server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="286"/>
        <location filename="../../ui/sync_status.py" line="289"/>
        <source>Hồ sơ</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="286"/>
        <location filename="../../ui/sync_status.py" line="289"/>
        <source>Việc</source>
        <translation>Event</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="286"/>
        <location filename="../../ui/sync_status.py" line="289"/>
        <source>Ghi lúc</source>
        <translation>Recorded</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="286"/>
        <source>Lý do máy chủ từ chối</source>
        <translation>Why the server refused it</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="289"/>
        <source>Người làm</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="290"/>
        <source>Vì sao không áp dụng</source>
        <translation>Why it was not applied</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="292"/>
        <source>&amp;Gửi lại sự kiện đã chọn (đã sửa nguyên nhân)</source>
        <translation>&amp;Send the chosen event again (cause fixed)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="295"/>
        <source>Sự kiện của bàn này bị máy chủ từ chối</source>
        <translation>This desk&apos;s events the server refused</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="301"/>
        <source>ví dụ: đã gọi Sở Tư pháp, kết quả đã trả tại xã; giữ trạng thái của bàn</source>
        <translation>e.g. called the Justice Department; result returned at the commune; the desk&apos;s status stands</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="302"/>
        <source>Đã xử &amp;lý thế nào:</source>
        <translation>What was &amp;done:</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="304"/>
        <source>Đã xem, đóng &amp;xung đột</source>
        <translation>Looked at, close the &amp;conflict</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="312"/>
        <source>Xung đột: sự kiện từ nơi khác không áp dụng được (cần cán bộ xem)</source>
        <translation>Conflicts: events from elsewhere that could not apply (a clerk must look)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="319"/>
        <source>Enter trên một dòng mở hồ sơ đó. Không có gì bị ghi đè: cán bộ xem và xử lý tiếp trên hồ sơ.</source>
        <translation>Enter on a row opens its dossier. Nothing was overwritten: a clerk looks and goes on from the dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="323"/>
        <source>Đồng bộ &amp;ngay (F9)</source>
        <translation>Sync &amp;now (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="326"/>
        <source>Đó&amp;ng (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="367"/>
        <source>Lần thử gần nhất: {0}</source>
        <translation>Last try: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="428"/>
        <source>Chọn một sự kiện trong bảng trên.</source>
        <translation>Choose an event in the table above.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="432"/>
        <source>Sự kiện sẽ được gửi lại ở lần đồng bộ tới.</source>
        <translation>The event will be sent again at the next round.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="439"/>
        <source>Chọn một xung đột trong bảng trên.</source>
        <translation>Choose a conflict in the table above.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="444"/>
        <source>Đã ghi cách xử lý vào nhật ký của hồ sơ.</source>
        <translation>What was done is in the dossier&apos;s history.</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="361"/>
        <source>Chuyển, giao hồ sơ</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="367"/>
        <source>Đơn vị giao:</source>
        <translation>Handed over by:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="370"/>
        <source>Đơn vị (bộ phận) nhận hồ sơ</source>
        <translation>Unit (department) receiving the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="375"/>
        <source>Đơn vị &amp;nhận:</source>
        <translation>Receiving &amp;unit:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="376"/>
        <source>Trả hồ sơ về bộ phận một cửa: ghi tên bộ phận một cửa.</source>
        <translation>To hand it back to the one-stop desk, write the desk&apos;s name.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="377"/>
        <location filename="../../ui/actions.py" line="392"/>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="378"/>
        <source>&amp;Người nhận:</source>
        <translation>Receiving &amp;person:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="384"/>
        <source> ngày làm việc</source>
        <translation> working days</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="385"/>
        <source>theo hẹn trả của hồ sơ</source>
        <translation>the dossier&apos;s appointment</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="386"/>
        <source>&amp;Thời hạn bước này:</source>
        <translation>Step &amp;deadline:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="387"/>
        <source>Số ngày làm việc đơn vị nhận được giao để xử lý (0: đến hẹn trả của hồ sơ).</source>
        <translation>Working days the receiving unit has for this step (0: until the dossier&apos;s appointment).</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="389"/>
        <source>không bắt buộc; nhiều cơ quan cách nhau bởi dấu chấm phẩy (;)</source>
        <translation>optional; several bodies separated by semicolons (;)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="390"/>
        <source>Cơ quan &amp;phối hợp:</source>
        <translation>Co&amp;operating bodies:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="391"/>
        <source>In ở mục «Cơ quan phối hợp giải quyết hồ sơ» của phiếu kiểm soát.</source>
        <translation>Printed as «Cooperating bodies» on the control sheet.</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="393"/>
        <source>Ghi &amp;chú:</source>
        <translation>&amp;Note:</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <location filename="../../ui/actions.py" line="688"/>
        <source>Công dân rút hồ sơ</source>
        <translation>Citizen withdraws</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="691"/>
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="692"/>
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="693"/>
        <source>Hồ sơ kết thúc ở trạng thái «Công dân yêu cầu rút hồ sơ»; không xử lý tiếp được.</source>
        <translation>The dossier ends as «Withdrawn by the citizen»; it cannot be processed further.</translation>
    </message>
</context>
<context>
    <name>actions</name>
    <message>
        <location filename="../../ui/actions.py" line="150"/>
        <source>{0} · {1} · {2}
Trạng thái: {3} · Hẹn trả: {4}</source>
        <translation>{0} · {1} · {2}
Status: {3} · Due: {4}</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="199"/>
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="248"/>
        <source>&amp;Ghi nhận (Ctrl+Enter)</source>
        <translation>&amp;Record (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="249"/>
        <source>&amp;Ghi nhận và in {0} (Ctrl+Enter)</source>
        <translation>&amp;Record and print {0} (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/actions.py" line="336"/>
        <source>Mẫu số {0}</source>
        <translation>Form {0}</translation>
    </message>
</context>
<context>
    <name>catalogs</name>
    <message>
        <location filename="../../ui/catalogs.py" line="135"/>
        <source>ký bởi khóa {0}</source>
        <translation>signed by key {0}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="137"/>
        <source>chưa ký</source>
        <translation>unsigned</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="139"/>
        <source>Phiên bản {0} của {1} — hiệu lực từ {2} — {3}</source>
        <translation>Version {0} of {1} — in force from {2} — {3}</translation>
    </message>
    <message>
        <location filename="../../ui/catalogs.py" line="205"/>
        <source>Không thực hiện được: </source>
        <translation>Not done: </translation>
    </message>
</context>
<context>
    <name>chart</name>
    <message>
        <location filename="../../ui/chart.py" line="61"/>
        <source>Năm {0}: tiếp nhận {1}, giải quyết đúng hạn {2}, quá hạn {3}</source>
        <translation>Year {0}: received {1}, resolved on time {2}, late {3}</translation>
    </message>
    <message>
        <location filename="../../ui/chart.py" line="76"/>
        <source>Chưa có số liệu: lập báo cáo để xem biểu đồ.</source>
        <translation>No figures yet: make the report to see the chart.</translation>
    </message>
    <message>
        <location filename="../../ui/chart.py" line="93"/>
        <source>Năm {0}: hồ sơ tiếp nhận và giải quyết theo tháng</source>
        <translation>Year {0}: dossiers received and resolved by month</translation>
    </message>
    <message>
        <location filename="../../ui/chart.py" line="98"/>
        <source>Tiếp nhận: {0}</source>
        <translation>Received: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chart.py" line="101"/>
        <source>Giải quyết đúng hạn (gồm trước hạn): {0}</source>
        <translation>Resolved on time (incl. early): {0}</translation>
    </message>
    <message>
        <location filename="../../ui/chart.py" line="105"/>
        <source>Giải quyết quá hạn: {0}</source>
        <translation>Resolved late: {0}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="60"/>
        <location filename="../../ui/errors.py" line="68"/>
        <source>Ổ đĩa đã đầy. Giải phóng dung lượng ổ đĩa rồi thử lại.</source>
        <translation>The disk is full. Free some space and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="61"/>
        <source>Không đọc/ghi được tệp: {0}</source>
        <translation>Cannot read/write the file: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>Dữ liệu đang bận (một chương trình khác đang ghi). Đợi vài giây rồi thử lại.</source>
        <translation>The data is busy (another program is writing). Wait a few seconds and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="70"/>
        <source>Không đọc/ghi được ổ đĩa chứa dữ liệu. Kiểm tra ổ đĩa; báo bộ phận CNTT nếu lỗi lặp lại.</source>
        <translation>The disk holding the data cannot be read or written. Check the disk; tell IT support if it happens again.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="89"/>
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="94"/>
        <source>Lỗi phần mềm</source>
        <translation>Software error</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="95"/>
        <source>(chưa có tệp nhật ký)</source>
        <translation>(no log file yet)</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="97"/>
        <source>Phần mềm gặp lỗi không mong muốn. Công việc đã lưu không bị mất.
Gửi nội dung chi tiết và tệp nhật ký cho bộ phận CNTT: {0}</source>
        <translation>The program hit an unexpected error. Saved work is not lost.
Send the details and the log file to IT support: {0}</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../ui/formatting.py" line="13"/>
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="14"/>
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="15"/>
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="16"/>
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="17"/>
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="18"/>
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="19"/>
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="37"/>
        <source>{0} giờ {1:02d}, {2} {3:%d/%m/%Y}</source>
        <translation>{2} {3:%d/%m/%Y}, {0}:{1:02d}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="17"/>
        <source>Mới đăng ký</source>
        <translation>Newly registered</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18"/>
        <source>Được tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19"/>
        <source>Không được tiếp nhận</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20"/>
        <source>Đang xử lý</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21"/>
        <source>Yêu cầu bổ sung giấy tờ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22"/>
        <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
        <translation>Payment requested</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23"/>
        <source>Công dân yêu cầu rút hồ sơ</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24"/>
        <source>Dừng xử lý</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25"/>
        <source>Đã xử lý xong</source>
        <translation>Processed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="26"/>
        <source>Đã trả kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="27"/>
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="28"/>
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="29"/>
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30"/>
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31"/>
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32"/>
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33"/>
        <source>Bản chụp</source>
        <translation>Photocopy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34"/>
        <source>Xuất trình</source>
        <translation>Shown</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35"/>
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36"/>
        <source>Chuyển, giao hồ sơ</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37"/>
        <source>Yêu cầu bổ sung</source>
        <translation>Request supplement</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38"/>
        <source>Nhận hồ sơ bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39"/>
        <source>Nhận bổ sung</source>
        <translation>Supplement received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="40"/>
        <source>Từ chối giải quyết</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="41"/>
        <source>Công dân rút hồ sơ</source>
        <translation>Citizen withdraws</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="42"/>
        <source>Dừng giải quyết</source>
        <translation>Stop processing</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="43"/>
        <source>Xin lỗi, gia hạn</source>
        <translation>Apology, extension</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="44"/>
        <source>Đã có kết quả</source>
        <translation>Result ready</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="45"/>
        <source>Trả kết quả</source>
        <translation>Return result</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="46"/>
        <source>Thu phí, lệ phí</source>
        <translation>Collect fee</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="47"/>
        <source>Sửa thông tin</source>
        <translation>Correct details</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="48"/>
        <source>Ghi chú</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="49"/>
        <source>In / xuất phiếu</source>
        <translation>Printed / exported</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="50"/>
        <source>In phiếu</source>
        <translation>Print a form</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="51"/>
        <source>Số hóa giấy tờ</source>
        <translation>Document digitised</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="52"/>
        <source>Số hóa</source>
        <translation>Digitise</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="53"/>
        <source>Nhập danh mục thủ tục</source>
        <translation>Catalog imported</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="54"/>
        <source>Duyệt danh mục thủ tục</source>
        <translation>Catalog approved</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="55"/>
        <source>Nhập lịch làm việc</source>
        <translation>Calendar imported</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="56"/>
        <source>Hướng dẫn bổ sung khi tiếp nhận</source>
        <translation>Supplement requested at intake</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="57"/>
        <source>Thêm tài khoản</source>
        <translation>Account added</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="58"/>
        <source>Đổi mật khẩu</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="59"/>
        <source>Tin cậy khóa</source>
        <translation>Key trusted</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="60"/>
        <source>Bỏ tin cậy khóa</source>
        <translation>Key no longer trusted</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="61"/>
        <source>Đăng ký với máy chủ tỉnh</source>
        <translation>Enrolled with the provincial server</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="62"/>
        <source>Thay đổi thiết lập in trên phiếu</source>
        <translation>Printed settings changed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="63"/>
        <source>Giữ lại số mã hồ sơ sau khi khôi phục</source>
        <translation>Dossier numbers held back after a restore</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="64"/>
        <source>Giấy tiếp nhận</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="66"/>
        <source>Phiếu từ chối</source>
        <translation>Refusal</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="67"/>
        <source>Văn bản xin lỗi</source>
        <translation>Apology letter</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="68"/>
        <source>Thông báo dừng</source>
        <translation>Stop notice</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="69"/>
        <source>Phiếu kiểm soát</source>
        <translation>Control sheet</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="65"/>
        <source>Phiếu bổ sung</source>
        <translation>Supplement request</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="70"/>
        <source>Sổ theo dõi</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="71"/>
        <source>Báo cáo</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="72"/>
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Receipt and appointment slip</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="73"/>
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to complete the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="75"/>
        <source>Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết</source>
        <translation>Apology and request to extend the processing time</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="77"/>
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Processing control sheet</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="74"/>
        <source>Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Refusal to accept the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="76"/>
        <source>Thông báo dừng giải quyết hồ sơ</source>
        <translation>Notice of stopped processing</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="78"/>
        <source>Sổ theo dõi hồ sơ</source>
        <translation>Dossier ledger</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="79"/>
        <source>Báo cáo Biểu II.06a</source>
        <translation>Report form II.06a</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="80"/>
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="81"/>
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="82"/>
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <location filename="../../ui/sync_status.py" line="116"/>
        <location filename="../../ui/sync_status.py" line="133"/>
        <source>● Đồng bộ: chưa chạy</source>
        <translation>● Sync: not started</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="121"/>
        <source>⟳ Đang đồng bộ…</source>
        <translation>⟳ Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="123"/>
        <source>● Chưa đăng ký máy chủ tỉnh</source>
        <translation>● Not enrolled with the province server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="125"/>
        <source>● Trực tuyến</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="127"/>
        <source>● Máy chủ từ chối</source>
        <translation>● Refused by the server</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="129"/>
        <source>● Ngoại tuyến</source>
        <translation>● Offline</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="131"/>
        <source>thử lại sau {0}</source>
        <translation>retry in {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="135"/>
        <source>chờ gửi: {0}</source>
        <translation>waiting: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="138"/>
        <source>lần cuối: {0}</source>
        <translation>last: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="140"/>
        <source>chưa đồng bộ lần nào</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="147"/>
        <source>{0} giây</source>
        <translation>{0} s</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="148"/>
        <source>{0} phút</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="169"/>
        <source>⚠ Giờ máy nhanh {0} phút</source>
        <translation>⚠ PC clock {0} min fast</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="170"/>
        <source>⚠ Giờ máy chậm {0} phút</source>
        <translation>⚠ PC clock {0} min slow</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="178"/>
        <source>⚠ {0} bị từ chối · {1} xung đột</source>
        <translation>⚠ {0} refused · {1} conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="233"/>
        <source> (Shift+F9)</source>
        <translation> (Shift+F9)</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="238"/>
        <source>● Đồng bộ: đang khởi động…</source>
        <translation>● Sync: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="248"/>
        <source>chưa lần nào</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="251"/>
        <source>Đồng bộ với tỉnh: đang khởi động.</source>
        <translation>Sync with the province: starting.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="253"/>
        <source>Đồng bộ với tỉnh: CHƯA ĐĂNG KÝ — bàn này chưa được đăng ký với máy chủ tỉnh (xin mã đăng ký của quản trị viên tỉnh). Mọi việc vẫn làm được trên máy này.</source>
        <translation>Sync with the province: NOT ENROLLED — this desk is not enrolled with the province server yet (ask the province administrator for an enrolment code). Everything works on this PC.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="256"/>
        <source>Đồng bộ với tỉnh: NGOẠI TUYẾN — {0} sự kiện chờ gửi; lần cuối: {1}. Mọi việc vẫn làm được trên máy này; dữ liệu tự gửi khi có mạng.</source>
        <translation>Sync with the province: OFFLINE — {0} events waiting; last: {1}. Everything works on this PC; the data goes out by itself when the network is back.</translation>
    </message>
    <message>
        <location filename="../../ui/sync_status.py" line="259"/>
        <source>Đồng bộ với tỉnh: TRỰC TUYẾN — {0} sự kiện chờ gửi; lần cuối: {1}.</source>
        <translation>Sync with the province: ONLINE — {0} events waiting; last: {1}.</translation>
    </message>
</context>
<context>
    <name>timeline</name>
    <message>
        <location filename="../../ui/timeline.py" line="121"/>
        <source>Văn bản xin lỗi</source>
        <translation>Apology letter</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="25"/>
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="26"/>
        <source>Số giấy tờ</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="27"/>
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="28"/>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="29"/>
        <source>Địa chỉ</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="42"/>
        <source>{0} đồng</source>
        <translation>{0} đồng</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="49"/>
        <source>0 phút làm việc</source>
        <translation>0 working minutes</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="54"/>
        <source>{0} ngày</source>
        <translation>{0} day(s)</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="56"/>
        <source>{0} giờ</source>
        <translation>{0} h</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="58"/>
        <source>{0} phút</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="59"/>
        <source>{0} làm việc</source>
        <translation>{0} working time</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="78"/>
        <source>Hẹn trả {0}</source>
        <translation>Due {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="79"/>
        <source>{0} bộ</source>
        <translation>{0} set(s)</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="85"/>
        <source>máy in</source>
        <translation>printer</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="87"/>
        <source>tệp PDF</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="97"/>
        <source>Giao: {0} → Nhận: {1}</source>
        <translation>From: {0} → To: {1}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="98"/>
        <source>hạn của bước: {0}</source>
        <translation>step due: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="99"/>
        <source>phối hợp: {0}</source>
        <translation>cooperating: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="103"/>
        <source>Cần bổ sung: {0}</source>
        <translation>Needed: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="103"/>
        <location filename="../../ui/timeline.py" line="128"/>
        <location filename="../../ui/timeline.py" line="130"/>
        <location filename="../../ui/timeline.py" line="133"/>
        <source>Lý do: {0}</source>
        <translation>Reason: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="104"/>
        <source>tạm dừng tính thời gian giải quyết</source>
        <translation>the clock is stopped</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="108"/>
        <source>Chờ bổ sung từ {0}, không mất thời gian làm việc nào: hẹn trả giữ nguyên {1}</source>
        <translation>Waited for the supplement since {0}, no working time lost: still due {1}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="113"/>
        <source>Đã chờ bổ sung {0} (từ {1})</source>
        <translation>Waited {0} for the supplement (since {1})</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="115"/>
        <location filename="../../ui/timeline.py" line="124"/>
        <source>hẹn trả {0} → {1}</source>
        <translation>due {0} → {1}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="121"/>
        <source>Văn bản số {0}</source>
        <translation>Letter no. {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="122"/>
        <source>đơn vị chậm: {0}</source>
        <translation>late unit: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="123"/>
        <location filename="../../ui/timeline.py" line="170"/>
        <source>lý do: {0}</source>
        <translation>reason: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="125"/>
        <source>gửi sau hẹn trả</source>
        <translation>sent after the appointment</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="132"/>
        <source>Thông báo số {0}</source>
        <translation>Notice no. {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="134"/>
        <source>quyết định: {0}</source>
        <translation>decided by: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="139"/>
        <source>so với hẹn ban đầu: {0}</source>
        <translation>against the first appointment: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="147"/>
        <source>Kết quả: {0}</source>
        <translation>Result: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="154"/>
        <source>Gửi qua bưu chính công ích</source>
        <translation>Sent by public postal service</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="155"/>
        <source>mã bưu gửi: {0}</source>
        <translation>tracking no.: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="156"/>
        <source>người nhận: {0}</source>
        <translation>addressee: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="157"/>
        <source>Trao cho {0}</source>
        <translation>Handed to {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="158"/>
        <source>giấy tờ {0}</source>
        <translation>ID {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="163"/>
        <source>biên lai số {0}</source>
        <translation>receipt no. {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="169"/>
        <source>{0}: «{1}» → «{2}»</source>
        <translation>{0}: «{1}» → «{2}»</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="174"/>
        <source>quét</source>
        <translation>scanned</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="175"/>
        <source>nhập tệp</source>
        <translation>imported</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="176"/>
        <source>dùng lại từ hồ sơ {0}</source>
        <translation>reused from dossier {0}</translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="178"/>
        <source>{0} trang</source>
        <translation>{0} pages</translation>
    </message>
</context>
</TS>
