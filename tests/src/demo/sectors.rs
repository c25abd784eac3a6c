//! The province's year by field (lĩnh vực): figures for 2025, 2026 and the
//! 2027 plan, what went well, what fell short, and the tasks for 2027. The
//! socio-economic report, the draft resolution and the statistics annex are
//! all written from this one table, so they agree with each other.

/// One figure: values in tenths (1078 is 107,8).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fig {
    /// Lower case, to stand inside a sentence.
    pub(crate) what: &'static str,
    pub(crate) unit: &'static str,
    pub(crate) prev: i64,
    pub(crate) now: i64,
    pub(crate) next: i64,
    /// A count, written without decimals.
    pub(crate) whole: bool,
}

impl Fig {
    /// Whether the figure is a rate, which changes by points, not by percent.
    pub(crate) fn is_rate(&self) -> bool {
        self.unit == "%"
    }
}

const fn fig(what: &'static str, unit: &'static str, prev: i64, now: i64, next: i64) -> Fig {
    Fig {
        what,
        unit,
        prev,
        now,
        next,
        whole: false,
    }
}

const fn count(what: &'static str, unit: &'static str, prev: i64, now: i64, next: i64) -> Fig {
    Fig {
        what,
        unit,
        prev: prev * 10,
        now: now * 10,
        next: next * 10,
        whole: true,
    }
}

/// One field of the report.
#[derive(Debug)]
pub(crate) struct Sector {
    pub(crate) heading: &'static str,
    /// Lower case, to stand inside a sentence.
    pub(crate) subject: &'static str,
    pub(crate) figs: &'static [Fig],
    pub(crate) results: &'static [&'static str],
    pub(crate) limits: &'static [&'static str],
    pub(crate) tasks: &'static [&'static str],
}

pub(crate) const SECTORS: &[Sector] = &[
    Sector {
        heading: "Tăng trưởng kinh tế và cơ cấu kinh tế",
        subject: "nhiệm vụ phát triển kinh tế",
        figs: &[
            fig(
                "tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)",
                "%",
                76,
                82,
                85,
            ),
            fig(
                "quy mô GRDP theo giá hiện hành",
                "tỷ đồng",
                1_315_400,
                1_425_600,
                1_572_000,
            ),
            fig("GRDP bình quân đầu người", "triệu đồng", 912, 986, 1075),
            fig(
                "tỷ trọng công nghiệp - xây dựng trong GRDP",
                "%",
                371,
                387,
                401,
            ),
            fig("tỷ trọng dịch vụ trong GRDP", "%", 359, 365, 372),
        ],
        results: &[
            "Kinh tế của tỉnh tiếp tục tăng trưởng khá trong bối cảnh còn nhiều khó khăn; tốc độ \
             tăng trưởng tổng sản phẩm trên địa bàn đứng thứ 9/34 tỉnh, thành phố và cao hơn mức \
             bình quân chung của cả nước.",
            "Cơ cấu kinh tế chuyển dịch đúng hướng, tăng tỷ trọng công nghiệp - xây dựng và dịch \
             vụ, giảm dần tỷ trọng khu vực nông, lâm nghiệp và thủy sản; chất lượng tăng trưởng \
             từng bước được nâng lên.",
        ],
        limits: &[
            "Quy mô nền kinh tế còn nhỏ, sức cạnh tranh chưa cao; tăng trưởng còn phụ thuộc nhiều \
             vào một số dự án công nghiệp lớn, chưa hình thành nhiều động lực tăng trưởng mới.",
        ],
        tasks: &[
            "Phấn đấu tốc độ tăng trưởng tổng sản phẩm trên địa bàn năm 2027 đạt 8,5% trở lên; tập \
             trung tháo gỡ khó khăn, vướng mắc cho sản xuất, kinh doanh, khơi thông các nguồn lực \
             cho phát triển.",
            "Theo dõi sát diễn biến thị trường, chủ động xây dựng kịch bản tăng trưởng theo từng \
             quý, từng ngành, lĩnh vực; kịp thời đề xuất giải pháp điều hành phù hợp.",
        ],
    },
    Sector {
        heading: "Nông, lâm nghiệp, thủy sản và xây dựng nông thôn mới",
        subject: "sản xuất nông, lâm nghiệp, thủy sản và xây dựng nông thôn mới",
        figs: &[
            fig(
                "tốc độ tăng giá trị tăng thêm khu vực nông, lâm nghiệp và thủy sản",
                "%",
                31,
                34,
                35,
            ),
            fig(
                "tổng sản lượng lương thực có hạt",
                "nghìn tấn",
                5124,
                5189,
                5220,
            ),
            fig(
                "sản lượng thủy sản khai thác và nuôi trồng",
                "nghìn tấn",
                1862,
                1947,
                2010,
            ),
            fig(
                "diện tích trồng rừng tập trung",
                "ha",
                71_200,
                74_350,
                75_000,
            ),
            fig("tỷ lệ che phủ rừng", "%", 574, 576, 578),
            count("số xã đạt chuẩn nông thôn mới nâng cao", "xã", 31, 38, 45),
        ],
        results: &[
            "Sản xuất nông nghiệp được mùa, được giá; cơ cấu cây trồng, vật nuôi chuyển đổi theo \
             hướng nâng cao giá trị, gắn với liên kết tiêu thụ sản phẩm. Toàn tỉnh có 142 sản phẩm \
             đạt chuẩn OCOP từ 3 sao trở lên.",
            "Chăn nuôi phát triển ổn định, dịch bệnh trên đàn gia súc, gia cầm được kiểm soát; công \
             tác phòng, chống khai thác hải sản bất hợp pháp được triển khai quyết liệt, không để \
             xảy ra tàu cá vi phạm vùng biển nước ngoài.",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới tiếp tục được triển khai hiệu \
             quả; đời sống vật chất, tinh thần của người dân nông thôn được cải thiện rõ nét.",
        ],
        limits: &[
            "Liên kết sản xuất theo chuỗi giá trị còn lỏng lẻo; ứng dụng công nghệ cao trong nông \
             nghiệp còn ít, giá trị sản xuất trên một đơn vị diện tích chưa cao.",
        ],
        tasks: &[
            "Đẩy mạnh cơ cấu lại ngành nông nghiệp theo hướng sinh thái, hữu cơ, ứng dụng công nghệ \
             cao; phát triển vùng nguyên liệu tập trung gắn với chế biến và tiêu thụ sản phẩm.",
            "Tiếp tục thực hiện hiệu quả Chương trình mục tiêu quốc gia xây dựng nông thôn mới; phấn \
             đấu có thêm 7 xã đạt chuẩn nông thôn mới nâng cao trong năm 2027.",
            "Quản lý, bảo vệ chặt chẽ diện tích rừng hiện có, nâng cao chất lượng rừng trồng; chủ \
             động phòng, chống thiên tai, dịch bệnh trên cây trồng, vật nuôi.",
        ],
    },
    Sector {
        heading: "Công nghiệp và xây dựng",
        subject: "sản xuất công nghiệp và hoạt động xây dựng",
        figs: &[
            fig(
                "tốc độ tăng chỉ số sản xuất công nghiệp (IIP)",
                "%",
                94,
                106,
                110,
            ),
            fig(
                "giá trị sản xuất công nghiệp theo giá so sánh",
                "tỷ đồng",
                1_486_000,
                1_643_500,
                1_812_000,
            ),
            fig(
                "tỷ lệ lấp đầy các khu công nghiệp đã hoạt động",
                "%",
                612,
                668,
                720,
            ),
            fig("tỷ lệ đô thị hóa", "%", 336, 352, 365),
        ],
        results: &[
            "Các ngành công nghiệp chế biến, chế tạo tiếp tục là động lực tăng trưởng chính; nhiều \
             dự án lớn hoàn thành, đi vào hoạt động, tạo thêm năng lực sản xuất mới cho nền kinh tế.",
            "Hạ tầng các khu, cụm công nghiệp được đầu tư đồng bộ hơn; công tác quy hoạch, phát \
             triển đô thị và quản lý trật tự xây dựng có chuyển biến tích cực.",
        ],
        limits: &[
            "Công nghiệp hỗ trợ phát triển chậm; một số cụm công nghiệp chậm triển khai, tỷ lệ lấp \
             đầy thấp; vi phạm trật tự xây dựng ở một số địa bàn chưa được xử lý dứt điểm.",
        ],
        tasks: &[
            "Tạo điều kiện thuận lợi để các dự án công nghiệp lớn sớm hoàn thành, đi vào hoạt động; \
             ưu tiên thu hút các dự án công nghệ cao, công nghiệp hỗ trợ, thân thiện với môi trường.",
            "Nâng cao chất lượng quy hoạch và quản lý phát triển đô thị; kiên quyết xử lý các trường \
             hợp vi phạm trật tự xây dựng, lấn chiếm đất công.",
        ],
    },
    Sector {
        heading: "Thương mại, dịch vụ và du lịch",
        subject: "hoạt động thương mại, dịch vụ và du lịch",
        figs: &[
            fig(
                "tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
                "tỷ đồng",
                985_400,
                1_087_200,
                1_196_000,
            ),
            fig(
                "kim ngạch xuất khẩu hàng hóa",
                "triệu USD",
                21_450,
                24_380,
                27_000,
            ),
            fig(
                "tổng lượt khách du lịch",
                "nghìn lượt",
                68_200,
                77_450,
                85_000,
            ),
            fig(
                "tổng thu từ khách du lịch",
                "tỷ đồng",
                121_800,
                143_600,
                160_000,
            ),
        ],
        results: &[
            "Thị trường hàng hóa phong phú, giá cả cơ bản ổn định; các chương trình kích cầu tiêu \
             dùng, đưa hàng Việt về nông thôn được tổ chức thường xuyên, thương mại điện tử phát \
             triển nhanh.",
            "Du lịch phục hồi mạnh mẽ, nhiều sản phẩm du lịch mới gắn với di sản văn hóa và sinh thái \
             biển được đưa vào khai thác; Tuần lễ Văn hóa - Du lịch Phú Lâm năm 2026 thu hút đông \
             đảo du khách trong và ngoài nước.",
        ],
        limits: &[
            "Hạ tầng thương mại ở khu vực nông thôn còn thiếu; sản phẩm du lịch chưa đa dạng, chi \
             tiêu bình quân của du khách còn thấp, tính mùa vụ còn rõ.",
        ],
        tasks: &[
            "Phát triển hạ tầng thương mại hiện đại gắn với chợ truyền thống; đẩy mạnh xúc tiến \
             thương mại, mở rộng thị trường xuất khẩu cho các sản phẩm chủ lực của tỉnh.",
            "Xây dựng sản phẩm du lịch đặc trưng, kéo dài mùa du lịch; nâng cao chất lượng dịch vụ, \
             bảo đảm môi trường du lịch an toàn, văn minh, thân thiện.",
        ],
    },
    Sector {
        heading: "Thu, chi ngân sách nhà nước",
        subject: "công tác thu, chi ngân sách nhà nước",
        figs: &[
            fig(
                "tổng thu ngân sách nhà nước trên địa bàn",
                "tỷ đồng",
                168_400,
                184_250,
                195_000,
            ),
            fig("thu nội địa", "tỷ đồng", 139_600, 152_800, 162_000),
            fig(
                "tổng chi ngân sách địa phương",
                "tỷ đồng",
                212_700,
                228_900,
                236_000,
            ),
        ],
        results: &[
            "Thu ngân sách vượt dự toán Hội đồng nhân dân tỉnh giao; các khoản thu lớn từ doanh nghiệp \
             có vốn đầu tư nước ngoài, thu tiền sử dụng đất đều tăng khá so với cùng kỳ.",
            "Chi ngân sách bảo đảm đúng dự toán, tiết kiệm; ưu tiên nguồn lực cho đầu tư phát triển, \
             an sinh xã hội và thực hiện chính sách tinh giản biên chế theo lộ trình.",
        ],
        limits: &[
            "Nợ đọng thuế còn cao; một số khoản thu chưa ổn định, phụ thuộc vào tiến độ đấu giá \
             quyền sử dụng đất.",
        ],
        tasks: &[
            "Quyết liệt chống thất thu, xử lý nợ đọng thuế; mở rộng cơ sở thu, nhất là thu từ thương \
             mại điện tử và kinh doanh trên nền tảng số.",
            "Điều hành chi ngân sách chặt chẽ, tiết kiệm; cắt giảm các khoản chi chưa thực sự cần \
             thiết để tăng chi cho đầu tư phát triển.",
        ],
    },
    Sector {
        heading: "Đầu tư công, thu hút đầu tư và phát triển doanh nghiệp",
        subject: "công tác đầu tư công, thu hút đầu tư và phát triển doanh nghiệp",
        figs: &[
            fig(
                "tỷ lệ giải ngân vốn đầu tư công so với kế hoạch",
                "%",
                894,
                962,
                1000,
            ),
            fig(
                "tổng vốn đầu tư phát triển toàn xã hội",
                "tỷ đồng",
                518_600,
                574_300,
                640_000,
            ),
            count(
                "số doanh nghiệp thành lập mới",
                "doanh nghiệp",
                1418,
                1632,
                1800,
            ),
            fig(
                "vốn FDI đăng ký mới và tăng thêm",
                "triệu USD",
                14_560,
                18_720,
                20_000,
            ),
        ],
        results: &[
            "Công tác giải ngân vốn đầu tư công được chỉ đạo quyết liệt; các tổ công tác đặc biệt \
             xử lý kịp thời vướng mắc về bồi thường, giải phóng mặt bằng, nhiều công trình trọng \
             điểm về đích trước tiến độ.",
            "Môi trường đầu tư, kinh doanh tiếp tục được cải thiện; tỉnh đã trao quyết định chủ \
             trương đầu tư cho 46 dự án với tổng vốn đăng ký hơn 52 nghìn tỷ đồng.",
        ],
        limits: &[
            "Công tác bồi thường, giải phóng mặt bằng ở một số dự án còn chậm; năng lực của một số \
             chủ đầu tư, nhà thầu còn hạn chế, ảnh hưởng đến tiến độ giải ngân.",
        ],
        tasks: &[
            "Phấn đấu giải ngân 100% kế hoạch vốn đầu tư công năm 2027; gắn trách nhiệm người đứng \
             đầu với kết quả giải ngân, xử lý nghiêm các trường hợp gây chậm trễ.",
            "Tiếp tục cải thiện môi trường đầu tư, kinh doanh, nâng cao chỉ số năng lực cạnh tranh \
             cấp tỉnh; đồng hành, hỗ trợ doanh nghiệp, hộ kinh doanh phát triển.",
        ],
    },
    Sector {
        heading: "Quản lý đất đai, tài nguyên và bảo vệ môi trường",
        subject: "công tác quản lý đất đai, tài nguyên và bảo vệ môi trường",
        figs: &[
            fig(
                "tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý",
                "%",
                962,
                975,
                985,
            ),
            fig(
                "tỷ lệ dân số nông thôn dùng nước sạch đạt quy chuẩn",
                "%",
                618,
                664,
                700,
            ),
            count(
                "số giấy chứng nhận quyền sử dụng đất cấp lần đầu",
                "giấy",
                2845,
                3187,
                3300,
            ),
        ],
        results: &[
            "Công tác lập, điều chỉnh quy hoạch, kế hoạch sử dụng đất được thực hiện kịp thời sau \
             sắp xếp đơn vị hành chính; việc đấu giá quyền sử dụng đất được tổ chức công khai, \
             minh bạch.",
            "Công tác kiểm soát ô nhiễm môi trường được tăng cường; các điểm nóng về môi trường tại \
             làng nghề và khu dân cư tập trung được xử lý cơ bản.",
        ],
        limits: &[
            "Tình trạng khai thác khoáng sản trái phép vẫn còn xảy ra ở một số địa bàn; việc xử lý \
             rác thải sinh hoạt ở khu vực nông thôn chưa triệt để.",
        ],
        tasks: &[
            "Tăng cường quản lý nhà nước về đất đai, tài nguyên khoáng sản; xử lý dứt điểm các \
             trường hợp vi phạm, không để phát sinh điểm nóng.",
            "Đẩy nhanh tiến độ các dự án xử lý chất thải rắn tập trung; chủ động thích ứng với biến \
             đổi khí hậu, phòng, chống sạt lở bờ sông, bờ biển.",
        ],
    },
    Sector {
        heading: "Giáo dục và đào tạo",
        subject: "sự nghiệp giáo dục và đào tạo",
        figs: &[
            fig("tỷ lệ trường đạt chuẩn quốc gia", "%", 712, 746, 770),
            fig(
                "tỷ lệ học sinh tốt nghiệp trung học phổ thông",
                "%",
                992,
                994,
                995,
            ),
            count(
                "số phòng học được xây mới, sửa chữa",
                "phòng",
                612,
                784,
                800,
            ),
        ],
        results: &[
            "Chất lượng giáo dục toàn diện và giáo dục mũi nhọn được nâng lên; học sinh của tỉnh đạt \
             58 giải trong kỳ thi chọn học sinh giỏi quốc gia, trong đó có 2 giải nhất.",
            "Mạng lưới trường, lớp được sắp xếp thận trọng sau khi sắp xếp đơn vị hành chính cấp xã, \
             bảo đảm quyền lợi học tập của học sinh; chương trình giáo dục phổ thông được triển khai \
             đúng lộ trình.",
        ],
        limits: &[
            "Tình trạng thiếu giáo viên ở một số cấp học, môn học chưa được khắc phục; cơ sở vật \
             chất trường học ở vùng khó khăn còn thiếu thốn.",
        ],
        tasks: &[
            "Nâng cao chất lượng giáo dục toàn diện, chú trọng giáo dục đạo đức, kỹ năng sống và \
             ngoại ngữ; bảo đảm đủ giáo viên theo định mức, nhất là ở vùng khó khăn.",
            "Huy động các nguồn lực đầu tư cơ sở vật chất trường học; phấn đấu có thêm 20 trường \
             đạt chuẩn quốc gia trong năm 2027.",
        ],
    },
    Sector {
        heading: "Y tế và chăm sóc sức khỏe nhân dân",
        subject: "công tác y tế, chăm sóc sức khỏe nhân dân",
        figs: &[
            fig("tỷ lệ dân số tham gia bảo hiểm y tế", "%", 936, 948, 955),
            fig("số bác sĩ trên một vạn dân", "bác sĩ", 112, 121, 125),
            fig("số giường bệnh trên một vạn dân", "giường", 318, 326, 332),
        ],
        results: &[
            "Công tác y tế dự phòng được chú trọng, không để dịch bệnh lớn xảy ra; chất lượng khám, \
             chữa bệnh ở tuyến tỉnh và tuyến cơ sở có chuyển biến rõ, nhiều kỹ thuật cao được triển \
             khai thành công.",
            "Việc ứng dụng hồ sơ sức khỏe điện tử, thanh toán viện phí không dùng tiền mặt được mở \
             rộng; trạm y tế các xã, phường được củng cố sau sắp xếp.",
        ],
        limits: &[
            "Nhân lực y tế tuyến cơ sở còn thiếu, nhất là bác sĩ; tình trạng quá tải ở một số bệnh \
             viện tuyến tỉnh chưa được giải quyết căn bản.",
        ],
        tasks: &[
            "Nâng cao năng lực y tế cơ sở và y tế dự phòng; có chính sách thu hút bác sĩ về công tác \
             tại trạm y tế xã, phường.",
            "Đẩy nhanh tiến độ xây dựng Bệnh viện Đa khoa tỉnh giai đoạn 2; nâng cao chất lượng \
             khám, chữa bệnh và sự hài lòng của người bệnh.",
        ],
    },
    Sector {
        heading: "Văn hóa, thông tin và thể thao",
        subject: "lĩnh vực văn hóa, thông tin và thể thao",
        figs: &[
            fig(
                "tỷ lệ gia đình đạt danh hiệu gia đình văn hóa",
                "%",
                901,
                912,
                920,
            ),
            fig(
                "tỷ lệ thôn, tổ dân phố có nhà văn hóa đạt chuẩn",
                "%",
                874,
                893,
                910,
            ),
        ],
        results: &[
            "Các hoạt động văn hóa, văn nghệ, thể dục thể thao chào mừng các ngày lễ lớn của đất \
             nước được tổ chức trang trọng, thiết thực; phong trào Toàn dân đoàn kết xây dựng đời \
             sống văn hóa tiếp tục lan tỏa.",
            "Công tác bảo tồn, phát huy giá trị di sản văn hóa được quan tâm; thông tin tuyên truyền \
             về nhiệm vụ chính trị của tỉnh được thực hiện kịp thời, đa dạng trên các nền tảng số.",
        ],
        limits: &[
            "Thiết chế văn hóa ở một số xã sau sắp xếp chưa được sử dụng hiệu quả; phong trào thể \
             thao quần chúng phát triển chưa đồng đều.",
        ],
        tasks: &[
            "Xây dựng con người Phú Lâm phát triển toàn diện; phát huy giá trị di sản văn hóa gắn với \
             phát triển du lịch; sử dụng hiệu quả các thiết chế văn hóa cơ sở sau sắp xếp.",
        ],
    },
    Sector {
        heading: "Lao động, việc làm và an sinh xã hội",
        subject: "công tác lao động, việc làm và bảo đảm an sinh xã hội",
        figs: &[
            count(
                "số lao động được giải quyết việc làm",
                "người",
                32_500,
                34_120,
                35_000,
            ),
            fig("tỷ lệ lao động qua đào tạo", "%", 702, 718, 730),
            fig("tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "%", 31, 24, 18),
            count("số nhà Đại đoàn kết được bàn giao", "căn", 2146, 2890, 3000),
        ],
        results: &[
            "Các chính sách an sinh xã hội, ưu đãi người có công được thực hiện đầy đủ, kịp thời; \
             công tác giảm nghèo bền vững đạt kết quả tích cực, tỷ lệ hộ nghèo giảm nhanh hơn kế \
             hoạch.",
            "Thị trường lao động phục hồi; hoạt động kết nối cung - cầu lao động, đưa người lao động \
             đi làm việc ở nước ngoài theo hợp đồng được đẩy mạnh.",
        ],
        limits: &[
            "Chất lượng nguồn nhân lực chưa đáp ứng yêu cầu của các dự án công nghệ cao; tỷ lệ tham \
             gia bảo hiểm xã hội tự nguyện còn thấp.",
        ],
        tasks: &[
            "Thực hiện đầy đủ, kịp thời các chính sách an sinh xã hội; phấn đấu giảm tỷ lệ hộ nghèo \
             xuống dưới 2% vào cuối năm 2027.",
            "Gắn đào tạo nghề với nhu cầu của doanh nghiệp; phát triển thị trường lao động linh hoạt, \
             hiện đại, bền vững.",
        ],
    },
    Sector {
        heading: "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        subject: "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        figs: &[
            fig(
                "tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến toàn trình",
                "%",
                524,
                713,
                800,
            ),
            fig("tỷ trọng kinh tế số trong GRDP", "%", 124, 141, 160),
            fig(
                "tỷ lệ văn bản điện tử có chữ ký số giữa các cơ quan",
                "%",
                953,
                987,
                995,
            ),
        ],
        results: &[
            "Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi \
             mới sáng tạo và chuyển đổi số quốc gia được triển khai nghiêm túc; 100% xã, phường có \
             kết nối mạng truyền số liệu chuyên dùng.",
            "Hệ thống phòng họp không giấy được đưa vào sử dụng tại Tỉnh ủy và các cơ quan tham mưu, \
             giúp việc, tiết kiệm đáng kể chi phí in ấn tài liệu, bảo đảm an toàn tài liệu mật.",
        ],
        limits: &[
            "Chuyển đổi số ở cấp xã còn lúng túng; kỹ năng số của một bộ phận cán bộ, công chức và \
             người dân còn hạn chế; nguy cơ mất an toàn thông tin mạng còn tiềm ẩn.",
        ],
        tasks: &[
            "Hoàn thiện cơ sở dữ liệu dùng chung của tỉnh, kết nối với các cơ sở dữ liệu quốc gia; \
             bảo đảm an toàn, an ninh mạng và bảo vệ bí mật nhà nước trên môi trường số.",
            "Phổ cập kỹ năng số cho cán bộ, công chức và người dân; nhân rộng mô hình phòng họp không \
             giấy đến đảng ủy các xã, phường trong năm 2027.",
        ],
    },
    Sector {
        heading: "Cải cách hành chính và sắp xếp tổ chức bộ máy",
        subject: "công tác cải cách hành chính, sắp xếp tổ chức bộ máy",
        figs: &[
            fig(
                "chỉ số hài lòng của người dân, tổ chức với cơ quan hành chính",
                "%",
                832,
                861,
                880,
            ),
            fig(
                "tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
                "%",
                978,
                991,
                995,
            ),
        ],
        results: &[
            "Mô hình chính quyền địa phương hai cấp vận hành thông suốt, ổn định; tổ chức bộ máy của \
             hệ thống chính trị sau sắp xếp hoạt động tinh gọn, hiệu năng, hiệu lực, hiệu quả hơn.",
            "Trung tâm phục vụ hành chính công các xã, phường hoạt động nền nếp; thủ tục hành chính \
             được rà soát, cắt giảm, đơn giản hóa.",
        ],
        limits: &[
            "Một bộ phận cán bộ, công chức cấp xã chưa đáp ứng yêu cầu nhiệm vụ mới; việc bố trí, \
             sử dụng trụ sở dôi dư sau sắp xếp còn chậm.",
        ],
        tasks: &[
            "Tiếp tục hoàn thiện tổ chức bộ máy sau sắp xếp; đánh giá, sàng lọc, bố trí cán bộ theo \
             vị trí việc làm; xử lý dứt điểm trụ sở, tài sản công dôi dư.",
        ],
    },
    Sector {
        heading: "Quốc phòng, an ninh và đối ngoại",
        subject: "nhiệm vụ quốc phòng, an ninh và công tác đối ngoại",
        figs: &[
            fig("tỷ lệ điều tra, khám phá án hình sự", "%", 862, 889, 900),
            count("số vụ tai nạn giao thông", "vụ", 412, 367, 330),
        ],
        results: &[
            "Quốc phòng, quân sự địa phương được củng cố; diễn tập khu vực phòng thủ tỉnh năm 2026 \
             đạt kết quả tốt; hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ.",
            "An ninh chính trị, trật tự, an toàn xã hội được giữ vững; tai nạn giao thông giảm trên \
             cả ba tiêu chí; công tác đối ngoại được mở rộng, góp phần quảng bá hình ảnh của tỉnh.",
        ],
        limits: &[
            "Tội phạm lừa đảo chiếm đoạt tài sản trên không gian mạng có chiều hướng gia tăng; khiếu \
             nại đông người ở một số dự án còn diễn biến phức tạp.",
        ],
        tasks: &[
            "Xây dựng khu vực phòng thủ tỉnh vững chắc; nắm chắc tình hình, chủ động giải quyết từ \
             sớm, từ xa các vụ việc phức tạp, không để bị động, bất ngờ.",
            "Tấn công trấn áp các loại tội phạm, nhất là tội phạm công nghệ cao, ma túy; kéo giảm tai \
             nạn giao thông trên cả ba tiêu chí.",
        ],
    },
    Sector {
        heading: "Xây dựng Đảng và hệ thống chính trị",
        subject: "công tác xây dựng Đảng và hệ thống chính trị",
        figs: &[
            count(
                "số đảng viên mới được kết nạp",
                "đảng viên",
                3180,
                3345,
                3400,
            ),
            fig(
                "tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên",
                "%",
                892,
                905,
                910,
            ),
        ],
        results: &[
            "Công tác chính trị, tư tưởng được tăng cường; việc học tập, quán triệt và triển khai \
             thực hiện nghị quyết của Đảng được thực hiện nghiêm túc, kịp thời.",
            "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng được chú trọng; phòng, chống tham \
             nhũng, lãng phí, tiêu cực có chuyển biến rõ.",
        ],
        limits: &[
            "Chất lượng sinh hoạt chi bộ ở một số nơi chưa cao; công tác phát triển đảng viên trong \
             doanh nghiệp ngoài khu vực nhà nước còn khó khăn.",
        ],
        tasks: &[
            "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức đảng và đảng viên; xây dựng đội \
             ngũ cán bộ các cấp, nhất là cán bộ chủ chốt cấp xã, đủ phẩm chất, năng lực, uy tín.",
            "Thực hiện tốt công tác kiểm tra, giám sát; kiên quyết phòng, chống tham nhũng, lãng phí, \
             tiêu cực, thực hành tiết kiệm trong các cơ quan, đơn vị.",
        ],
    },
];

/// `text` with its first letter in upper case.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A value of `fig` without its unit: "8,2", "1.632".
///
/// Large values with nothing after the comma are written as whole numbers.
pub(crate) fn number(fig: &Fig, tenths: i64) -> String {
    if fig.whole || (tenths.abs() >= 10_000 && tenths % 10 == 0) {
        super::layout::int(tenths / 10)
    } else {
        super::layout::dec(tenths)
    }
}

/// A value of `fig` with its unit: "8,2%", "1.632 doanh nghiệp", "518,9 nghìn tấn".
pub(crate) fn value(fig: &Fig, tenths: i64) -> String {
    let number = number(fig, tenths);
    if fig.is_rate() {
        format!("{number}%")
    } else {
        format!("{number} {}", fig.unit)
    }
}

/// How `to` compares with `from`: "tăng 8,4%", "giảm 0,7 điểm phần trăm".
pub(crate) fn change(fig: &Fig, from: i64, to: i64) -> String {
    let (verb, amount) = if fig.is_rate() {
        let diff = to - from;
        let verb = if diff < 0 { "giảm" } else { "tăng" };
        (
            verb,
            format!("{} điểm phần trăm", super::layout::dec(diff.abs())),
        )
    } else {
        let pct = super::layout::ratio(to, from) - 1000;
        let verb = if pct < 0 { "giảm" } else { "tăng" };
        (verb, format!("{}%", super::layout::dec(pct.abs())))
    };
    format!("{verb} {amount}")
}
