//! Who is in the demo meeting, and the wards and communes of the (fictional)
//! province of Phú Lâm that its papers talk about.

use protocol::meeting::DelegateRole;

/// The province code of every unit code (mã định danh `XXX.YY.ZZ.H65`):
/// outside the codes of the 34 real provinces, so nothing here names a real
/// body.
const PROVINCE_CODE: &str = "H65";

/// One person of the roster: name, unit, unit code, role, what they do.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Person {
    pub(crate) name: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) unit_code: &'static str,
    pub(crate) role: DelegateRole,
    /// Chức vụ, for the papers and the README (the package has no field for it).
    pub(crate) office: &'static str,
}

const fn member(
    name: &'static str,
    office: &'static str,
    unit: &'static str,
    unit_code: &'static str,
) -> Person {
    Person {
        name,
        unit,
        unit_code,
        role: DelegateRole::Member,
        office,
    }
}

/// The 25 people in the room, in seat order (delegate `n` sits at seat `n`):
/// 22 members of the provincial Party Committee (the Secretary chairs) and
/// three invited guests, who read and comment but do not vote.
pub(crate) const ROSTER: [Person; 25] = [
    Person {
        name: "Nguyễn Văn Thắng",
        unit: "Tỉnh ủy Phú Lâm",
        unit_code: "000.00.01.H65",
        role: DelegateRole::Chair,
        office: "Bí thư Tỉnh ủy",
    },
    member(
        "Lê Quang Huy",
        "Phó Bí thư Thường trực Tỉnh ủy",
        "Tỉnh ủy Phú Lâm",
        "000.00.01.H65",
    ),
    member(
        "Phạm Đức Long",
        "Phó Bí thư Tỉnh ủy, Chủ tịch Ủy ban nhân dân tỉnh",
        "Ủy ban nhân dân tỉnh Phú Lâm",
        "000.00.00.H65",
    ),
    member(
        "Trần Thị Thu Hương",
        "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy",
        "Ban Tổ chức Tỉnh ủy",
        "000.00.02.H65",
    ),
    member(
        "Hoàng Minh Tuấn",
        "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "000.00.03.H65",
    ),
    member(
        "Đỗ Thị Lan Anh",
        "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "000.00.04.H65",
    ),
    member(
        "Vũ Văn Bình",
        "Ủy viên Ban Thường vụ, Trưởng Ban Nội chính Tỉnh ủy",
        "Ban Nội chính Tỉnh ủy",
        "000.00.05.H65",
    ),
    member(
        "Ngô Thanh Sơn",
        "Tỉnh ủy viên, Chánh Văn phòng Tỉnh ủy",
        "Văn phòng Tỉnh ủy",
        "000.00.06.H65",
    ),
    member(
        "Bùi Thị Ngọc Mai",
        "Tỉnh ủy viên, Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "Ủy ban nhân dân tỉnh Phú Lâm",
        "000.00.00.H65",
    ),
    member(
        "Đặng Quốc Việt",
        "Ủy viên Ban Thường vụ, Giám đốc Công an tỉnh",
        "Công an tỉnh Phú Lâm",
        "000.00.21.H65",
    ),
    member(
        "Phan Văn Dũng",
        "Ủy viên Ban Thường vụ, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh Phú Lâm",
        "000.00.22.H65",
    ),
    member(
        "Huỳnh Thị Kim Oanh",
        "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Phú Lâm",
        "000.00.23.H65",
    ),
    member(
        "Lý Văn Phúc",
        "Tỉnh ủy viên, Giám đốc Sở Tài chính",
        "Sở Tài chính",
        "000.00.11.H65",
    ),
    member(
        "Dương Thị Thanh Thủy",
        "Tỉnh ủy viên, Giám đốc Sở Giáo dục và Đào tạo",
        "Sở Giáo dục và Đào tạo",
        "000.00.16.H65",
    ),
    member(
        "Trịnh Công Khánh",
        "Tỉnh ủy viên, Giám đốc Sở Nông nghiệp và Môi trường",
        "Sở Nông nghiệp và Môi trường",
        "000.00.13.H65",
    ),
    member(
        "Đinh Thị Hồng Nhung",
        "Tỉnh ủy viên, Giám đốc Sở Y tế",
        "Sở Y tế",
        "000.00.17.H65",
    ),
    member(
        "Mai Xuân Trường",
        "Tỉnh ủy viên, Giám đốc Sở Xây dựng",
        "Sở Xây dựng",
        "000.00.14.H65",
    ),
    member(
        "Cao Văn Lực",
        "Tỉnh ủy viên, Bí thư Đảng ủy phường Phú Lâm",
        "Đảng ủy phường Phú Lâm",
        "000.01.60.H65",
    ),
    member(
        "Lâm Thị Bích Ngọc",
        "Tỉnh ủy viên, Bí thư Đảng ủy xã Tân Hòa",
        "Đảng ủy xã Tân Hòa",
        "000.14.60.H65",
    ),
    member(
        "Tạ Quang Vinh",
        "Tỉnh ủy viên, Bí thư Đảng ủy phường Bắc Sơn",
        "Đảng ủy phường Bắc Sơn",
        "000.26.60.H65",
    ),
    member(
        "Hồ Thị Phương Thảo",
        "Tỉnh ủy viên, Bí thư Đảng ủy xã Đông Thành",
        "Đảng ủy xã Đông Thành",
        "000.39.60.H65",
    ),
    member(
        "Kiều Văn Hậu",
        "Tỉnh ủy viên, Phó Chủ tịch Thường trực Hội đồng nhân dân tỉnh",
        "Hội đồng nhân dân tỉnh Phú Lâm",
        "000.00.07.H65",
    ),
    Person {
        name: "Nguyễn Thị Thanh Tâm",
        unit: "Văn phòng Tỉnh ủy",
        unit_code: "000.00.06.H65",
        role: DelegateRole::Observer,
        office: "Phó Chánh Văn phòng Tỉnh ủy, thư ký hội nghị",
    },
    Person {
        name: "Trương Văn Nghĩa",
        unit: "Ban Tổ chức Trung ương",
        unit_code: "000.00.00.A05",
        role: DelegateRole::Observer,
        office: "Chuyên viên cao cấp, đại biểu mời",
    },
    Person {
        name: "Lương Thị Diệu Linh",
        unit: "Sở Khoa học và Công nghệ",
        unit_code: "000.00.18.H65",
        role: DelegateRole::Observer,
        office: "Giám đốc Sở Khoa học và Công nghệ, đại biểu mời",
    },
];

/// The delegates (1-based) standing in the election, in ballot order: by
/// given name, as Vietnamese ballots list them (Khánh, Lực, Ngọc, Phúc).
pub(crate) const CANDIDATES: [usize; 4] = [15, 18, 19, 13];

/// A candidate's particulars for the personnel paper (trích ngang).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bio {
    pub(crate) born: &'static str,
    pub(crate) home: &'static str,
    pub(crate) degree: &'static str,
    pub(crate) joined: &'static str,
    /// Votes of introduction in the Standing Committee (13 members, two names each).
    pub(crate) standing: u32,
    /// Votes of introduction at the conference of key officials (134, two names each).
    pub(crate) officials: u32,
    pub(crate) review: &'static str,
}

/// The candidates' particulars, in the order of [`CANDIDATES`].
pub(crate) const BIOS: [Bio; 4] = [
    Bio {
        born: "02/9/1977",
        home: "xã Vĩnh Điền, tỉnh Phú Lâm",
        degree: "Tiến sĩ Nông học; lý luận chính trị: Cao cấp",
        joined: "03/02/2001",
        standing: 9,
        officials: 82,
        review: "Năng động, có tư duy đổi mới; tham mưu hiệu quả đề án tái cơ cấu ngành \
                 nông nghiệp và chương trình mỗi xã một sản phẩm. Đôi lúc còn nóng vội \
                 trong chỉ đạo, đã được tập thể góp ý và có chuyển biến rõ.",
    },
    Bio {
        born: "25/12/1979",
        home: "phường Long Lâm, tỉnh Phú Lâm",
        degree: "Thạc sĩ Quản lý công; lý luận chính trị: Cao cấp",
        joined: "11/11/2003",
        standing: 5,
        officials: 51,
        review: "Trưởng thành từ cơ sở, có kinh nghiệm thực tiễn phong phú; lãnh đạo phường \
                 Phú Lâm hoàn thành xuất sắc nhiệm vụ ba năm liền, chỉnh trang đô thị và giải \
                 quyết dứt điểm nhiều vụ việc tồn đọng kéo dài.",
    },
    Bio {
        born: "08/6/1981",
        home: "xã Tân Hòa, tỉnh Phú Lâm",
        degree: "Cử nhân Luật, Thạc sĩ Chính trị học; lý luận chính trị: Cao cấp",
        joined: "30/4/2004",
        standing: 4,
        officials: 46,
        review: "Có phẩm chất đạo đức tốt, lối sống giản dị; sâu sát cơ sở, được nhân dân tín \
                 nhiệm. Xã Tân Hòa đạt chuẩn nông thôn mới nâng cao trong nhiệm kỳ đồng chí \
                 giữ cương vị Bí thư Đảng ủy.",
    },
    Bio {
        born: "14/3/1975",
        home: "xã Hòa Lộc, tỉnh Phú Lâm",
        degree: "Thạc sĩ Kinh tế; lý luận chính trị: Cao cấp",
        joined: "19/5/1999",
        standing: 8,
        officials: 79,
        review: "Có bản lĩnh chính trị vững vàng, nắm chắc chủ trương của Đảng về tài chính, \
                 ngân sách; chỉ đạo quyết liệt việc giải ngân vốn đầu tư công, tiết kiệm chi \
                 thường xuyên. Khiêm tốn, gần gũi cán bộ, có uy tín trong tập thể.",
    },
];

/// A ward (phường) or commune (xã) of the province.
#[derive(Debug, Clone)]
pub(crate) struct Commune {
    /// 1-based, as its tables are numbered.
    pub(crate) number: usize,
    /// "phường Phú Lâm", "xã Tân Hòa".
    pub(crate) name: String,
    pub(crate) urban: bool,
    /// Its unit code, `000.NN.60.H65`.
    pub(crate) code: String,
}

const FIRST: [&str; 12] = [
    "Phú", "Tân", "Bắc", "Đông", "Hòa", "Bình", "An", "Long", "Thạnh", "Vĩnh", "Xuân", "Mỹ",
];
const SECOND: [&str; 8] = ["Lâm", "Hòa", "Sơn", "Thành", "Phong", "Lộc", "Hưng", "Điền"];

/// The 95 wards and communes of Phú Lâm after the 2025 reorganisation, in
/// the order of the statistics annex. Names ending in "Lâm" or "Sơn" are
/// urban wards.
pub(crate) fn communes() -> Vec<Commune> {
    let mut out = Vec::new();
    for second in SECOND {
        for first in FIRST {
            if first == second {
                continue;
            }
            let number = out.len() + 1;
            let urban = matches!(second, "Lâm" | "Sơn");
            let kind = if urban { "phường" } else { "xã" };
            out.push(Commune {
                number,
                name: format!("{kind} {first} {second}"),
                urban,
                code: format!("000.{number:02}.60.{PROVINCE_CODE}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delegates_from_wards_and_communes_carry_their_units_codes() {
        let communes = communes();
        assert_eq!(communes.len(), 95);
        for person in ROSTER.iter().filter(|p| p.unit.starts_with("Đảng ủy ")) {
            let place = person.unit.trim_start_matches("Đảng ủy ");
            let commune = communes
                .iter()
                .find(|c| c.name == place)
                .unwrap_or_else(|| panic!("{place} is not a commune of the annex"));
            assert_eq!(commune.code, person.unit_code, "{}", person.name);
        }
    }
}
