//! The socio-economic report (báo cáo kinh tế - xã hội) of item 1, and the
//! signature block every paper ends with.

use protocol::meeting::Classification;

use super::layout::{Draft, Header, beside, between};
use super::sectors::{Fig, SECTORS, Sector, capitalize, change, value};

/// Opening sentences of the fields' sections, one each, in field order.
const OPENINGS: [&str; 15] = [
    "Năm 2026, {} tiếp tục được các cấp ủy, chính quyền quan tâm lãnh đạo, chỉ đạo và đạt nhiều \
     kết quả tích cực, cơ bản hoàn thành các chỉ tiêu đề ra.",
    "Công tác chỉ đạo, điều hành {} được triển khai đồng bộ, quyết liệt, bám sát các nghị quyết, \
     kết luận của Tỉnh ủy và kế hoạch của Ủy ban nhân dân tỉnh.",
    "Trong bối cảnh còn nhiều khó khăn, {} vẫn duy trì đà phát triển ổn định; nhiều chỉ tiêu đạt \
     và vượt kế hoạch năm.",
    "Các ngành, các cấp đã tập trung tháo gỡ vướng mắc, tạo chuyển biến rõ nét trong {}; kết quả \
     cụ thể như sau.",
    "Lĩnh vực {} có nhiều chuyển biến tích cực, đóng góp quan trọng vào kết quả chung của tỉnh.",
    "Với sự vào cuộc quyết liệt của cả hệ thống chính trị, {} đạt kết quả khá toàn diện.",
    "Ủy ban nhân dân tỉnh đã ban hành kế hoạch riêng về {} ngay từ đầu năm, giao nhiệm vụ cụ thể \
     cho từng sở, ngành và địa phương.",
    "Tỉnh tiếp tục quan tâm đầu tư nguồn lực cho {}, xác định đây là nhiệm vụ then chốt, lâu dài.",
    "Về {}, các chỉ tiêu Nghị quyết giao cơ bản đạt và vượt; chất lượng dịch vụ cho người dân \
     từng bước được nâng lên.",
    "Các hoạt động thuộc {} diễn ra sôi nổi, rộng khắp, đáp ứng ngày càng tốt hơn nhu cầu của \
     nhân dân.",
    "Đối với {}, tỉnh đã huy động tổng hợp các nguồn lực, không để ai bị bỏ lại phía sau.",
    "Nhận thức của cán bộ, đảng viên và nhân dân về {} có chuyển biến rõ rệt; nhiều mô hình mới \
     được triển khai.",
    "Đối với {}, tỉnh bảo đảm sự ổn định, thông suốt sau sắp xếp, không để gián đoạn công việc.",
    "Tình hình liên quan đến {} cơ bản ổn định; lực lượng vũ trang tỉnh hoàn thành tốt các nhiệm \
     vụ được giao.",
    "Ban Chấp hành, Ban Thường vụ Tỉnh ủy tiếp tục lãnh đạo toàn diện {}, trọng tâm là chỉnh đốn \
     Đảng và nâng cao chất lượng đội ngũ cán bộ.",
];

/// One sentence on figure `n` of `sector`, its form varied by `g`, the
/// figure's place in the whole report.
fn figure_sentence(sector: &Sector, n: usize, g: usize) -> String {
    let fig = &sector.figs[n];
    let now = value(fig, fig.now);
    let moved = change(fig, fig.prev, fig.now);
    let what = fig.what;
    let what_cap = capitalize(what);
    match g % 6 {
        0 => format!("{what_cap} ước đạt {now}, {moved} so với năm 2025."),
        1 => {
            let plan = if between(g as u64, fig.now.unsigned_abs(), 0, 2) == 0 {
                "đạt"
            } else {
                "vượt"
            };
            format!("So với cùng kỳ, {what} {moved}, {plan} kế hoạch năm với {now}.")
        }
        2 => format!("Cả năm, {what} đạt {now} ({moved} so với năm trước)."),
        3 => format!("{what_cap} năm 2026 đạt {now}; so với năm 2025 {moved}."),
        4 => format!("Đến cuối năm, {what} đạt {now}, {moved} so với cùng kỳ năm trước."),
        _ => format!("Ước thực hiện cả năm, {what} là {now} ({moved})."),
    }
}

/// The report: 2026 field by field, an assessment, and the 2027 plan.
pub(crate) fn report() -> Draft {
    let mut d = Draft::new("Báo cáo kinh tế - xã hội năm 2026", Classification::Normal);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"],
        number: "215-BC/ĐU",
        date: "ngày 24 tháng 11 năm 2026",
        draft: false,
        kind: "BÁO CÁO",
        subject: &[
            "tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội,",
            "bảo đảm quốc phòng, an ninh năm 2026;",
            "phương hướng, nhiệm vụ năm 2027",
        ],
    });
    d.center("(Trình Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12)")
        .blank();
    d.para(
        "Thực hiện Chương trình làm việc toàn khóa của Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025 - \
         2030, Đảng ủy Ủy ban nhân dân tỉnh báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế \
         - xã hội, bảo đảm quốc phòng, an ninh năm 2026 và phương hướng, nhiệm vụ năm 2027 như sau:",
    );
    d.blank()
        .center("Phần thứ nhất")
        .center("KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2026");
    d.heading("I. BỐI CẢNH TÌNH HÌNH");
    d.para(
        "Năm 2026 là năm đầu thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I và là năm \
         thứ hai vận hành mô hình chính quyền địa phương hai cấp. Tình hình thế giới tiếp tục diễn \
         biến phức tạp, khó lường; cạnh tranh chiến lược giữa các nước lớn, xung đột vũ trang ở một \
         số khu vực và chính sách thuế quan của một số đối tác lớn tác động trực tiếp đến hoạt động \
         xuất khẩu của doanh nghiệp trên địa bàn.",
    );
    d.para(
        "Ở trong nước, kinh tế vĩ mô cơ bản ổn định, lạm phát được kiểm soát; các động lực tăng \
         trưởng truyền thống được làm mới, các động lực mới từ khoa học, công nghệ, đổi mới sáng tạo \
         và chuyển đổi số được thúc đẩy mạnh mẽ. Trong tỉnh, mưa lớn cuối tháng 10 gây ngập úng, sạt \
         lở tại nhiều xã ven sông, ảnh hưởng đến sản xuất và đời sống của nhân dân.",
    );
    d.para(
        "Trong bối cảnh đó, dưới sự lãnh đạo của Ban Chấp hành, Ban Thường vụ Tỉnh ủy, sự giám sát \
         của Hội đồng nhân dân tỉnh, sự điều hành linh hoạt của Ủy ban nhân dân tỉnh, cùng với sự \
         vào cuộc của cả hệ thống chính trị, cộng đồng doanh nghiệp và nhân dân, tình hình kinh tế - \
         xã hội của tỉnh tiếp tục chuyển biến tích cực, đạt được nhiều kết quả quan trọng.",
    );
    d.heading("II. KẾT QUẢ ĐẠT ĐƯỢC TRÊN CÁC LĨNH VỰC");
    let mut figures = 0;
    for (i, sector) in SECTORS.iter().enumerate() {
        d.heading(format!("{}. {}", i + 1, sector.heading));
        d.para(OPENINGS[i].replace("{}", sector.subject));
        for n in 0..sector.figs.len() {
            d.item(format!("- {}", figure_sentence(sector, n, figures)));
            figures += 1;
        }
        for result in sector.results {
            d.para(*result);
        }
    }
    assessment(&mut d);
    plan(&mut d);
    d.heading("V. TỔ CHỨC THỰC HIỆN");
    d.para(
        "Sau khi được Ban Chấp hành Đảng bộ tỉnh thông qua, Đảng ủy Ủy ban nhân dân tỉnh lãnh đạo \
         Ủy ban nhân dân tỉnh xây dựng kế hoạch hành động, giao chỉ tiêu cụ thể cho từng sở, ngành \
         và từng xã, phường ngay từ đầu năm; định kỳ hằng quý báo cáo Ban Thường vụ Tỉnh ủy kết quả \
         thực hiện.",
    );
    d.para(
        "Trên đây là báo cáo tình hình thực hiện nhiệm vụ năm 2026 và phương hướng, nhiệm vụ năm \
         2027, kính trình Hội nghị Ban Chấp hành Đảng bộ tỉnh xem xét, cho ý kiến.",
    );
    signature(
        &mut d,
        &[
            "- Ban Thường vụ Tỉnh ủy,",
            "- Các đồng chí Tỉnh ủy viên,",
            "- Các sở, ban, ngành tỉnh,",
            "- Lưu Văn phòng Đảng ủy.",
        ],
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Phạm Đức Long",
    );
    d
}

fn assessment(d: &mut Draft) {
    d.heading("III. ĐÁNH GIÁ CHUNG");
    d.heading("1. Những kết quả nổi bật");
    d.para(
        "Năm 2026, tỉnh đạt và vượt 21/24 chỉ tiêu chủ yếu theo Nghị quyết của Ban Chấp hành Đảng \
         bộ tỉnh; tăng trưởng kinh tế cao hơn năm trước, thu ngân sách vượt dự toán, giải ngân vốn \
         đầu tư công thuộc nhóm dẫn đầu cả nước. Văn hóa - xã hội có nhiều tiến bộ, an sinh xã hội \
         được bảo đảm; quốc phòng, an ninh được giữ vững; niềm tin của nhân dân đối với Đảng và \
         chính quyền được củng cố.",
    );
    d.heading("2. Hạn chế, yếu kém");
    for (n, limit) in SECTORS.iter().flat_map(|s| s.limits).enumerate() {
        d.item(format!(
            "{}) {limit}",
            char::from(b'a' + u8::try_from(n % 26).unwrap_or(0))
        ));
    }
    d.heading("3. Nguyên nhân");
    d.para(
        "Về khách quan: kinh tế thế giới phục hồi chậm, thị trường xuất khẩu bị thu hẹp; thiên tai \
         diễn biến bất thường; một số quy định của pháp luật về đất đai, đầu tư, xây dựng còn chồng \
         chéo, chậm được hướng dẫn thực hiện.",
    );
    d.para(
        "Về chủ quan: một số cấp ủy, chính quyền chưa thật sự quyết liệt trong lãnh đạo, chỉ đạo; \
         sự phối hợp giữa các sở, ngành và địa phương có lúc chưa chặt chẽ; một bộ phận cán bộ, công \
         chức còn né tránh, sợ trách nhiệm, ngại va chạm.",
    );
    d.heading("4. Bài học kinh nghiệm");
    for lesson in [
        "Một là, bám sát sự lãnh đạo của Trung ương, vận dụng sáng tạo vào điều kiện cụ thể của \
         tỉnh; giữ vững nguyên tắc tập trung dân chủ, phát huy vai trò người đứng đầu.",
        "Hai là, chỉ đạo, điều hành có trọng tâm, trọng điểm, làm việc nào dứt điểm việc đó; đề cao \
         trách nhiệm, kỷ luật, kỷ cương trong thực thi công vụ.",
        "Ba là, lấy người dân và doanh nghiệp làm trung tâm; kịp thời lắng nghe, tháo gỡ khó khăn \
         cho cơ sở, tạo đồng thuận trong xã hội.",
        "Bốn là, đẩy mạnh ứng dụng công nghệ số trong lãnh đạo, chỉ đạo, điều hành, nâng cao hiệu \
         quả thu thập, phân tích dữ liệu phục vụ ra quyết định.",
    ] {
        d.para(lesson);
    }
}

fn plan(d: &mut Draft) {
    d.blank()
        .center("Phần thứ hai")
        .center("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027");
    d.heading("I. DỰ BÁO TÌNH HÌNH");
    d.para(
        "Năm 2027, tình hình thế giới và khu vực dự báo tiếp tục có nhiều biến động; trong nước, \
         các chính sách, pháp luật mới được ban hành tạo thêm dư địa cho phát triển. Tỉnh có thêm \
         năng lực sản xuất mới từ các dự án công nghiệp lớn đi vào hoạt động, hạ tầng giao thông kết \
         nối vùng cơ bản hoàn thành; bên cạnh đó, biến đổi khí hậu và thiên tai tiếp tục là thách \
         thức lớn.",
    );
    d.heading("II. MỤC TIÊU TỔNG QUÁT");
    d.para(
        "Tiếp tục thực hiện đồng bộ, hiệu quả ba đột phá chiến lược; tập trung phát triển kinh tế \
         nhanh, bền vững dựa trên nền tảng khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số; \
         nâng cao đời sống vật chất, tinh thần của nhân dân; bảo đảm quốc phòng, an ninh; xây dựng \
         Đảng bộ và hệ thống chính trị trong sạch, vững mạnh toàn diện.",
    );
    d.heading("III. CÁC CHỈ TIÊU CHỦ YẾU");
    for (n, fig) in key_figures().enumerate() {
        d.item(format!(
            "{}. {} đạt {}.",
            n + 1,
            capitalize(fig.what),
            value(fig, fig.next)
        ));
    }
    d.heading("IV. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU");
    for (i, sector) in SECTORS.iter().enumerate() {
        d.heading(format!("{}. Về {}", i + 1, sector.subject));
        for task in sector.tasks {
            d.item(format!("- {task}"));
        }
    }
}

/// The figures that are targets of the 2027 resolution: the first two of each field.
pub(crate) fn key_figures() -> impl Iterator<Item = &'static Fig> {
    SECTORS.iter().flat_map(|s| s.figs.iter().take(2))
}

/// "Nơi nhận:" on the left, the signer on the right, as Party papers end.
pub(crate) fn signature(
    d: &mut Draft,
    recipients: &[&str],
    on_behalf: &str,
    title: &str,
    name: &str,
) {
    d.blank();
    let right = [on_behalf, title, "", "(đã ký)", "", name];
    let left = std::iter::once("Nơi nhận:").chain(recipients.iter().copied());
    let rows = (recipients.len() + 1).max(right.len());
    let mut left = left.chain(std::iter::repeat(""));
    for row in 0..rows {
        let l = left.next().unwrap_or("");
        d.line(beside(l, right.get(row).copied().unwrap_or("")));
    }
}
