//! Renders every kiosk screen with demo data through Slint's software
//! renderer and writes PNG files: `kiosk-*.png` in Vietnamese and
//! `kiosk-en-*.png` in English. `cargo xtask screenshots` runs it.
//!
//! Usage: `kiosk-screenshots [OUT_DIR]` (default `target/screenshots`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use kiosk::ui::agenda_adapter::{self, AgendaView, ItemView, PaperCache, PaperView};
use kiosk::ui::comments_adapter::{self, CommentsView};
use kiosk::ui::headless::Headless;
use kiosk::ui::notes_adapter::{self, InkView, NotesView};
use kiosk::ui::notice_adapter::{self, NoticeView};
use kiosk::ui::results_adapter;
use kiosk::ui::sign_in_adapter::{self, SignInView};
use kiosk::ui::speaking_adapter::{self, SpeakingView};
use kiosk::ui::standby_adapter::{self, StandbyView};
use kiosk::ui::status_adapter::{self, DelegateBadge, StatusView};
use kiosk::ui::viewer_adapter::{self, ViewerView};
use kiosk::ui::voting_adapter::{self, BallotPaper, BallotView, CandidateView, ElectionMarks};
use kiosk::ui::{
    self, AppWindow, CommentTarget, ConnectionState, FloorState, ItemState, Language, Page,
};
use protocol::ballot::{
    BallotKind, BallotSpec, Candidate, Choice, MajorityRule, MotionChoice, QuorumRule,
};
use protocol::ids::{BallotId, CandidateId};
use protocol::meeting::Classification;
use protocol::tally::{BallotResult, Counts, decide};
use slint::{ComponentHandle, Rgba8Pixel, SharedPixelBuffer};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 800;

fn main() -> Result<()> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/screenshots"), PathBuf::from);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;

    let headless = Headless::install(WIDTH, HEIGHT)?;
    let window = AppWindow::new().context("cannot create the kiosk window")?;
    window.show().context("cannot show the kiosk window")?;
    let shots = Shots {
        headless,
        window,
        out,
    };
    shots.all(Language::Vietnamese, "kiosk-")?;
    shots.english()?;
    Ok(())
}

struct Shots {
    headless: Headless,
    window: AppWindow,
    out: PathBuf,
}

impl Shots {
    fn save(&self, name: &str) -> Result<()> {
        let path = self.out.join(format!("{name}.png"));
        self.headless.save_png(&path)?;
        println!("{}", path.display());
        Ok(())
    }

    fn page(&self, page: Page, name: &str) -> Result<()> {
        ui::show_page(&self.window, page);
        self.save(name)
    }

    /// Every screen and variant, in one language.
    fn all(&self, language: Language, prefix: &str) -> Result<()> {
        let w = &self.window;
        ui::set_language(w, language).context("cannot select the language")?;
        reset(w);

        status_adapter::show(w, &status(None, ConnectionState::Online));
        standby_adapter::show(w, &standby());
        self.page(Page::Standby, &format!("{prefix}standby"))?;

        sign_in_adapter::show(
            w,
            &SignInView {
                delegate_name: Some("Nguyễn Văn An".into()),
                delegate_unit: "Ban Tuyên giáo Tỉnh ủy".into(),
                error: Some(match language {
                    Language::Vietnamese => "Mã PIN không đúng. Đồng chí vui lòng nhập lại.".into(),
                    Language::English => "Wrong PIN. Please try again.".into(),
                }),
                ..SignInView::default()
            },
        );
        self.page(Page::SignIn, &format!("{prefix}sign-in"))?;

        status_adapter::show(w, &status(Some(delegate()), ConnectionState::Online));
        agenda_adapter::show(w, &agenda());
        self.page(Page::Agenda, &format!("{prefix}agenda"))?;

        viewer_adapter::show(w, &viewer(Classification::Normal, None));
        viewer_adapter::set_page_image(w, demo_page(848, 1200, 3, false));
        viewer_adapter::set_thumbnails(
            w,
            (1..=12)
                .map(|p| (p, demo_page(106, 150, p, false)))
                .collect(),
        );
        self.page(Page::Viewer, &format!("{prefix}viewer"))?;

        notes_adapter::set_text(
            w,
            "Hỏi lại chỉ tiêu 80% hồ sơ xử lý trực tuyến ở cấp xã: nguồn kinh phí?",
        );
        notes_adapter::set_strokes(w, &demo_ink());
        notes_adapter::show(w, &notes(true));
        self.page(Page::Viewer, &format!("{prefix}viewer-notes"))?;
        notes_adapter::show(w, &notes(false));
        self.page(Page::Viewer, &format!("{prefix}viewer-notes-typing"))?;
        notes_adapter::show(w, &NotesView::default());
        notes_adapter::set_strokes(w, &[]);

        viewer_adapter::show(
            w,
            &viewer(
                Classification::Confidential,
                Some("MẬT · Nguyễn Văn An · Ghế 12".into()),
            ),
        );
        viewer_adapter::set_page_image(w, demo_page(848, 1200, 2, true));
        self.page(Page::Viewer, &format!("{prefix}viewer-classified"))?;

        voting_adapter::open(w, &motion_ballot());
        self.page(Page::Voting, &format!("{prefix}vote-motion"))?;
        voting_adapter::confirm(w, MotionChoice::For);
        self.page(Page::Voting, &format!("{prefix}vote-motion-confirm"))?;
        // A seat with vote keys: the second press of the key confirms.
        voting_adapter::set_desk_keys(w, true);
        voting_adapter::confirm(w, MotionChoice::Against);
        self.page(Page::Voting, &format!("{prefix}vote-motion-confirm-keys"))?;
        voting_adapter::set_desk_keys(w, false);
        voting_adapter::recorded(w, "7F3A-92CD", false);
        self.page(Page::Voting, &format!("{prefix}vote-receipt"))?;

        voting_adapter::open(w, &election_ballot());
        self.page(Page::Voting, &format!("{prefix}vote-election-secret"))?;
        w.global::<ui::VotingAdapter>()
            .set_step(ui::VoteStep::Confirm);
        self.page(Page::Voting, &format!("{prefix}vote-election-confirm"))?;
        voting_adapter::idle(w);
        self.page(Page::Voting, &format!("{prefix}vote-idle"))?;
        voting_adapter::open(w, &motion_ballot());
        voting_adapter::observing(w);
        self.page(Page::Voting, &format!("{prefix}vote-observing"))?;
        voting_adapter::idle(w);

        speaking_adapter::show(w, &speaking(FloorState::Queued));
        self.page(Page::Speaking, &format!("{prefix}speaking"))?;
        speaking_adapter::show(
            w,
            &SpeakingView {
                problem: Some("Yêu cầu chưa được ghi nhận: Phiên họp chưa bắt đầu.".into()),
                ..speaking(FloorState::Idle)
            },
        );
        self.page(Page::Speaking, &format!("{prefix}speaking-refused"))?;
        let mut granted = status(Some(delegate()), ConnectionState::Online);
        granted.speaking_position = None;
        granted.floor_granted = true;
        status_adapter::show(w, &granted);
        speaking_adapter::show(w, &speaking(FloorState::Speaking));
        self.page(Page::Speaking, &format!("{prefix}speaking-granted"))?;
        status_adapter::show(w, &status(Some(delegate()), ConnectionState::Online));

        comments_adapter::show(w, &comments());
        comments_adapter::set_text(
            w,
            "Đề nghị bổ sung chỉ tiêu về tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng ở cấp xã, phường",
        );
        self.page(Page::Comments, &format!("{prefix}comments"))?;

        let results = results()?;
        results_adapter::show(w, &results, 1);
        self.page(Page::Results, &format!("{prefix}results"))?;
        results_adapter::show(w, &results, 2);
        self.page(Page::Results, &format!("{prefix}results-election"))?;

        notice_adapter::show(w, Some(&notice(language)));
        agenda_adapter::show(w, &agenda());
        self.page(Page::Agenda, &format!("{prefix}notice"))?;
        notice_adapter::show(w, None);

        status_adapter::show(w, &status(Some(delegate()), ConnectionState::Offline));
        self.page(Page::Agenda, &format!("{prefix}offline"))?;
        status_adapter::set_connection(w, ConnectionState::Online);
        Ok(())
    }

    /// A few screens in English.
    fn english(&self) -> Result<()> {
        let w = &self.window;
        ui::set_language(w, Language::English).context("cannot select English")?;
        reset(w);
        status_adapter::show(w, &status(Some(delegate()), ConnectionState::Online));
        agenda_adapter::show(w, &agenda());
        self.page(Page::Agenda, "kiosk-en-agenda")?;
        voting_adapter::open(w, &motion_ballot());
        self.page(Page::Voting, "kiosk-en-vote-motion")?;
        voting_adapter::open(w, &election_ballot());
        self.page(Page::Voting, "kiosk-en-vote-election-secret")?;
        let results = results()?;
        results_adapter::show(w, &results, 1);
        self.page(Page::Results, "kiosk-en-results")?;
        status_adapter::show(w, &status(None, ConnectionState::Reconnecting));
        standby_adapter::show(w, &standby());
        self.page(Page::Standby, "kiosk-en-standby")?;
        sign_in_adapter::show(w, &SignInView::default());
        self.page(Page::SignIn, "kiosk-en-sign-in")?;
        ui::set_language(w, Language::Vietnamese).context("cannot select Vietnamese")?;
        Ok(())
    }
}

fn reset(w: &AppWindow) {
    notice_adapter::show(w, None);
}

fn delegate() -> DelegateBadge {
    DelegateBadge {
        full_name: "Nguyễn Văn An".into(),
        unit_name: "Ban Tuyên giáo Tỉnh ủy".into(),
    }
}

fn status(delegate: Option<DelegateBadge>, connection: ConnectionState) -> StatusView {
    let signed_in = delegate.is_some();
    StatusView {
        room: "Hội trường A — Tầng 3".into(),
        seat: "12".into(),
        // Before sign-in the standby screen shows the same early time.
        clock: if signed_in { "08:42" } else { "07:48" }.into(),
        connection,
        papers_cached: 18,
        papers_total: 20,
        delegate,
        ballot_open: signed_in,
        speaking_position: signed_in.then_some(2),
        floor_granted: false,
    }
}

fn standby() -> StandbyView {
    StandbyView {
        organisation: "TỈNH ỦY BÌNH ĐỊNH".into(),
        meeting_title: "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15 (mở rộng)".into(),
        room: "Hội trường A — Tầng 3, Trụ sở Tỉnh ủy".into(),
        clock: "07:48".into(),
        weekday: Some(2),
        date: "25/11/2025".into(),
        starts_at: "08:00".into(),
        in_session: false,
        seat: "12".into(),
        seat_delegate: Some("Nguyễn Văn An".into()),
    }
}

fn agenda() -> AgendaView {
    let item = |id: &str, title: &str, presenter: Option<&str>, state, papers| ItemView {
        id: id.into(),
        number: id.trim_start_matches('i').into(),
        title: title.into(),
        presenter: presenter.map(Into::into),
        state,
        selected: id == "i3",
        papers,
    };
    AgendaView {
        meeting_title: "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15 (mở rộng)".into(),
        items: vec![
            item(
                "i1",
                "Khai mạc hội nghị; thông qua chương trình làm việc",
                Some("Đồng chí Bí thư Tỉnh ủy"),
                ItemState::Done,
                1,
            ),
            item(
                "i2",
                "Báo cáo kết quả thực hiện nhiệm vụ chính trị năm 2025, phương hướng năm 2026",
                Some("Văn phòng Tỉnh ủy"),
                ItemState::Done,
                3,
            ),
            item(
                "i3",
                "Dự thảo Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị",
                Some("Ban Tuyên giáo Tỉnh ủy"),
                ItemState::Current,
                3,
            ),
            item(
                "i4",
                "Công tác cán bộ: bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy",
                Some("Ban Tổ chức Tỉnh ủy"),
                ItemState::Upcoming,
                2,
            ),
            item("i5", "Bế mạc hội nghị", None, ItemState::Upcoming, 0),
        ],
        selected_title:
            "Dự thảo Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị".into(),
        papers: vec![
            PaperView {
                id: "d4".into(),
                title: "Tờ trình số 87-TTr/BTG về dự thảo Nghị quyết chuyển đổi số".into(),
                pages: 6,
                classification: Classification::Normal,
                cache: PaperCache::Cached,
            },
            PaperView {
                id: "d5".into(),
                title: "Dự thảo Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị"
                    .into(),
                pages: 24,
                classification: Classification::Confidential,
                cache: PaperCache::Downloading { progress: 0.45 },
            },
            PaperView {
                id: "d6".into(),
                title: "Báo cáo đánh giá an toàn thông tin mạng của tỉnh".into(),
                pages: 12,
                classification: Classification::Secret,
                cache: PaperCache::Missing,
            },
        ],
    }
}

fn viewer(classification: Classification, watermark: Option<String>) -> ViewerView {
    ViewerView {
        title: "Dự thảo Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị".into(),
        classification,
        page: 3,
        page_count: 24,
        loading: false,
        zoom_percent: 100,
        following: true,
        presenter_page: Some(5),
        watermark,
        note_count: 2,
    }
}

fn notes(pen: bool) -> NotesView {
    NotesView {
        open: true,
        page_label: "Trang 3".into(),
        pen,
        status: String::new(),
    }
}

/// A few strokes as a delegate draws them: a line under a paragraph, a
/// circle round a figure, a tick in the margin.
fn demo_ink() -> Vec<InkView> {
    let pen = |commands: &str| InkView {
        commands: commands.into(),
        width: 0.006,
        color: [0x1f, 0x4e, 0xb4],
    };
    vec![
        pen("M 140 318 L 300 320 L 500 319 L 700 321 L 900 320"),
        pen(
            "M 600 400 L 680 385 L 760 395 L 790 420 L 760 448 L 680 455 L 610 440 L 590 415 L 610 398",
        ),
        pen("M 40 500 L 55 520 L 85 470"),
    ]
}

fn motion_ballot() -> BallotView {
    BallotView {
        title: "Biểu quyết thông qua Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị".into(),
        item: "Mục 3 — Dự thảo Nghị quyết về chuyển đổi số".into(),
        paper: BallotPaper::Motion,
        secret: false,
        time_left: Some("01:45".into()),
        turnout: "32/45".into(),
    }
}

fn candidates() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("c1", "Trần Thị Bình", "Ban Dân vận Tỉnh ủy"),
        ("c2", "Lê Văn Cường", "Ủy ban Kiểm tra Tỉnh ủy"),
        ("c3", "Phạm Minh Đức", "Sở Khoa học và Công nghệ"),
        ("c4", "Hoàng Thị Hạnh", "Hội Liên hiệp Phụ nữ tỉnh"),
        ("c5", "Võ Quốc Khánh", "Đảng ủy các cơ quan Đảng tỉnh"),
    ]
}

fn election_ballot() -> BallotView {
    let kept = ["c1", "c2", "c4"];
    BallotView {
        title: "Bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy khóa XX, nhiệm kỳ 2025 – 2030".into(),
        item: "Mục 4 — Công tác cán bộ".into(),
        paper: BallotPaper::Election(ElectionMarks {
            candidates: candidates()
                .into_iter()
                .map(|(id, name, unit)| CandidateView {
                    id: id.into(),
                    full_name: name.into(),
                    unit_name: unit.into(),
                    kept: kept.contains(&id),
                })
                .collect(),
            max_keep: 3,
            kept: 3,
            valid: true,
        }),
        secret: true,
        time_left: Some("04:20".into()),
        turnout: "18/45".into(),
    }
}

fn speaking(state: FloorState) -> SpeakingView {
    let speaking = state == FloorState::Speaking;
    SpeakingView {
        state,
        position: (state == FloorState::Queued).then_some(2),
        floor_holder: Some(if speaking {
            "Nguyễn Văn An — Ban Tuyên giáo Tỉnh ủy".into()
        } else {
            "Trần Thị Bình — Ban Dân vận Tỉnh ủy".into()
        }),
        queue: if speaking {
            vec!["Lê Văn Cường".into(), "Hoàng Thị Hạnh".into()]
        } else {
            vec![
                "Lê Văn Cường".into(),
                "Nguyễn Văn An".into(),
                "Hoàng Thị Hạnh".into(),
            ]
        },
        pending: false,
        problem: None,
    }
}

fn comments() -> CommentsView {
    CommentsView {
        target: CommentTarget::Page,
        target_label: "Dự thảo Nghị quyết về chuyển đổi số — trang 3".into(),
        paper_available: true,
        max_chars: 4000,
        sending: false,
        status: None,
    }
}

fn notice(language: Language) -> NoticeView {
    NoticeView {
        number: 3,
        text: match language {
            Language::Vietnamese => "Đề nghị các đồng chí đại biểu trở lại hội trường trước 14 giờ 00 để tiếp tục phiên họp buổi chiều.".into(),
            Language::English => "Delegates are asked to return to the hall by 14:00 for the afternoon session.".into(),
        },
        time: "10:15".into(),
    }
}

/// Three closed ballots, decided by the protocol's own tally.
fn results() -> Result<Vec<BallotResult>> {
    let motion = |id: &str, title: &str| -> Result<BallotSpec> {
        Ok(BallotSpec {
            id: BallotId::new(id)?,
            title: title.into(),
            item: None,
            kind: BallotKind::Motion,
            secret: false,
            majority: MajorityRule::MoreThanHalfOfMembers,
            quorum: QuorumRule::TwoThirdsOfMembers,
            duration_secs: Some(120),
            allow_change: false,
        })
    };
    let tally = |spec: &BallotSpec, choices: &[(Choice, u32)]| {
        let mut counts = Counts::new(spec);
        for (choice, n) in choices {
            for _ in 0..*n {
                counts.add(spec, choice);
            }
        }
        decide(spec, &counts, 45, 43)
    };
    let agenda = motion("b1", "Thông qua chương trình hội nghị")?;
    let resolution = motion(
        "b2",
        "Biểu quyết thông qua Nghị quyết về chuyển đổi số trong hoạt động của hệ thống chính trị",
    )?;
    let people = candidates();
    let election = BallotSpec {
        id: BallotId::new("b3")?,
        title: "Bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy".into(),
        item: None,
        kind: BallotKind::Election {
            candidates: people
                .iter()
                .map(|(id, name, unit)| {
                    Ok(Candidate {
                        id: CandidateId::new(*id)?,
                        full_name: (*name).into(),
                        unit_name: (*unit).into(),
                    })
                })
                .collect::<Result<_>>()?,
            max_choices: 3,
        },
        secret: true,
        majority: MajorityRule::MoreThanHalfOfCast,
        quorum: QuorumRule::TwoThirdsOfMembers,
        duration_secs: Some(300),
        allow_change: false,
    };
    let keep = |ids: &[&str]| -> Result<Choice> {
        Ok(Choice::Election(
            ids.iter()
                .map(|id| CandidateId::new(*id))
                .collect::<Result<_, _>>()?,
        ))
    };
    let m = |c| Choice::Motion(c);
    Ok(vec![
        tally(&agenda, &[(m(MotionChoice::For), 43)]),
        tally(
            &resolution,
            &[
                (m(MotionChoice::For), 38),
                (m(MotionChoice::Against), 3),
                (m(MotionChoice::Abstain), 1),
            ],
        ),
        tally(
            &election,
            &[
                (keep(&["c1", "c2", "c4"])?, 24),
                (keep(&["c1", "c3", "c4"])?, 10),
                (keep(&["c2", "c5"])?, 5),
                (keep(&["c1"])?, 3),
            ],
        ),
    ])
}

/// A stand-in for a rendered page: an A4 sheet with the shapes of an
/// official document (letterhead, national motto, title, paragraphs).
fn demo_page(
    width: u32,
    height: u32,
    page: u32,
    classified: bool,
) -> SharedPixelBuffer<Rgba8Pixel> {
    let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(width, height);
    let w = f64::from(width);
    let h = f64::from(height);
    let pixels = buffer.make_mut_slice();
    pixels.fill(Rgba8Pixel::new(255, 255, 255, 255));
    let mut bar = |x0: f64, y0: f64, x1: f64, y1: f64, rgb: (u8, u8, u8)| {
        let to_px = |v: f64, max: f64| -> usize {
            // Coordinates are fractions of the page; clamp to the buffer.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let px = (v.clamp(0.0, 1.0) * max).round() as usize;
            px
        };
        let (x0, x1) = (to_px(x0, w), to_px(x1, w));
        let (y0, y1) = (to_px(y0, h), to_px(y1, h));
        let stride = usize::try_from(width).unwrap_or(0);
        for y in y0..y1.max(y0 + 1) {
            for x in x0..x1 {
                if let Some(p) = pixels.get_mut(y * stride + x) {
                    *p = Rgba8Pixel::new(rgb.0, rgb.1, rgb.2, 255);
                }
            }
        }
    };
    let ink = (60, 60, 64);
    let light = (150, 150, 156);
    let red = (166, 25, 46);
    // Letterhead: agency (left), national title and motto (right).
    bar(0.08, 0.06, 0.38, 0.072, ink);
    bar(0.13, 0.08, 0.33, 0.09, ink);
    bar(0.18, 0.1, 0.28, 0.102, ink);
    bar(0.48, 0.06, 0.93, 0.072, ink);
    bar(0.55, 0.08, 0.86, 0.09, ink);
    bar(0.6, 0.1, 0.81, 0.102, ink);
    bar(0.58, 0.12, 0.92, 0.128, light);
    if classified {
        bar(0.08, 0.12, 0.2, 0.15, red);
    }
    // Title.
    bar(0.3, 0.19, 0.7, 0.205, ink);
    bar(0.22, 0.215, 0.78, 0.228, ink);
    bar(0.4, 0.24, 0.6, 0.248, light);
    // Paragraphs, a little different on every page.
    let mut y = 0.29;
    let mut line = page;
    while y < 0.9 {
        for i in 0..5 {
            let end = if i == 4 {
                0.45 + f64::from(line % 5) * 0.08
            } else {
                0.92
            };
            let start = if i == 0 { 0.14 } else { 0.08 };
            bar(start, y, end, y + 0.009, light);
            y += 0.022;
            line += 3;
        }
        y += 0.018;
    }
    // Page number.
    bar(0.48, 0.95, 0.52, 0.958, light);
    buffer
}
