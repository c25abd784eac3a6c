//! The two short papers: the conference programme (a general paper of the
//! meeting) and the draft conclusions announced at the close (item 5).

use protocol::meeting::Classification;

use super::layout::{Draft, Header};
use super::report::signature;

/// The day's programme: time, what, who.
const PROGRAMME: &[(&str, &str, &str)] = &[
    (
        "7 giờ 00",
        "Đón tiếp đại biểu; đại biểu đăng nhập tại chỗ ngồi bằng thẻ",
        "",
    ),
    (
        "7 giờ 30",
        "Chào cờ; tuyên bố lý do, giới thiệu đại biểu",
        "Chánh Văn phòng Tỉnh ủy",
    ),
    ("7 giờ 40", "Phát biểu khai mạc hội nghị", "Bí thư Tỉnh ủy"),
    (
        "7 giờ 55",
        "Nội dung 1: Báo cáo kinh tế - xã hội năm 2026",
        "Chủ tịch UBND tỉnh",
    ),
    (
        "8 giờ 40",
        "Thảo luận tại hội trường về nội dung 1",
        "Các Tỉnh ủy viên",
    ),
    ("9 giờ 45", "Nghỉ giải lao", ""),
    (
        "10 giờ 00",
        "Nội dung 2: Dự thảo Nghị quyết về nhiệm vụ năm 2027",
        "Phó Bí thư Thường trực",
    ),
    (
        "10 giờ 30",
        "Biểu quyết thông qua Nghị quyết (biểu quyết công khai)",
        "Chủ tọa",
    ),
    ("11 giờ 00", "Nghỉ trưa", ""),
    (
        "13 giờ 30",
        "Nội dung 3: Tờ trình bầu bổ sung Ủy viên Ban Thường vụ",
        "Trưởng Ban Tổ chức",
    ),
    (
        "14 giờ 00",
        "Bầu bổ sung Ủy viên Ban Thường vụ (bỏ phiếu kín)",
        "Chủ tọa",
    ),
    (
        "14 giờ 40",
        "Nội dung 4: Chương trình kiểm tra, giám sát năm 2027",
        "Chủ nhiệm UBKT",
    ),
    (
        "15 giờ 30",
        "Công bố kết quả bầu cử; thông qua kết luận hội nghị",
        "Chủ tọa",
    ),
    (
        "16 giờ 00",
        "Nội dung 5: Phát biểu bế mạc hội nghị",
        "Bí thư Tỉnh ủy",
    ),
];

pub(crate) fn programme() -> Draft {
    let mut d = Draft::new("Chương trình hội nghị", Classification::Normal);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "TỈNH ỦY"],
        number: "",
        date: "ngày 01 tháng 12 năm 2026",
        draft: false,
        kind: "CHƯƠNG TRÌNH",
        subject: &["Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12 (mở rộng)"],
    });
    d.item("- Thời gian: một ngày, thứ Ba, ngày 08 tháng 12 năm 2026; khai mạc lúc 7 giờ 30.");
    d.item("- Địa điểm: Phòng họp số 1, trụ sở Tỉnh ủy Phú Lâm.");
    d.item(
        "- Thành phần: các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh; đại biểu mời theo danh \
         sách của Văn phòng Tỉnh ủy.",
    );
    d.blank();
    for (time, what, who) in PROGRAMME {
        if who.is_empty() {
            d.item(format!("{time}: {what}."));
        } else {
            d.item(format!("{time}: {what} ({who})."));
        }
    }
    d.blank();
    d.heading("Ghi chú");
    d.para(
        "Tài liệu hội nghị được cung cấp trên máy tính bảng tại chỗ ngồi của đại biểu, không phát \
         tài liệu giấy. Tài liệu có độ mật chỉ hiển thị trên mạng nội bộ, được mã hóa trên thiết \
         bị và tự xóa khi kết thúc hội nghị; đại biểu không chụp, sao chép tài liệu dưới mọi hình \
         thức.",
    );
    signature(
        &mut d,
        &[
            "- Các đồng chí Tỉnh ủy viên,",
            "- Đại biểu mời,",
            "- Lưu VPTU.",
        ],
        "T/L BAN THƯỜNG VỤ",
        "CHÁNH VĂN PHÒNG",
        "Ngô Thanh Sơn",
    );
    d
}

pub(crate) fn conclusions() -> Draft {
    let mut d = Draft::new("Dự thảo Thông báo kết luận", Classification::Normal);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "TỈNH ỦY"],
        number: "     -TB/TU",
        date: "ngày 08 tháng 12 năm 2026",
        draft: true,
        kind: "THÔNG BÁO",
        subject: &[
            "kết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh",
            "lần thứ 12 (mở rộng)",
        ],
    });
    d.para(
        "Ngày 08/12/2026, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị lần thứ 12 (mở rộng) dưới sự \
         chủ trì của đồng chí Nguyễn Văn Thắng, Bí thư Tỉnh ủy. Sau khi nghe các báo cáo, tờ trình \
         và ý kiến thảo luận của các đại biểu, Ban Chấp hành Đảng bộ tỉnh kết luận như sau:",
    );
    for (heading, text) in [
        (
            "1. Về tình hình kinh tế - xã hội năm 2026 và nhiệm vụ năm 2027",
            "Hội nghị thống nhất cao với đánh giá tại báo cáo; yêu cầu các cấp, các ngành không chủ \
             quan, thỏa mãn với kết quả đạt được, tập trung khắc phục ngay những hạn chế đã được chỉ \
             ra, nhất là công tác giải phóng mặt bằng và chuyển đổi số ở cấp xã.",
        ),
        (
            "2. Về Nghị quyết của Ban Chấp hành Đảng bộ tỉnh",
            "Hội nghị đã biểu quyết thông qua Nghị quyết về phương hướng, nhiệm vụ năm 2027 với tỷ \
             lệ tán thành cao. Giao Văn phòng Tỉnh ủy hoàn chỉnh văn bản, trình đồng chí Bí thư Tỉnh \
             ủy ký ban hành trước ngày 15/12/2026.",
        ),
        (
            "3. Về công tác cán bộ",
            "Hội nghị đã bầu bổ sung 02 đồng chí Ủy viên Ban Thường vụ Tỉnh ủy nhiệm kỳ 2025 - 2030 \
             bằng hình thức bỏ phiếu kín; giao Ban Tổ chức Tỉnh ủy hoàn tất hồ sơ, báo cáo Bộ Chính \
             trị, Ban Bí thư chuẩn y theo quy định.",
        ),
        (
            "4. Về Chương trình kiểm tra, giám sát năm 2027",
            "Hội nghị thống nhất thông qua Chương trình; giao Ủy ban Kiểm tra Tỉnh ủy tiếp thu ý \
             kiến thảo luận, hoàn chỉnh và tổ chức thực hiện ngay từ quý I/2027.",
        ),
    ] {
        d.heading(heading);
        d.para(text);
    }
    d.para(
        "Ban Thường vụ Tỉnh ủy thông báo để các cấp ủy, tổ chức đảng và các đồng chí Tỉnh ủy viên \
         biết, thực hiện.",
    );
    signature(
        &mut d,
        &[
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các đảng ủy trực thuộc Tỉnh ủy,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ],
        "T/M BAN THƯỜNG VỤ",
        "PHÓ BÍ THƯ THƯỜNG TRỰC",
        "Lê Quang Huy",
    );
    d
}
