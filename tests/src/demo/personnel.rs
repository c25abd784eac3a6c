//! Item 3, personnel (công tác cán bộ): the Standing Committee's submission
//! on the by-election with the candidates' particulars ("Tối mật"), and the
//! guide to voting on the room's system.

use protocol::meeting::Classification;

use super::layout::{Draft, Header};
use super::report::signature;
use super::roster::{BIOS, CANDIDATES, ROSTER};

/// Members of the Party Committee who are present and may vote, as the
/// submission counts them (the 22 members of the roster).
const MEMBERS: usize = 22;

pub(crate) fn submission() -> Draft {
    let mut d = Draft::new("Tờ trình nhân sự", Classification::Secret);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "BAN THƯỜNG VỤ TỈNH ỦY"],
        number: "118-TTr/TU",
        date: "ngày 30 tháng 11 năm 2026",
        draft: false,
        kind: "TỜ TRÌNH",
        subject: &[
            "về việc bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy",
            "nhiệm kỳ 2025 - 2030",
        ],
    });
    d.center("Kính gửi: Ban Chấp hành Đảng bộ tỉnh.").blank();
    d.para(
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam, Quy chế bầu cử trong Đảng và các quy định của \
         Trung ương về công tác cán bộ; căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh \
         khóa I, nhiệm kỳ 2025 - 2030, Ban Thường vụ Tỉnh ủy kính trình Ban Chấp hành Đảng bộ tỉnh \
         về việc bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy như sau:",
    );
    d.heading("I. TÌNH HÌNH ĐỘI NGŨ ỦY VIÊN BAN THƯỜNG VỤ TỈNH ỦY");
    d.para(
        "Ban Thường vụ Tỉnh ủy nhiệm kỳ 2025 - 2030 được bầu 15 đồng chí. Trong năm 2026, 01 đồng \
         chí được Bộ Chính trị điều động, phân công công tác tại cơ quan Trung ương và 01 đồng chí \
         nghỉ hưu theo chế độ; hiện Ban Thường vụ Tỉnh ủy còn 13 đồng chí.",
    );
    d.para(
        "Để bảo đảm số lượng, cơ cấu và sự lãnh đạo toàn diện, liên tục của Ban Thường vụ Tỉnh ủy \
         đến cuối nhiệm kỳ, Ban Thường vụ Tỉnh ủy thấy cần thiết bầu bổ sung 02 Ủy viên Ban Thường \
         vụ Tỉnh ủy, phù hợp với đề án nhân sự đã được cấp có thẩm quyền cho chủ trương.",
    );
    d.heading("II. QUY TRÌNH GIỚI THIỆU NHÂN SỰ");
    for step in [
        "Bước 1. Ngày 05/11/2026, Ban Thường vụ Tỉnh ủy thảo luận, thống nhất về cơ cấu, tiêu \
         chuẩn, số lượng và quy trình giới thiệu nhân sự.",
        "Bước 2. Ngày 12/11/2026, hội nghị cán bộ chủ chốt của tỉnh giới thiệu nhân sự bằng phiếu \
         kín; tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy.",
        "Bước 3. Ngày 19/11/2026, Ban Thường vụ Tỉnh ủy thảo luận, giới thiệu nhân sự bằng phiếu \
         kín trên cơ sở kết quả giới thiệu ở bước 2.",
        "Bước 4. Ngày 26/11/2026, Ban Tổ chức Tỉnh ủy xác minh, kết luận tiêu chuẩn chính trị và \
         hoàn thiện hồ sơ nhân sự theo quy định.",
        "Bước 5. Ban Thường vụ Tỉnh ủy trình Ban Chấp hành Đảng bộ tỉnh xem xét, bầu bổ sung tại \
         Hội nghị lần thứ 12.",
    ] {
        d.item(format!("- {step}"));
    }
    d.heading("III. DANH SÁCH NHÂN SỰ ĐƯỢC GIỚI THIỆU");
    d.para(format!(
        "Trên cơ sở kết quả giới thiệu, Ban Thường vụ Tỉnh ủy giới thiệu {} đồng chí để Ban Chấp \
         hành Đảng bộ tỉnh bầu bổ sung 02 Ủy viên Ban Thường vụ Tỉnh ủy (xếp theo thứ tự a, b, c \
         trong bảng chữ cái), cụ thể:",
        CANDIDATES.len()
    ));
    for (n, (&delegate, bio)) in CANDIDATES.iter().zip(&BIOS).enumerate() {
        let person = &ROSTER[delegate - 1];
        d.heading(format!("{}. Đồng chí {}", n + 1, person.name));
        d.item(format!("- Chức vụ hiện nay: {}.", person.office));
        d.item(format!(
            "- Ngày sinh: {}; quê quán: {}.",
            bio.born, bio.home
        ));
        d.item(format!("- Trình độ: {}.", bio.degree));
        d.item(format!("- Ngày vào Đảng: {}.", bio.joined));
        d.item(format!(
            "- Kết quả giới thiệu tại Ban Thường vụ Tỉnh ủy: {}/13 phiếu ({} phiếu không giới \
             thiệu).",
            bio.standing,
            13 - bio.standing
        ));
        d.item(format!(
            "- Kết quả giới thiệu tại hội nghị cán bộ chủ chốt: {}/{} phiếu.",
            bio.officials, 134
        ));
        d.para(format!("Nhận xét, đánh giá: {}", bio.review));
    }
    d.heading("IV. ĐỀ NGHỊ");
    d.para(format!(
        "Ban Thường vụ Tỉnh ủy kính trình Ban Chấp hành Đảng bộ tỉnh xem xét, bầu bổ sung 02 Ủy \
         viên Ban Thường vụ Tỉnh ủy nhiệm kỳ 2025 - 2030 từ danh sách trên. Hình thức bầu: bỏ phiếu \
         kín trên hệ thống phòng họp không giấy; mỗi đại biểu giữ lại tối đa 02 tên. Người trúng \
         cử phải được quá một nửa số phiếu bầu hợp lệ; số Ủy viên Ban Chấp hành hiện có mặt để \
         tính kết quả là {MEMBERS} đồng chí."
    ));
    d.para("Kính trình Ban Chấp hành Đảng bộ tỉnh xem xét, quyết định.");
    signature(
        &mut d,
        &[
            "- Như kính gửi,",
            "- Lưu Văn phòng Tỉnh ủy (hồ sơ nhân sự).",
        ],
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Nguyễn Văn Thắng",
    );
    d
}

/// How delegates vote and elect on the seat kiosks, by section.
const GUIDE: &[(&str, &[&str])] = &[
    (
        "I. NGUYÊN TẮC CHUNG",
        &[
            "Việc biểu quyết và bầu cử tại hội nghị được thực hiện trên hệ thống phòng họp không \
             giấy của Tỉnh ủy, bảo đảm nguyên tắc tập trung dân chủ, công khai với biểu quyết và bí \
             mật tuyệt đối với bầu cử bằng phiếu kín.",
            "Chỉ Ủy viên Ban Chấp hành Đảng bộ tỉnh có mặt tại hội nghị mới được biểu quyết, bầu \
             cử; đại biểu mời được đọc tài liệu, góp ý kiến nhưng không biểu quyết.",
        ],
    ),
    (
        "II. ĐĂNG NHẬP TẠI CHỖ NGỒI",
        &[
            "Mỗi đại biểu ngồi đúng vị trí theo sơ đồ chỗ ngồi của Ban Tổ chức hội nghị. Đại biểu \
             chạm thẻ đại biểu vào đầu đọc thẻ của máy tính bảng để đăng nhập; trường hợp quên \
             thẻ, đại biểu đăng nhập bằng mã PIN do Văn phòng Tỉnh ủy cấp.",
            "Sau khi đăng nhập, màn hình hiển thị họ tên, đơn vị của đại biểu và chương trình hội \
             nghị; việc đăng nhập đồng thời là điểm danh đại biểu có mặt.",
        ],
    ),
    (
        "III. BIỂU QUYẾT THÔNG QUA NGHỊ QUYẾT",
        &[
            "Khi chủ tọa tuyên bố bắt đầu biểu quyết, màn hình hiển thị nội dung cần biểu quyết và \
             ba lựa chọn: Tán thành, Không tán thành, Không biểu quyết. Đại biểu chọn một lựa chọn \
             và xác nhận; hệ thống báo đã ghi nhận phiếu.",
            "Nghị quyết được thông qua khi có quá một nửa tổng số Ủy viên Ban Chấp hành Đảng bộ \
             tỉnh tán thành. Việc biểu quyết chỉ được tiến hành khi có ít nhất hai phần ba tổng số \
             Ủy viên có mặt.",
        ],
    ),
    (
        "IV. BẦU CỬ BẰNG PHIẾU KÍN",
        &[
            "Phiếu bầu điện tử ghi đầy đủ họ tên các đồng chí trong danh sách bầu cử. Đại biểu \
             giữ lại tên người mình bầu và gạch tên người mình không bầu; mỗi phiếu giữ lại tối đa \
             02 tên, phiếu giữ lại nhiều hơn số lượng cần bầu không được hệ thống chấp nhận.",
            "Lựa chọn của đại biểu được mã hóa ngay trên máy tính bảng trước khi gửi đi; hệ thống \
             chỉ lưu việc đại biểu đã bỏ phiếu, không lưu đại biểu đã bầu cho ai. Phiếu đã gửi \
             không thể sửa đổi.",
        ],
    ),
    (
        "V. XÁC ĐỊNH KẾT QUẢ",
        &[
            "Kết thúc thời gian bỏ phiếu, chủ tọa tuyên bố đóng phiếu; hệ thống kiểm phiếu tự động \
             và hiển thị kết quả trên màn hình của từng đại biểu và màn hình chung của hội trường.",
            "Người trúng cử phải được quá một nửa số phiếu bầu hợp lệ. Trường hợp số người được \
             quá một nửa số phiếu nhiều hơn số lượng cần bầu thì lấy người có số phiếu cao hơn; \
             nếu có nhiều người bằng phiếu nhau, Ban Chấp hành biểu quyết việc bầu tiếp.",
            "Biên bản kiểm phiếu được lập từ kết quả của hệ thống, có chữ ký số của thư ký hội nghị, \
             lưu trữ theo quy định về bảo vệ bí mật nhà nước.",
        ],
    ),
];

pub(crate) fn voting_guide() -> Draft {
    let mut d = Draft::new("Hướng dẫn biểu quyết, bầu cử", Classification::Normal);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "VĂN PHÒNG TỈNH ỦY"],
        number: "52-HD/VPTU",
        date: "ngày 01 tháng 12 năm 2026",
        draft: false,
        kind: "HƯỚNG DẪN",
        subject: &[
            "biểu quyết, bầu cử trên hệ thống phòng họp không giấy",
            "tại Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12",
        ],
    });
    for (heading, paras) in GUIDE {
        d.heading(*heading);
        for (n, text) in paras.iter().enumerate() {
            d.item(format!("{}. {text}", n + 1));
        }
    }
    d.heading("VI. HỖ TRỢ KỸ THUẬT");
    d.para(
        "Trong suốt hội nghị, tổ kỹ thuật của Văn phòng Tỉnh ủy trực tại phòng điều khiển. Máy \
         tính bảng gặp sự cố được thay thế ngay; phiếu đã ghi nhận không bị mất khi thay máy hoặc \
         khi mạng tạm thời gián đoạn.",
    );
    signature(
        &mut d,
        &[
            "- Các đồng chí Tỉnh ủy viên,",
            "- Đại biểu mời,",
            "- Lưu VPTU.",
        ],
        "K/T CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Thanh Tâm",
    );
    d
}
