//! The statistics annex to the socio-economic report: the province's main
//! figures, four tables by ward and commune, then one page of figures for
//! each of the 95 wards and communes. Well over a hundred pages, and no line
//! twice: every row carries its table's number or its commune's name.

use protocol::meeting::Classification;

use super::layout::{Draft, Header, between, dec, int, ratio};
use super::roster::{Commune, communes};
use super::sectors::{SECTORS, capitalize, number};

/// The first table of the communes' own pages.
const FIRST_COMMUNE_TABLE: usize = 6;

pub(crate) fn annex() -> Draft {
    let communes = communes();
    let mut d = Draft::new("Phụ lục số liệu năm 2026", Classification::Normal);
    d.header(&Header {
        body: &["ĐẢNG BỘ TỈNH PHÚ LÂM", "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"],
        number: "",
        date: "ngày 24 tháng 11 năm 2026",
        draft: false,
        kind: "PHỤ LỤC",
        subject: &[
            "số liệu thống kê kinh tế - xã hội năm 2026",
            "(Kèm theo Báo cáo số 215-BC/ĐU ngày 24/11/2026",
            "của Đảng ủy Ủy ban nhân dân tỉnh)",
        ],
    });
    d.heading("Ghi chú");
    d.para(
        "Số liệu năm 2026 là số ước thực hiện cả năm, tính trên cơ sở số liệu chính thức 10 tháng \
         và ước 2 tháng cuối năm; số liệu năm 2025 là số chính thức do Thống kê tỉnh công bố. Số \
         liệu của các xã, phường được tính theo địa giới hành chính sau sắp xếp, có hiệu lực từ \
         ngày 01/7/2025.",
    );
    d.para(
        "Giá trị tính bằng tiền theo giá hiện hành, trừ khi có ghi chú khác. Dấu chấm (.) phân \
         cách hàng nghìn, dấu phẩy (,) phân cách phần thập phân. Cột so sánh là số năm 2026 so với \
         năm 2025, tính theo phần trăm.",
    );
    d.heading("Danh mục biểu");
    for entry in [
        "Biểu 01. Các chỉ tiêu kinh tế - xã hội chủ yếu của tỉnh",
        "Biểu 02. Diện tích, dân số và mật độ dân số phân theo xã, phường",
        "Biểu 03. Thu, chi ngân sách nhà nước phân theo xã, phường",
        "Biểu 04. Giải ngân vốn đầu tư công phân theo xã, phường",
        "Biểu 05. Kết quả xây dựng nông thôn mới, đô thị văn minh",
        "Biểu 06 - Biểu 100. Một số chỉ tiêu chủ yếu của từng xã, phường",
    ] {
        d.item(format!("- {entry}"));
    }
    d.page_break();
    province_table(&mut d);
    by_commune_tables(&mut d, &communes);
    for (i, commune) in communes.iter().enumerate() {
        d.page_break();
        commune_page(&mut d, FIRST_COMMUNE_TABLE + i, commune);
    }
    d
}

fn province_table(d: &mut Draft) {
    d.heading("Biểu 01. Các chỉ tiêu kinh tế - xã hội chủ yếu của tỉnh");
    d.line("Số liệu: thực hiện năm 2025 / ước thực hiện năm 2026 / kế hoạch năm 2027");
    d.blank();
    for (i, sector) in SECTORS.iter().enumerate() {
        d.heading(format!("{}. {}", i + 1, sector.heading));
        for (j, fig) in sector.figs.iter().enumerate() {
            d.item(format!(
                "{}.{}. {} ({}): {} / {} / {}",
                i + 1,
                j + 1,
                capitalize(fig.what),
                fig.unit,
                number(fig, fig.prev),
                number(fig, fig.now),
                number(fig, fig.next),
            ));
        }
    }
}

/// Facts of a commune that its tables share.
struct Base {
    area: i64,
    pop: i64,
    pop_prev: i64,
    revenue: i64,
    spending: i64,
    invest: i64,
}

fn base(c: &Commune) -> Base {
    let seed = c.number as u64;
    let (area, pop) = if c.urban {
        (between(seed, 1, 85, 420), between(seed, 2, 28_000, 62_000))
    } else {
        (
            between(seed, 1, 420, 1_850),
            between(seed, 2, 14_000, 38_000),
        )
    };
    let pop_prev = pop * 1000 / (1000 + between(seed, 3, 5, 17));
    let revenue = pop * between(seed, 4, 900, 2_400) / 1000 * if c.urban { 4 } else { 1 };
    Base {
        area,
        pop,
        pop_prev,
        revenue,
        spending: revenue * between(seed, 5, 1_150, 1_900) / 1000 + 18_000,
        invest: between(seed, 6, 12_000, 96_000),
    }
}

fn by_commune_tables(d: &mut Draft, communes: &[Commune]) {
    d.page_break();
    d.heading("Biểu 02. Diện tích, dân số và mật độ dân số phân theo xã, phường");
    d.line("Số liệu: diện tích tự nhiên; dân số trung bình năm 2026; mật độ dân số");
    d.blank();
    for c in communes {
        let b = base(c);
        d.item(format!(
            "{}. {} ({}): {} km²; {} người; {} người/km²",
            c.number,
            capitalize(&c.name),
            c.code,
            dec(b.area),
            int(b.pop),
            int(b.pop * 10 / b.area)
        ));
    }
    d.page_break();
    d.heading("Biểu 03. Thu, chi ngân sách nhà nước phân theo xã, phường");
    d.line("Đơn vị tính: triệu đồng; tỷ lệ so với dự toán Hội đồng nhân dân giao");
    d.blank();
    for c in communes {
        let b = base(c);
        let estimate = b.revenue * 1000 / between(c.number as u64, 7, 1_020, 1_180);
        d.item(format!(
            "{}. {}: thu {} ({}% dự toán); chi {}",
            c.number,
            capitalize(&c.name),
            int(b.revenue),
            dec(ratio(b.revenue, estimate)),
            int(b.spending)
        ));
    }
    d.page_break();
    d.heading("Biểu 04. Giải ngân vốn đầu tư công phân theo xã, phường");
    d.line("Đơn vị tính: triệu đồng; số liệu đến ngày 15/11/2026, ước cả năm");
    d.blank();
    for c in communes {
        let b = base(c);
        let paid = b.invest * between(c.number as u64, 8, 780, 1_000) / 1000;
        d.item(format!(
            "{}. {}: kế hoạch {}; giải ngân {}; đạt {}%",
            c.number,
            capitalize(&c.name),
            int(b.invest),
            int(paid),
            dec(ratio(paid, b.invest))
        ));
    }
    d.page_break();
    d.heading("Biểu 05. Kết quả xây dựng nông thôn mới, đô thị văn minh");
    d.line("Số tiêu chí đạt (xã: 19 tiêu chí; phường: 5 tiêu chí) và mức đạt chuẩn năm 2026");
    d.blank();
    for c in communes {
        let seed = c.number as u64;
        let line = if c.urban {
            let met = between(seed, 9, 3, 5);
            let status = if met == 5 {
                "đạt chuẩn đô thị văn minh"
            } else {
                "đang hoàn thiện tiêu chí"
            };
            format!(
                "{}. {}: {met}/5 tiêu chí; {status}",
                c.number,
                capitalize(&c.name)
            )
        } else {
            let met = between(seed, 9, 14, 19);
            let status = match (met, between(seed, 10, 0, 2)) {
                (19, 0) => "đạt chuẩn nông thôn mới kiểu mẫu",
                (19, _) => "đạt chuẩn nông thôn mới nâng cao",
                (17 | 18, _) => "đạt chuẩn nông thôn mới",
                _ => "đang xây dựng",
            };
            format!(
                "{}. {}: {met}/19 tiêu chí; {status}",
                c.number,
                capitalize(&c.name)
            )
        };
        d.item(line);
    }
}

/// A table row: `prev - now - ratio%` of two counts.
fn counts(prev: i64, now: i64) -> String {
    format!("{} - {} - {}%", int(prev), int(now), dec(ratio(now, prev)))
}

/// A table row: `prev - now - ratio%` of two values in tenths.
fn tenths(prev: i64, now: i64) -> String {
    format!("{} - {} - {}%", dec(prev), dec(now), dec(ratio(now, prev)))
}

/// A table row: two rates in tenths of a percent.
fn rates(prev: i64, now: i64) -> String {
    format!("{}% - {}%", dec(prev), dec(now))
}

fn commune_page(d: &mut Draft, table: usize, c: &Commune) {
    let seed = c.number as u64;
    let b = base(c);
    // A value this year scaled from `base`, and last year's from a growth
    // between `lo` and `hi` tenths of a percent.
    let grown = |row: u64, now: i64, lo: i64, hi: i64| -> (i64, i64) {
        let growth = between(seed, 100 + row, lo, hi);
        (now * 1000 / (1000 + growth), now)
    };
    let farm = if c.urban { 1 } else { 7 };
    // A rate this year and last year's, a little lower (or, for a rate
    // that should fall, a little higher).
    let rate = |row: u64, lo: i64, hi: i64, step: i64| -> (i64, i64) {
        let now = between(seed, 200 + row, lo, hi);
        (now - between(seed, 300 + row, 0, step), now)
    };
    let falling = |row: u64, lo: i64, hi: i64, step: i64| -> (i64, i64) {
        let now = between(seed, 200 + row, lo, hi);
        (now + between(seed, 300 + row, 1, step), now)
    };
    let mut rows: Vec<(&str, String)> = Vec::new();
    let households = b.pop * 10 / between(seed, 11, 34, 41);
    let poor = falling(1, 4, 38, 9);
    let mut push = |label: &'static str, text: String| rows.push((label, text));
    push("Diện tích tự nhiên (km²)", dec(b.area));
    push("Dân số trung bình (người)", counts(b.pop_prev, b.pop));
    push(
        "Số hộ dân cư (hộ)",
        counts(households * b.pop_prev / b.pop, households),
    );
    let (prev, now) = grown(1, b.pop * farm * 9, -20, 60);
    push(
        "Giá trị sản xuất nông, lâm, thủy sản (triệu đồng)",
        counts(prev, now),
    );
    let (prev, now) = grown(2, b.area * farm, -30, 25);
    push("Diện tích gieo trồng cây hằng năm (ha)", counts(prev, now));
    let (prev, now) = grown(3, b.area * farm * 3, -40, 45);
    push("Sản lượng lương thực có hạt (tấn)", counts(prev, now));
    let (prev, now) = grown(4, b.pop * farm / 25, -50, 70);
    push("Tổng đàn gia súc (con)", counts(prev, now));
    let (prev, now) = grown(5, b.pop * farm / 2, -30, 90);
    push("Tổng đàn gia cầm (con)", counts(prev, now));
    let (prev, now) = grown(6, b.area * farm / 2 + 40, -20, 80);
    push("Sản lượng thủy sản (tấn)", counts(prev, now));
    let (prev, now) = grown(7, b.area * farm / 4 + 12, -80, 120);
    push("Diện tích rừng trồng mới (ha)", tenths(prev, now));
    let (prev, now) = grown(8, b.pop / 160 + 9, 0, 110);
    push(
        "Số cơ sở sản xuất công nghiệp, thủ công (cơ sở)",
        counts(prev, now),
    );
    let (prev, now) = grown(9, b.pop / (if c.urban { 90 } else { 400 }) + 5, 20, 160);
    push(
        "Số doanh nghiệp đang hoạt động (doanh nghiệp)",
        counts(prev, now),
    );
    let (prev, now) = grown(10, b.pop / 22, 10, 90);
    push("Số hộ kinh doanh cá thể (hộ)", counts(prev, now));
    let (prev, now) = grown(11, b.revenue, 30, 190);
    push(
        "Thu ngân sách nhà nước trên địa bàn (triệu đồng)",
        counts(prev, now),
    );
    let (prev, now) = grown(12, b.spending, 20, 120);
    push("Chi ngân sách địa phương (triệu đồng)", counts(prev, now));
    let (prev, now) = grown(13, b.invest, -150, 250);
    push("Vốn đầu tư công được giao (triệu đồng)", counts(prev, now));
    let (prev, now) = rate(2, 780, 1000, 90);
    push("Tỷ lệ giải ngân vốn đầu tư công (%)", rates(prev, now));
    let (prev, now) = grown(14, b.area / 3 + 25, -150, 200);
    push(
        "Đường giao thông được cứng hóa trong năm (km)",
        tenths(prev, now),
    );
    let schools = b.pop / 3_200 + 3;
    push("Số trường học (trường)", counts(schools, schools));
    let (prev, now) = rate(3, 550, 1000, 80);
    push("Tỷ lệ trường đạt chuẩn quốc gia (%)", rates(prev, now));
    let (prev, now) = grown(15, b.pop * 2 / 11, -20, 35);
    push("Số học sinh các cấp (học sinh)", counts(prev, now));
    let (prev, now) = rate(4, 900, 985, 25);
    push("Tỷ lệ dân số tham gia bảo hiểm y tế (%)", rates(prev, now));
    let (prev, now) = grown(16, b.pop * 7 / 10, -60, 140);
    push(
        "Số lượt khám, chữa bệnh tại trạm y tế (lượt)",
        counts(prev, now),
    );
    let (prev, now) = falling(5, 60, 190, 12);
    push(
        "Tỷ lệ trẻ dưới 5 tuổi suy dinh dưỡng thấp còi (%)",
        rates(prev, now),
    );
    push(
        "Số hộ nghèo (hộ)",
        counts(households * poor.0 / 1000, households * poor.1 / 1000),
    );
    push("Tỷ lệ hộ nghèo (%)", rates(poor.0, poor.1));
    let (prev, now) = grown(17, b.pop / 45, -50, 160);
    push(
        "Số lao động được tạo việc làm mới (người)",
        counts(prev, now),
    );
    let (prev, now) = rate(6, 840, 960, 20);
    push(
        "Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa (%)",
        rates(prev, now),
    );
    let (prev, now) = rate(7, if c.urban { 930 } else { 520 }, 1000, 70);
    push(
        "Tỷ lệ hộ dùng nước sạch đạt quy chuẩn (%)",
        rates(prev, now),
    );
    let (prev, now) = rate(8, if c.urban { 950 } else { 680 }, 1000, 60);
    push(
        "Tỷ lệ chất thải rắn sinh hoạt được thu gom (%)",
        rates(prev, now),
    );
    let (prev, now) = grown(18, b.pop / 4, 30, 260);
    push(
        "Số hồ sơ thủ tục hành chính tiếp nhận (hồ sơ)",
        counts(prev, now),
    );
    let (prev, now) = rate(9, 480, 930, 240);
    push(
        "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình (%)",
        rates(prev, now),
    );
    let (prev, now) = grown(19, b.pop / 1_900 + 4, -250, 150);
    push("Số vụ phạm pháp hình sự (vụ)", counts(prev, now));
    let (prev, now) = grown(20, b.pop / 3_100 + 2, -300, 100);
    push("Số vụ tai nạn giao thông (vụ)", counts(prev, now));
    let (prev, now) = grown(21, b.pop / 2_600 + 3, -250, 200);
    push(
        "Số đơn khiếu nại, tố cáo tiếp nhận (đơn)",
        counts(prev, now),
    );
    let cells = b.pop / 1_100 + 12;
    push(
        "Số tổ chức cơ sở đảng trực thuộc (tổ chức)",
        counts(cells + between(seed, 12, 0, 3), cells),
    );
    let (prev, now) = grown(22, b.pop * 4 / 100, 5, 40);
    push("Số đảng viên (đảng viên)", counts(prev, now));
    let (prev, now) = grown(23, b.pop / 420 + 6, -200, 250);
    push("Số đảng viên mới kết nạp (đảng viên)", counts(prev, now));
    let (prev, now) = rate(10, 820, 960, 40);
    push(
        "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên (%)",
        rates(prev, now),
    );

    d.line(format!(
        "Biểu {table:02}. Một số chỉ tiêu chủ yếu năm 2026 của {}",
        c.name
    ));
    d.line(format!(
        "Mã đơn vị: {}. Số liệu: thực hiện 2025 - ước 2026 - so sánh (%)",
        c.code
    ));
    d.blank();
    for (r, (label, text)) in rows.iter().enumerate() {
        d.line(format!("{table}.{}. {label}: {text}", r + 1));
    }
    d.blank();
    d.line(format!(
        "Nguồn: Ủy ban nhân dân {}; số liệu đến ngày {}/11/2026.",
        c.name,
        between(seed, 13, 10, 20)
    ));
}
