<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../ui/setup.py" line="121" />
        <source>Tài khoản cán bộ phụ trách</source>
        <translation>Lead clerk account</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="122" />
        <source>Tài khoản đầu tiên; người này thêm được tài khoản cho cán bộ khác.</source>
        <translation>The first account; this person can add accounts for other clerks.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="127" />
        <source>chữ thường không dấu, ví dụ hoa.lt</source>
        <translation>lower case, no accents, e.g. hoa.lt</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="137" />
        <source>&amp;Họ và tên (in trên phiếu):</source>
        <translation>&amp;Full name (printed on forms):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="138" />
        <source>Tên đă&amp;ng nhập:</source>
        <translation>User &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="139" />
        <source>&amp;Mật khẩu (ít nhất 8 ký tự):</source>
        <translation>&amp;Password (at least 8 characters):</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="140" />
        <source>&amp;Nhập lại mật khẩu:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="148" />
        <source>Hai lần nhập mật khẩu không giống nhau.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>AddClerkDialog</name>
    <message>
        <location filename="../../ui/signin.py" line="155" />
        <source>Thêm tài khoản cán bộ</source>
        <translation>Add a clerk account</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="164" />
        <source>Cán bộ tiếp nhận</source>
        <translation>Reception clerk</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="165" />
        <source>Cán bộ phụ trách (thêm được tài khoản)</source>
        <translation>Lead clerk (can add accounts)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="171" />
        <source>Thêm (Enter)</source>
        <translation>Add (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="172" />
        <source>Hủy (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="176" />
        <source>&amp;Họ và tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="177" />
        <source>Tên đă&amp;ng nhập:</source>
        <translation>User &amp;name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="178" />
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="179" />
        <source>&amp;Vai trò:</source>
        <translation>&amp;Role:</translation>
    </message>
</context>
<context>
    <name>AgencyPage</name>
    <message>
        <location filename="../../ui/setup.py" line="42" />
        <source>Đơn vị tiếp nhận</source>
        <translation>Receiving office</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="43" />
        <source>Thông tin in trên mọi phiếu. Mã định danh do tỉnh cấp, ví dụ 000.00.12.H62.</source>
        <translation>Printed on every form. The identifier is issued by the province, e.g. 000.00.12.H62.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="48" />
        <source>Trung tâm Phục vụ hành chính công xã …</source>
        <translation>Public administrative service centre of … commune</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="51" />
        <source>UBND XÃ …</source>
        <translation>PEOPLE'S COMMITTEE OF … COMMUNE</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="54" />
        <source>Địa danh ghi ở dòng ngày tháng, ví dụ Tân Phú</source>
        <translation>Place name on the date line, e.g. Tân Phú</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="60" />
        <source>&amp;Mã định danh cơ quan:</source>
        <translation>Agency &amp;identifier:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="61" />
        <source>&amp;Tên cơ quan tiếp nhận:</source>
        <translation>Receiving &amp;office name:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="62" />
        <source>Cơ quan &amp;chủ quản:</source>
        <translation>&amp;Parent authority:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="63" />
        <source>Đị&amp;a danh:</source>
        <translation>Pl&amp;ace:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="64" />
        <source>Số hiệu &amp;bàn (1–9):</source>
        <translation>&amp;Desk slot (1–9):</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <location filename="../../ui/setup.py" line="76" />
        <source>Danh mục thủ tục và lịch làm việc</source>
        <translation>Procedure catalog and working calendar</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="77" />
        <source>Dùng bản có sẵn trong phần mềm, hoặc tệp do tỉnh phát hành.</source>
        <translation>Use the shipped defaults, or a file published by the province.</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="78" />
        <source>Danh mục thủ tục có sẵn (mẫu)</source>
        <translation>Shipped procedure catalog (sample)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="80" />
        <source>Danh mục từ tệp:</source>
        <translation>Catalog from a file:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="83" />
        <source>Lịch làm việc có sẵn (2025–2026)</source>
        <translation>Shipped working calendar (2025–2026)</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="84" />
        <source>Lịch từ tệp:</source>
        <translation>Calendar from a file:</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="98" />
        <source>Chọn tệp…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="106" />
        <source>Chọn tệp</source>
        <translation>Choose file</translation>
    </message>
</context>
<context>
    <name>DocumentsTable</name>
    <message>
        <location filename="../../ui/intake.py" line="178" />
        <source>Nộp</source>
        <translation>Given</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="178" />
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="178" />
        <source>Hình thức</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="178" />
        <source>SL</source>
        <translation>Qty</translation>
    </message>
</context>
<context>
    <name>DossierDetail</name>
    <message>
        <location filename="../../ui/dossier_detail.py" line="63" />
        <source>Hồ sơ {0}</source>
        <translation>Dossier {0}</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="74" />
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="76" />
        <source>Thủ tục và hẹn trả</source>
        <translation>Procedure and appointment</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="78" />
        <source>Tên giấy tờ</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="78" />
        <source>Hình thức</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="78" />
        <source>SL</source>
        <translation>Qty</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="80" />
        <source>Thời gian</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="80" />
        <source>Việc</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="80" />
        <source>Cán bộ</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="80" />
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="82" />
        <source>Thành phần hồ sơ</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="84" />
        <source>Quá trình (nhật ký)</source>
        <translation>History (log)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="87" />
        <source>In lại &amp;giấy tiếp nhận (Ctrl+P)</source>
        <translation>Reprint &amp;receipt (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="90" />
        <source>In phiếu &amp;kiểm soát (Ctrl+K)</source>
        <translation>Print &amp;control sheet (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="93" />
        <source>Đó&amp;ng (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="143" />
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="144" />
        <source>Số giấy tờ:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="145" />
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="146" />
        <source>Email:</source>
        <translation>E-mail:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="147" />
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="150" />
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="150" />
        <source>Tại bộ phận tiếp nhận</source>
        <translation>At the reception desk</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="152" />
        <source>Thủ tục:</source>
        <translation>Procedure:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="153" />
        <source>Thời hạn:</source>
        <translation>Time limit:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="154" />
        <source>Nhận lúc:</source>
        <translation>Received:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="155" />
        <source>Hẹn trả:</source>
        <translation>Appointment:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="156" />
        <source>Số bộ / kênh:</source>
        <translation>Sets / channel:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="157" />
        <source>Nhận kết quả:</source>
        <translation>Result collected:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="158" />
        <source>Sổ / số thứ tự:</source>
        <translation>Book / entry:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="159" />
        <source>Người tiếp nhận:</source>
        <translation>Received by:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="184" />
        <source>máy in</source>
        <translation>printer</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="184" />
        <source>tệp PDF</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_detail.py" line="187" />
        <source>Hẹn trả {0}</source>
        <translation>Due {0}</translation>
    </message>
</context>
<context>
    <name>DossierListModel</name>
    <message>
        <location filename="../../ui/dossier_list.py" line="60" />
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="60" />
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="60" />
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="60" />
        <source>Ngày nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="61" />
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="61" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="100" />
        <source>QUÁ HẠN · {0}</source>
        <translation>OVERDUE · {0}</translation>
    </message>
</context>
<context>
    <name>DossierListWidget</name>
    <message>
        <location filename="../../ui/dossier_list.py" line="262" />
        <source>Tìm (Ctrl+F): mã hồ sơ, số cuối của mã, số giấy tờ, số điện thoại hoặc tên (không cần dấu)</source>
        <translation>Search (Ctrl+F): dossier code, its last digits, ID number, phone or name (accents optional)</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="271" />
        <source>Tất cả hồ sơ</source>
        <translation>All dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="272" />
        <source>Nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="273" />
        <source>Đến hạn trong 2 ngày</source>
        <translation>Due within 2 days</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="274" />
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="279" />
        <source>Mọi trạng thái</source>
        <translation>Any status</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="284" />
        <source>Mọi thủ tục</source>
        <translation>Any procedure</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="316" />
        <source>&amp;Tìm:</source>
        <translation>&amp;Search:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="321" />
        <source>&amp;Lọc:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="390" />
        <source>{0} kết quả</source>
        <translation>{0} results</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="390" />
        <source>{0}+ kết quả</source>
        <translation>{0}+ results</translation>
    </message>
    <message>
        <location filename="../../ui/dossier_list.py" line="392" />
        <source>{0} hồ sơ</source>
        <translation>{0} dossiers</translation>
    </message>
</context>
<context>
    <name>HomeWidget</name>
    <message>
        <location filename="../../ui/home.py" line="58" />
        <source>Nhận hôm nay</source>
        <translation>Received today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="59" />
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="60" />
        <source>Đến hạn ngày mai</source>
        <translation>Due tomorrow</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="61" />
        <source>Quá hạn</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="75" />
        <source>Đồng bộ với tỉnh: NGOẠI TUYẾN — chức năng đồng bộ chưa được cài đặt. Mọi việc vẫn làm được trên máy này; dữ liệu sẽ được gửi khi có đồng bộ.</source>
        <translation>Sync with the province: OFFLINE — sync is not installed yet. Everything works on this PC; data will be sent once sync exists.</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="83" />
        <source>Giờ nhận</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="83" />
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="83" />
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="84" />
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="84" />
        <source>Hẹn trả</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="95" />
        <source>Hồ sơ nhận hôm nay</source>
        <translation>Dossiers received today</translation>
    </message>
    <message>
        <location filename="../../ui/home.py" line="116" />
        <source>Tổng số hồ sơ trên máy: {0}</source>
        <translation>Dossiers on this PC: {0}</translation>
    </message>
</context>
<context>
    <name>IntakeWidget</name>
    <message>
        <location filename="../../ui/intake.py" line="352" />
        <source>Đủ giấy tờ bắt buộc (Ctrl+D)</source>
        <translation>All required documents (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="356" />
        <source>Dấu cách: đánh dấu đã nộp · + / −: số lượng · (*) bắt buộc</source>
        <translation>Space: mark as given · + / −: quantity · (*) required</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="360" />
        <source>Họ và tên người nộp</source>
        <translation>Applicant's full name</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="362" />
        <source>12 chữ số (CCCD), 9 chữ số (CMND) hoặc hộ chiếu</source>
        <translation>12 digits (CCCD), 9 digits (CMND) or passport</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="363" />
        <source>ví dụ 0912 345 678</source>
        <translation>e.g. 0912 345 678</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="364" />
        <source>không bắt buộc</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="365" />
        <source>Số nhà, đường/thôn, xã/phường, tỉnh</source>
        <translation>House, street/hamlet, commune/ward, province</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="369" />
        <source>Tại &amp;bộ phận tiếp nhận</source>
        <translation>At the reception &amp;desk</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="371" />
        <source>Qua bưu chính &amp;công ích</source>
        <translation>By &amp;post</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="376" />
        <source>Ghi chú (hoặc lý do khi lập phiếu bổ sung)</source>
        <translation>Note (or the reason on a supplement request)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="377" />
        <source>&amp;Xem trước khi in</source>
        <translation>&amp;Preview before printing</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="397" />
        <source>Làm mới (Ctrl+Shift+N)</source>
        <translation>Clear (Ctrl+Shift+N)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="402" />
        <source>1. Thủ tục (Alt+1)</source>
        <translation>1. Procedure (Alt+1)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="404" />
        <source>2. Thành phần hồ sơ (Alt+2)</source>
        <translation>2. Documents (Alt+2)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="415" />
        <source>3. Người nộp hồ sơ (Alt+3)</source>
        <translation>3. Applicant (Alt+3)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="419" />
        <source>&amp;Họ và tên:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="420" />
        <source>Số &amp;giấy tờ:</source>
        <translation>&amp;ID number:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="421" />
        <source>Số điện th&amp;oại:</source>
        <translation>Ph&amp;one:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="422" />
        <source>&amp;Email:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="423" />
        <source>Đị&amp;a chỉ:</source>
        <translation>&amp;Address:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="428" />
        <source>4. Số bộ hồ sơ và nơi nhận kết quả</source>
        <translation>4. Sets and where the result is collected</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="430" />
        <source>Số &amp;bộ:</source>
        <translation>&amp;Sets:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="434" />
        <source>Nhận kết quả:</source>
        <translation>Result collected:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="437" />
        <source>Gh&amp;i chú:</source>
        <translation>N&amp;ote:</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="442" />
        <source>Hẹn trả kết quả</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="516" />
        <source>Thời hạn giải quyết: {0}</source>
        <translation>Time limit: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="529" />
        <source>Lập phiếu yêu cầu bổ sung — thiếu {0} giấy tờ (Ctrl+Enter)</source>
        <translation>Supplement request — {0} documents missing (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="532" />
        <source>Tiếp nhận và in giấy hẹn (Ctrl+Enter)</source>
        <translation>Receive and print the receipt (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="559" />
        <source>Chưa chọn thủ tục: gõ tên hoặc mã thủ tục rồi nhấn Enter.</source>
        <translation>No procedure chosen: type its name or code, then Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="590" />
        <source>Hồ sơ chưa đủ thành phần theo quy định của thủ tục.</source>
        <translation>The dossier lacks documents the procedure requires.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="43" />
        <source>Một cửa — Tiếp nhận và trả kết quả</source>
        <translation>One-stop desk — reception and results</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58" />
        <source>Trang chủ (F2)</source>
        <translation>Home (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="59" />
        <source>Tiếp nhận hồ sơ (F3)</source>
        <translation>Intake (F3)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60" />
        <source>Danh sách, tìm hồ sơ (F4)</source>
        <translation>Dossiers, search (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74" />
        <source>● Ngoại tuyến (chưa có đồng bộ)</source>
        <translation>● Offline (no sync yet)</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="100" />
        <source>&amp;Hệ thống</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101" />
        <source>&amp;Khóa màn hình</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="102" />
        <source>&amp;Thêm tài khoản cán bộ…</source>
        <translation>&amp;Add clerk account…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="104" />
        <source>Đăng &amp;xuất</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="106" />
        <source>&amp;Ngôn ngữ / Language</source>
        <translation>&amp;Ngôn ngữ / Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110" />
        <source>T&amp;hoát</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111" />
        <source>Hồ &amp;sơ</source>
        <translation>&amp;Dossiers</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113" />
        <source>&amp;Trang chủ</source>
        <translation>&amp;Home</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="114" />
        <source>Tiếp &amp;nhận hồ sơ mới</source>
        <translation>&amp;New intake</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115" />
        <source>&amp;Danh sách hồ sơ</source>
        <translation>Dossier &amp;list</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="116" />
        <source>Tì&amp;m hồ sơ</source>
        <translation>&amp;Find dossier</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117" />
        <source>Làm mới số liệu</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119" />
        <source>Trợ &amp;giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120" />
        <source>&amp;Phím tắt</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139" />
        <source>F2 Trang chủ · F3 Tiếp nhận · F4 Danh sách · Ctrl+F Tìm · F5 Làm mới
Tiếp nhận: Alt+1 Thủ tục · Alt+2 Giấy tờ (Dấu cách đánh dấu, + / − số lượng) · Ctrl+D Đủ giấy tờ bắt buộc · Alt+3 Người nộp · Ctrl+Enter Tiếp nhận và in · Ctrl+Shift+N Làm mới
Hồ sơ: Ctrl+P In lại giấy tiếp nhận · Ctrl+K Phiếu kiểm soát · Esc Đóng
Ctrl+L Khóa màn hình · Ctrl+Q Thoát</source>
        <translation>F2 Home · F3 Intake · F4 List · Ctrl+F Search · F5 Refresh
Intake: Alt+1 Procedure · Alt+2 Documents (Space marks, + / − quantity) · Ctrl+D All required documents · Alt+3 Applicant · Ctrl+Enter Receive and print · Ctrl+Shift+N Clear
Dossier: Ctrl+P Reprint receipt · Ctrl+K Control sheet · Esc Close
Ctrl+L Lock screen · Ctrl+Q Quit</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="145" />
        <source>Phím tắt</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176" />
        <source>Một cửa — {0}</source>
        <translation>One-stop desk — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189" />
        <source>Cán bộ: {0}</source>
        <translation>Clerk: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="225" />
        <source>Đã thêm tài khoản {0}.</source>
        <translation>Account {0} added.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="231" />
        <source>Ngôn ngữ / Language</source>
        <translation>Ngôn ngữ / Language</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="251" />
        <source>Đã tiếp nhận hồ sơ {0} — {1}</source>
        <translation>Dossier {0} received — {1}</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314" />
        <source>Đã in {0}.</source>
        <translation>Printed {0}.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="314" />
        <source>phiếu</source>
        <translation>form</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="320" />
        <source>Chưa in được: {0}</source>
        <translation>Not printed: {0}</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <location filename="../../ui/print_dialog.py" line="95" />
        <source>Xem trước khi in — {0}</source>
        <translation>Print preview — {0}</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="102" />
        <source> (mặc định)</source>
        <translation> (default)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="104" />
        <source>Lưu ra tệp PDF (không có máy in)</source>
        <translation>Save as PDF file (no printer)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="110" />
        <source>Khổ A5 (mỗi liên một tờ)</source>
        <translation>A5 (one copy per sheet)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="111" />
        <source>Hai liên trên một tờ A4</source>
        <translation>Two copies on one A4 sheet</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="116" />
        <source>&amp;Máy in:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="118" />
        <source>&amp;Khổ giấy:</source>
        <translation>Pa&amp;per:</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="120" />
        <source>&amp;In (Enter)</source>
        <translation>&amp;Print (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="124" />
        <source>&amp;Lưu PDF… (Ctrl+S)</source>
        <translation>&amp;Save PDF… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="126" />
        <source>Đó&amp;ng (Esc)</source>
        <translation>&amp;Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="145" />
        <source>Đang tạo bản in…</source>
        <translation>Preparing the print…</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="186" />
        <source>{0} trang. Nhấn Enter để in.</source>
        <translation>{0} pages. Press Enter to print.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="193" />
        <source>Không tạo được bản in.</source>
        <translation>Could not prepare the print.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="216" />
        <source>Đang in…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="224" />
        <source>Đã in ({0} trang).</source>
        <translation>Printed ({0} pages).</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="233" />
        <source>Chưa in được.</source>
        <translation>Not printed.</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="240" />
        <source>Lưu bản PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../../ui/print_dialog.py" line="254" />
        <source>Đã lưu {0}</source>
        <translation>Saved {0}</translation>
    </message>
</context>
<context>
    <name>ProcedurePicker</name>
    <message>
        <location filename="../../ui/intake.py" line="82" />
        <source>Gõ tên hoặc mã thủ tục, ví dụ «khai sinh», «1.001193»</source>
        <translation>Type a procedure's name or code, e.g. «khai sinh», «1.001193»</translation>
    </message>
    <message>
        <location filename="../../ui/intake.py" line="138" />
        <source>Lĩnh vực: {0}</source>
        <translation>Field: {0}</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup.py" line="166" />
        <source>Cài đặt bàn tiếp nhận — lần đầu</source>
        <translation>Desk set-up — first start</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="173" />
        <source>&amp;Tiếp &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="174" />
        <source>&lt; &amp;Quay lại</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="175" />
        <source>&amp;Hoàn tất</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="176" />
        <source>Hủ&amp;y</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/setup.py" line="194" />
        <source>Đang khởi tạo…</source>
        <translation>Setting up…</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../ui/signin.py" line="56" />
        <source>Mở khóa (Enter)</source>
        <translation>Unlock (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="56" />
        <source>Đăng nhập (Enter)</source>
        <translation>Sign in (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="62" />
        <source>&amp;Tên đăng nhập:</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="64" />
        <source>&amp;Mật khẩu:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="85" />
        <source>Màn hình đã khóa</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="86" />
        <source>Cán bộ {0} — nhập mật khẩu để mở lại.</source>
        <translation>Clerk {0} — enter your password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="90" />
        <source>Bộ phận Một cửa — Đăng nhập</source>
        <translation>One-stop desk — sign in</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="109" />
        <source>Nhập tên đăng nhập.</source>
        <translation>Enter your user name.</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="113" />
        <source>Đang kiểm tra…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../ui/signin.py" line="127" />
        <source>Màn hình đang khóa cho cán bộ khác.</source>
        <translation>The screen is locked for another clerk.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="41" />
        <source>Ổ đĩa đã đầy. Giải phóng dung lượng ổ đĩa rồi thử lại.</source>
        <translation>The disk is full. Free some space and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42" />
        <source>Không đọc/ghi được tệp: {0}</source>
        <translation>Cannot read/write the file: {0}</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="44" />
        <source>Dữ liệu tạm thời không dùng được ({0}). Đợi vài giây rồi thử lại.</source>
        <translation>The data is busy ({0}). Wait a few seconds and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="63" />
        <source>Không thực hiện được</source>
        <translation>Could not be done</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="68" />
        <source>Lỗi phần mềm</source>
        <translation>Software error</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="69" />
        <source>(chưa có tệp nhật ký)</source>
        <translation>(no log file yet)</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="71" />
        <source>Phần mềm gặp lỗi không mong muốn. Công việc đã lưu không bị mất.
Gửi nội dung chi tiết và tệp nhật ký cho bộ phận CNTT: {0}</source>
        <translation>The program hit an unexpected error. Saved work is not lost.
Send the details and the log file to IT support: {0}</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../ui/formatting.py" line="13" />
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="14" />
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="15" />
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="16" />
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="17" />
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="18" />
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="19" />
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../ui/formatting.py" line="37" />
        <source>{0} giờ {1:02d}, {2} {3:%d/%m/%Y}</source>
        <translation>{2} {3:%d/%m/%Y}, {0}:{1:02d}</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <location filename="../../ui/labels.py" line="14" />
        <source>Mới đăng ký</source>
        <translation>Newly registered</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="15" />
        <source>Được tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="16" />
        <source>Không được tiếp nhận</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="17" />
        <source>Đang xử lý</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="18" />
        <source>Yêu cầu bổ sung giấy tờ</source>
        <translation>Supplement requested</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="19" />
        <source>Yêu cầu thực hiện nghĩa vụ tài chính</source>
        <translation>Payment requested</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="20" />
        <source>Công dân yêu cầu rút hồ sơ</source>
        <translation>Withdrawn by the citizen</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="21" />
        <source>Dừng xử lý</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="22" />
        <source>Đã xử lý xong</source>
        <translation>Processed</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="23" />
        <source>Đã trả kết quả</source>
        <translation>Result returned</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="24" />
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="25" />
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="26" />
        <source>Qua bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="27" />
        <source>Bản chính</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="28" />
        <source>Bản sao</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="29" />
        <source>Bản sao có chứng thực</source>
        <translation>Certified copy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="30" />
        <source>Bản chụp</source>
        <translation>Photocopy</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="31" />
        <source>Xuất trình</source>
        <translation>Shown</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="32" />
        <source>Tiếp nhận hồ sơ</source>
        <translation>Dossier received</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="33" />
        <source>In / xuất phiếu</source>
        <translation>Printed / exported</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="34" />
        <source>Giấy tiếp nhận</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="35" />
        <source>Phiếu kiểm soát</source>
        <translation>Control sheet</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="36" />
        <source>Phiếu bổ sung</source>
        <translation>Supplement request</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="37" />
        <source>Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Receipt and appointment slip</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="38" />
        <source>Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Request to complete the dossier</translation>
    </message>
    <message>
        <location filename="../../ui/labels.py" line="39" />
        <source>Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Processing control sheet</translation>
    </message>
</context>
</TS>