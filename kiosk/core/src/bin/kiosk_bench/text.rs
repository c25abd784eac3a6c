//! The words of the bench papers: the prose of a provincial People's
//! Council's draft resolution, its articles, and the appendix's indicators.

/// Papers of a meeting: (document kind as printed, title).
pub(crate) const PAPERS: &[(&str, &str)] = &[
    (
        "NGHỊ QUYẾT",
        "Về kế hoạch phát triển kinh tế - xã hội năm 2026",
    ),
    (
        "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025",
    ),
    (
        "TỜ TRÌNH",
        "Về dự toán thu, chi ngân sách địa phương năm 2026",
    ),
    (
        "NGHỊ QUYẾT",
        "Về kế hoạch đầu tư công trung hạn giai đoạn 2026 - 2030",
    ),
    (
        "BÁO CÁO",
        "Thẩm tra của Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh",
    ),
    (
        "TỜ TRÌNH",
        "Về việc quy định mức hỗ trợ học phí cho học sinh trên địa bàn tỉnh",
    ),
    (
        "BÁO CÁO",
        "Tổng hợp ý kiến, kiến nghị của cử tri trước kỳ họp",
    ),
    (
        "NGHỊ QUYẾT",
        "Về chương trình giám sát của Hội đồng nhân dân tỉnh năm 2026",
    ),
];

/// Chapter titles, in capitals.
pub(crate) const CHAPTERS: &[&str] = &[
    "NHỮNG QUY ĐỊNH CHUNG",
    "MỤC TIÊU VÀ CÁC CHỈ TIÊU CHỦ YẾU",
    "NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM",
    "PHÁT TRIỂN VĂN HÓA, XÃ HỘI",
    "QUẢN LÝ TÀI NGUYÊN VÀ BẢO VỆ MÔI TRƯỜNG",
    "CẢI CÁCH HÀNH CHÍNH VÀ CHUYỂN ĐỔI SỐ",
    "QUỐC PHÒNG, AN NINH VÀ ĐỐI NGOẠI",
    "TỔ CHỨC THỰC HIỆN",
];

/// Article titles.
pub(crate) const ARTICLES: &[&str] = &[
    "Phạm vi điều chỉnh và đối tượng áp dụng",
    "Mục tiêu tổng quát",
    "Các chỉ tiêu chủ yếu",
    "Phát triển kinh tế nhanh và bền vững",
    "Huy động và sử dụng hiệu quả các nguồn lực đầu tư",
    "Giáo dục và đào tạo, phát triển nguồn nhân lực",
    "Y tế, dân số và chăm sóc sức khỏe Nhân dân",
    "Bảo đảm an sinh xã hội, giảm nghèo bền vững",
    "Quản lý đất đai, tài nguyên, khoáng sản",
    "Phòng, chống thiên tai và ứng phó biến đổi khí hậu",
    "Đẩy mạnh cải cách hành chính",
    "Phát triển chính quyền số, kinh tế số, xã hội số",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực",
    "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội",
    "Trách nhiệm thi hành",
    "Hiệu lực thi hành",
];

/// Sentences of resolution prose.
pub(crate) const SENTENCES: &[&str] = &[
    "Tiếp tục đẩy mạnh cải cách hành chính, nâng cao hiệu lực, hiệu quả quản lý nhà nước trên địa bàn tỉnh.",
    "Tập trung huy động và sử dụng hiệu quả các nguồn lực để đầu tư phát triển kết cấu hạ tầng kinh tế - xã hội đồng bộ, hiện đại.",
    "Ủy ban nhân dân tỉnh chỉ đạo các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố xây dựng kế hoạch cụ thể để triển khai thực hiện.",
    "Tổng sản phẩm trên địa bàn (GRDP) tăng khoảng 8,5% so với năm trước; thu nhập bình quân đầu người đạt trên 92 triệu đồng.",
    "Bảo đảm an sinh xã hội, chăm lo đời sống vật chất và tinh thần của Nhân dân, nhất là người có công, hộ nghèo và đồng bào dân tộc thiểu số.",
    "Đẩy mạnh chuyển đổi số, phát triển chính quyền số, kinh tế số và xã hội số; nâng cao chất lượng dịch vụ công trực tuyến toàn trình.",
    "Quản lý chặt chẽ đất đai, tài nguyên, khoáng sản; chủ động phòng, chống thiên tai, ứng phó với biến đổi khí hậu.",
    "Nâng cao chất lượng giáo dục và đào tạo, phát triển nguồn nhân lực chất lượng cao đáp ứng yêu cầu của thời kỳ mới.",
    "Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn vốn hợp pháp khác.",
    "Tăng cường công tác phòng, chống tham nhũng, lãng phí, tiêu cực; thực hành tiết kiệm trong sử dụng ngân sách nhà nước.",
    "Giữ vững quốc phòng, an ninh, bảo đảm trật tự, an toàn xã hội; nâng cao hiệu quả công tác đối ngoại và hội nhập quốc tế.",
    "Phát triển y tế cơ sở, nâng cao chất lượng khám, chữa bệnh; tỷ lệ bao phủ bảo hiểm y tế đạt trên 95% dân số.",
    "Khuyến khích doanh nghiệp đầu tư vào nông nghiệp ứng dụng công nghệ cao, hình thành chuỗi giá trị gắn với tiêu thụ sản phẩm.",
    "Rà soát, sắp xếp lại tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả; tinh giản biên chế gắn với cơ cấu lại đội ngũ cán bộ.",
    "Hoàn thành các công trình trọng điểm đúng tiến độ, bảo đảm chất lượng; giải ngân vốn đầu tư công đạt 100% kế hoạch được giao.",
    "Xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu; phấn đấu có thêm 12 xã đạt chuẩn trong năm.",
    "Bảo vệ môi trường, xử lý dứt điểm các điểm ô nhiễm; tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt 98%.",
    "Phát huy giá trị di sản văn hóa, phát triển du lịch thành ngành kinh tế quan trọng của tỉnh.",
    "Đối với những nội dung phát sinh, Ủy ban nhân dân tỉnh báo cáo Thường trực Hội đồng nhân dân tỉnh xem xét, quyết định và báo cáo Hội đồng nhân dân tỉnh tại kỳ họp gần nhất.",
    "Cải thiện mạnh mẽ môi trường đầu tư, kinh doanh, nâng cao năng lực cạnh tranh cấp tỉnh (PCI) và chỉ số hài lòng của người dân.",
    "Ưu tiên bố trí vốn cho các dự án chuyển tiếp, dự án có khả năng hoàn thành trong năm; kiên quyết không để nợ đọng xây dựng cơ bản.",
    "Đổi mới phương thức hoạt động của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội, phát huy quyền làm chủ của Nhân dân.",
    "Thực hiện đồng bộ các giải pháp giải quyết việc làm, đào tạo nghề cho lao động nông thôn, người khuyết tật và thanh niên.",
    "Kiểm soát chặt chẽ tình hình dịch bệnh trên người, cây trồng, vật nuôi; bảo đảm an toàn thực phẩm trên địa bàn.",
    "Tăng cường kỷ luật, kỷ cương hành chính; xử lý nghiêm cán bộ, công chức, viên chức vi phạm, gây phiền hà cho người dân và doanh nghiệp.",
];

/// Appendix indicators: (name, unit).
pub(crate) const INDICATORS: &[(&str, &str)] = &[
    ("Tốc độ tăng trưởng GRDP", "%"),
    ("GRDP bình quân đầu người", "triệu đồng"),
    ("Thu ngân sách nhà nước", "tỷ đồng"),
    ("Chi đầu tư phát triển", "tỷ đồng"),
    ("Kim ngạch xuất khẩu", "triệu USD"),
    ("Tỷ lệ hộ nghèo", "%"),
    ("Lao động được tạo việc làm mới", "người"),
    ("Tỷ lệ bao phủ bảo hiểm y tế", "%"),
    ("Số bác sĩ trên vạn dân", "bác sĩ"),
    ("Trường đạt chuẩn quốc gia", "trường"),
    ("Xã đạt chuẩn nông thôn mới", "xã"),
    ("Tỷ lệ che phủ rừng", "%"),
    ("Hồ sơ trực tuyến toàn trình", "%"),
    ("Doanh nghiệp thành lập mới", "doanh nghiệp"),
];

/// The legal bases a resolution opens with.
pub(crate) const PREAMBLE: &[&str] = &[
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 22 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Ban hành văn bản quy phạm pháp luật ngày 18 tháng 6 năm 2020;",
    "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015; Luật Đầu tư công ngày 29 tháng 11 năm 2024;",
    "Xét Tờ trình số 215/TTr-UBND ngày 12 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu Hội đồng nhân dân tỉnh tại kỳ họp.",
];
