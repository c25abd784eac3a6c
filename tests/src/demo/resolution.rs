//! The draft resolution on the 2027 tasks (item 2), classified "Mật": the
//! paper the open motion adopts.

use protocol::meeting::Classification;

use super::layout::{Draft, Header};
use super::report::{key_figures, signature};
use super::sectors::{SECTORS, capitalize, value};

/// Who leads and who supports each field's tasks, for the resolution's
/// table of assignments (phân công).
const LEADS: [(&str, &str); 15] = [
    ("Ủy ban nhân dân tỉnh", "Sở Tài chính, các xã, phường"),
    ("Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã"),
    (
        "Sở Công Thương",
        "Sở Xây dựng, Ban Quản lý các khu công nghiệp",
    ),
    ("Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở Tài chính", "Thuế tỉnh, Kho bạc Nhà nước khu vực"),
    (
        "Sở Tài chính",
        "các chủ đầu tư, Ủy ban nhân dân các xã, phường",
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "Công an tỉnh, Ủy ban nhân dân các xã, phường",
    ),
    ("Sở Giáo dục và Đào tạo", "Sở Nội vụ, Sở Tài chính"),
    ("Sở Y tế", "Bảo hiểm xã hội tỉnh, Sở Nội vụ"),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    ),
    ("Sở Nội vụ", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"),
    (
        "Sở Khoa học và Công nghệ",
        "Văn phòng Tỉnh ủy, Công an tỉnh",
    ),
    (
        "Sở Nội vụ",
        "Ban Tổ chức Tỉnh ủy, Văn phòng Ủy ban nhân dân tỉnh",
    ),
    (
        "Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh",
        "Sở Ngoại vụ, các xã, phường",
    ),
    (
        "Ban Tổ chức Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy, các đảng bộ trực thuộc",
    ),
];

pub(crate) fn resolution() -> Draft {
    let mut d = Draft::new("Dự thảo Nghị quyết năm 2027", Classification::Confidential);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "BAN CHẤP HÀNH"],
        number: "     -NQ/TU",
        date: "ngày    tháng 12 năm 2026",
        draft: true,
        kind: "NGHỊ QUYẾT",
        subject: &[
            "HỘI NGHỊ LẦN THỨ 12 BAN CHẤP HÀNH ĐẢNG BỘ TỈNH",
            "về phương hướng, nhiệm vụ phát triển kinh tế - xã hội,",
            "bảo đảm quốc phòng, an ninh năm 2027",
        ],
    });
    for basis in [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "- Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa I, nhiệm kỳ 2025 - 2030;",
        "- Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030;",
        "- Trên cơ sở Báo cáo số 215-BC/ĐU ngày 24/11/2026 của Đảng ủy Ủy ban nhân dân tỉnh và ý \
         kiến thảo luận của các đồng chí Ủy viên Ban Chấp hành Đảng bộ tỉnh,",
    ] {
        d.item(basis);
    }
    d.blank()
        .center("BAN CHẤP HÀNH ĐẢNG BỘ TỈNH QUYẾT NGHỊ:")
        .blank();
    d.heading("Điều 1. Đánh giá tình hình năm 2026");
    d.para(
        "Ban Chấp hành Đảng bộ tỉnh thống nhất với đánh giá tại Báo cáo số 215-BC/ĐU: năm 2026, \
         trong bối cảnh có nhiều khó khăn, thách thức, toàn Đảng bộ, chính quyền và nhân dân trong \
         tỉnh đã đoàn kết, nỗ lực vượt bậc, đạt và vượt 21/24 chỉ tiêu chủ yếu. Tốc độ tăng trưởng \
         tổng sản phẩm trên địa bàn ước đạt 8,2%; thu ngân sách nhà nước trên địa bàn đạt 18.425 tỷ \
         đồng, vượt dự toán; quốc phòng, an ninh được giữ vững.",
    );
    d.para(
        "Bên cạnh kết quả đạt được, còn 3 chỉ tiêu chưa đạt kế hoạch; công tác bồi thường, giải \
         phóng mặt bằng ở một số dự án còn chậm; chất lượng nguồn nhân lực chưa đáp ứng yêu cầu \
         phát triển; chuyển đổi số ở cấp xã còn nhiều lúng túng.",
    );
    d.heading("Điều 2. Mục tiêu tổng quát năm 2027");
    d.para(
        "Tạo đột phá trong phát triển kinh tế dựa trên khoa học, công nghệ, đổi mới sáng tạo và \
         chuyển đổi số; huy động, sử dụng hiệu quả mọi nguồn lực cho đầu tư phát triển; nâng cao \
         đời sống vật chất, tinh thần của nhân dân; giữ vững quốc phòng, an ninh; xây dựng Đảng bộ \
         và hệ thống chính trị trong sạch, vững mạnh toàn diện.",
    );
    d.heading("Điều 3. Các chỉ tiêu chủ yếu năm 2027");
    for (n, fig) in key_figures().enumerate() {
        d.item(format!(
            "{}. {}: {}.",
            n + 1,
            capitalize(fig.what),
            value(fig, fig.next)
        ));
    }
    d.heading("Điều 4. Nhiệm vụ, giải pháp trọng tâm");
    for (i, sector) in SECTORS.iter().enumerate() {
        d.heading(format!("{}. {}", i + 1, sector.heading));
        for task in sector.tasks {
            d.item(format!("- {task}"));
        }
    }
    d.heading("Điều 5. Tổ chức thực hiện");
    for (n, text) in [
        "Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh cụ thể hóa Nghị quyết thành \
         kế hoạch hành động, giao chỉ tiêu cho từng sở, ngành, địa phương trước ngày 15/01/2027.",
        "Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo Hội đồng nhân dân tỉnh ban hành các nghị quyết \
         về kinh tế - xã hội, dự toán ngân sách và kế hoạch đầu tư công năm 2027; tăng cường giám \
         sát việc thực hiện.",
        "Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh lãnh đạo Mặt trận và các đoàn thể chính \
         trị - xã hội vận động đoàn viên, hội viên và nhân dân tích cực tham gia thực hiện Nghị \
         quyết; phát huy vai trò giám sát, phản biện xã hội.",
        "Các ban xây dựng Đảng, Văn phòng Tỉnh ủy theo chức năng, nhiệm vụ theo dõi, đôn đốc, \
         kiểm tra việc thực hiện; Ủy ban Kiểm tra Tỉnh ủy đưa nội dung thực hiện Nghị quyết vào \
         chương trình kiểm tra, giám sát năm 2027.",
        "Các đảng ủy trực thuộc Tỉnh ủy tổ chức quán triệt Nghị quyết đến chi bộ và đảng viên, \
         xây dựng chương trình hành động phù hợp với tình hình của địa phương, đơn vị.",
    ]
    .iter()
    .enumerate()
    {
        d.item(format!("{}. {text}", n + 1));
    }
    d.para("Nghị quyết này được phổ biến đến chi bộ.");
    signature(
        &mut d,
        &[
            "- Ban Bí thư Trung ương Đảng (b/c),",
            "- Các ban đảng Trung ương (b/c),",
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các đảng ủy trực thuộc Tỉnh ủy,",
            "- Lưu Văn phòng Tỉnh ủy.",
        ],
        "T/M BAN CHẤP HÀNH",
        "BÍ THƯ",
        "Nguyễn Văn Thắng",
    );
    d.page_break();
    d.heading("PHỤ LỤC: PHÂN CÔNG CHỦ TRÌ, PHỐI HỢP THỰC HIỆN NHIỆM VỤ");
    d.center("(Kèm theo Nghị quyết của Ban Chấp hành Đảng bộ tỉnh)");
    d.blank();
    for (i, (sector, (lead, support))) in SECTORS.iter().zip(LEADS).enumerate() {
        d.heading(format!("{}. Về {}", i + 1, sector.subject));
        for (j, task) in sector.tasks.iter().enumerate() {
            let short = task.split(';').next().unwrap_or(task);
            d.item(format!("{}.{}. {short}.", i + 1, j + 1));
        }
        d.item(format!("- Chủ trì: {lead}. Phối hợp: {support}."));
        d.item(format!(
            "- Thời hạn báo cáo kết quả về {}: trước ngày {} hằng quý.",
            sector.subject,
            5 + i
        ));
    }
    d
}
