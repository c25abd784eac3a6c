//! Item 4: the draft programme of inspection and supervision (chương trình
//! kiểm tra, giám sát) of the Party Committee for 2027.

use protocol::meeting::Classification;

use super::layout::{Draft, Header};
use super::report::signature;
use super::roster::communes;

/// What an inspection looks into.
const INSPECT: [&str; 8] = [
    "việc lãnh đạo thực hiện nhiệm vụ kinh tế - xã hội",
    "việc quản lý, sử dụng đất đai, tài nguyên khoáng sản",
    "việc thực hiện nguyên tắc tập trung dân chủ",
    "công tác quản lý tài chính, ngân sách, đầu tư công",
    "việc kê khai, công khai tài sản, thu nhập",
    "công tác phòng, chống tham nhũng, lãng phí, tiêu cực",
    "việc sinh hoạt chi bộ và phát triển đảng viên",
    "công tác cải cách hành chính và chuyển đổi số",
];

/// What a supervision looks into.
const SUPERVISE: [&str; 6] = [
    "thực hiện Nghị quyết Hội nghị lần thứ 12",
    "giải quyết đơn thư khiếu nại, tố cáo",
    "thực hiện quy định những điều đảng viên không được làm",
    "bố trí cán bộ sau sắp xếp đơn vị hành chính",
    "quản lý, sử dụng trụ sở, tài sản công dôi dư",
    "tiếp công dân của người đứng đầu cấp ủy",
];

/// Who leads an inspection or a supervision.
const LEADS: [&str; 4] = [
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
];

const QUARTERS: [&str; 4] = ["I", "II", "III", "IV"];

/// Party committees of the province's bodies, inspected by the Standing Committee.
const BODIES: [&str; 10] = [
    "Đảng ủy Ủy ban nhân dân tỉnh",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Đảng ủy Hội đồng nhân dân tỉnh",
    "Đảng ủy Mặt trận Tổ quốc và các đoàn thể tỉnh",
    "Đảng ủy Công an tỉnh",
    "Đảng ủy Quân sự tỉnh",
    "Đảng bộ Sở Tài chính",
    "Đảng bộ Sở Xây dựng",
    "Đảng bộ Sở Nông nghiệp và Môi trường",
    "Đảng bộ Sở Y tế",
];

pub(crate) fn programme() -> Draft {
    let mut d = Draft::new(
        "Dự thảo Chương trình kiểm tra, giám sát",
        Classification::Normal,
    );
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "BAN CHẤP HÀNH"],
        number: "     -CTr/TU",
        date: "ngày    tháng 12 năm 2026",
        draft: true,
        kind: "CHƯƠNG TRÌNH",
        subject: &[
            "kiểm tra, giám sát năm 2027",
            "của Ban Chấp hành Đảng bộ tỉnh",
        ],
    });
    d.heading("I. MỤC ĐÍCH, YÊU CẦU");
    for text in [
        "1. Kiểm tra, giám sát nhằm nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng và \
         đảng viên; kịp thời phát hiện, chấn chỉnh, khắc phục hạn chế, thiếu sót, ngăn ngừa vi \
         phạm từ sớm, từ xa.",
        "2. Nội dung kiểm tra, giám sát có trọng tâm, trọng điểm, tập trung vào lĩnh vực nhạy \
         cảm, dễ phát sinh tiêu cực và việc thực hiện nghị quyết của Ban Chấp hành Đảng bộ tỉnh.",
        "3. Việc kiểm tra, giám sát bảo đảm đúng nguyên tắc, quy trình, phương pháp; không chồng \
         chéo, trùng lặp về nội dung, đối tượng và thời gian với các đoàn của Trung ương.",
    ] {
        d.item(text);
    }
    d.heading("II. KIỂM TRA");
    d.heading("1. Ban Thường vụ Tỉnh ủy kiểm tra các đảng ủy trực thuộc cấp tỉnh");
    for (n, body) in BODIES.iter().enumerate() {
        d.item(format!(
            "1.{}. Kiểm tra {} (quý {}/2027; chủ trì: {}) tại {body}.",
            n + 1,
            INSPECT[(n * 3) % INSPECT.len()],
            QUARTERS[n % 4],
            LEADS[n % LEADS.len()]
        ));
    }
    let communes = communes();
    d.heading("2. Ban Thường vụ Tỉnh ủy kiểm tra đảng ủy các xã, phường");
    for (n, c) in communes.iter().filter(|c| c.number % 2 == 1).enumerate() {
        d.item(format!(
            "2.{}. Kiểm tra {} (quý {}/2027; chủ trì: {}) tại Đảng ủy {}.",
            n + 1,
            INSPECT[(c.number / 2) % INSPECT.len()],
            QUARTERS[(c.number / 3) % 4],
            LEADS[c.number % LEADS.len()],
            c.name
        ));
    }
    d.heading("III. GIÁM SÁT CHUYÊN ĐỀ");
    for (n, c) in communes.iter().filter(|c| c.number % 2 == 0).enumerate() {
        d.item(format!(
            "{}. Giám sát việc {} (tháng {}/2027) tại Đảng ủy {}.",
            n + 1,
            SUPERVISE[(c.number / 2) % SUPERVISE.len()],
            (c.number * 5) % 11 + 2,
            c.name
        ));
    }
    d.heading("IV. TỔ CHỨC THỰC HIỆN");
    for text in [
        "1. Ủy ban Kiểm tra Tỉnh ủy chủ trì, phối hợp với các ban xây dựng Đảng, Văn phòng Tỉnh ủy \
         tham mưu Ban Thường vụ Tỉnh ủy thành lập các đoàn kiểm tra, giám sát; xây dựng kế hoạch, \
         đề cương chi tiết cho từng cuộc.",
        "2. Các đảng ủy trực thuộc Tỉnh ủy căn cứ Chương trình này xây dựng chương trình kiểm tra, \
         giám sát của cấp mình, bảo đảm không trùng lặp về đối tượng và thời gian.",
        "3. Định kỳ 6 tháng và cuối năm, Ủy ban Kiểm tra Tỉnh ủy tổng hợp, báo cáo Ban Thường vụ \
         Tỉnh ủy kết quả thực hiện Chương trình; đề xuất điều chỉnh khi cần thiết.",
    ] {
        d.item(text);
    }
    signature(
        &mut d,
        &[
            "- Ủy ban Kiểm tra Trung ương (b/c),",
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các đảng ủy trực thuộc Tỉnh ủy,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ],
        "T/M BAN CHẤP HÀNH",
        "BÍ THƯ",
        "Nguyễn Văn Thắng",
    );
    d
}
