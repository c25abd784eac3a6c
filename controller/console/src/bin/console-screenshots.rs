//! Renders every console screen with the demo room (`console::demo`)
//! through Slint's software renderer and writes PNG files:
//! `console-*.png` in Vietnamese and `console-en-*.png` in English, at
//! 1920×1080. The screens go through the same presenters as a live room.
//!
//! Usage: `console-screenshots [OUT_DIR]` (default `target/screenshots`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use console::accounts::SignedIn;
use console::app::{self, Settings};
use console::demo;
use console::session::ConsoleView;
use console::ui::headless::Headless;
use console::ui::login_adapter::{self, LoginView};
use console::ui::{self, AppWindow, Language, Page, ShellAdapter, Tone};
use protocol::message::OperatorRole;
use slint::ComponentHandle;

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

fn main() -> Result<()> {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/screenshots"), PathBuf::from);
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let headless = Headless::install(WIDTH, HEIGHT)?;
    let window = AppWindow::new().context("cannot create the console window")?;
    window.show().context("cannot show the console window")?;
    let shots = Shots {
        headless,
        window,
        out,
        settings: Settings {
            room_name: "Phòng họp 301 — Tầng 3".into(),
            utc_offset_minutes: 420,
        },
    };
    shots.all(Language::Vietnamese, "console-")?;
    shots.english()?;
    Ok(())
}

struct Shots {
    headless: Headless,
    window: AppWindow,
    out: PathBuf,
    settings: Settings,
}

fn operator(role: OperatorRole, must_change: bool) -> SignedIn {
    let (account, name) = match role {
        OperatorRole::It => ("kythuat", "Trần Văn Kỹ"),
        OperatorRole::Chair => ("chutoa", "Nguyễn Văn An"),
        OperatorRole::Secretary => ("thuky", "Nguyễn Thị Hoa"),
    };
    SignedIn {
        account: account.parse().expect("a valid account"),
        full_name: name.into(),
        role,
        must_change_password: must_change,
    }
}

impl Shots {
    fn save(&self, name: &str) -> Result<()> {
        let path = self.out.join(format!("{name}.png"));
        self.headless.save_png(&path)?;
        println!("{}", path.display());
        Ok(())
    }

    fn show(&self, voting: bool, who: Option<&SignedIn>, page: Page) {
        self.show_view(&demo::view(voting), who, page);
    }

    fn show_view(&self, view: &ConsoleView, who: Option<&SignedIn>, page: Page) {
        app::preview(&self.window, view, who, &self.settings, demo::NOW, page);
    }

    fn page(&self, voting: bool, who: Option<&SignedIn>, page: Page, name: &str) -> Result<()> {
        self.show(voting, who, page);
        self.save(name)
    }

    fn message(&self, text: &str, tone: Tone) {
        let shell = self.window.global::<ShellAdapter>();
        shell.set_message(text.into());
        shell.set_message_tone(tone);
    }

    /// The records page with both forms filled in, a unit picked, and the
    /// controller's refusal of the last conclusion.
    fn records_form(&self, vi: bool) {
        let a = self.window.global::<ui::RecordsAdapter>();
        a.set_conclusion_draft(
            if vi {
                "Hội nghị đề nghị bổ sung lộ trình và nguồn lực thực hiện vào Dự thảo Nghị quyết."
            } else {
                "The meeting asks for a timetable and resources in the draft resolution."
            }
            .into(),
        );
        a.set_conclusion_ok(true);
        a.set_conclusion_count(
            if vi {
                "82/2000 ký tự"
            } else {
                "72/2000 characters"
            }
            .into(),
        );
        a.set_conclusion_error(
            if vi {
                "Ghi kết luận: bộ điều khiển từ chối — Đã đạt giới hạn kết luận và nhiệm vụ của cuộc họp"
            } else {
                "Add a conclusion: refused by the controller — The meeting's conclusions and tasks are as large as allowed"
            }
            .into(),
        );
        a.set_task_draft(
            if vi {
                "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã"
            } else {
                "Train the communes' officials in digital skills"
            }
            .into(),
        );
        let units = a.get_units();
        if let Some(mut u) = slint::Model::row_data(&units, 1) {
            u.selected = true;
            slint::Model::set_row_data(&units, 1, u);
        }
        a.set_deadline_draft("31/3/2027".into());
        a.set_deadline_note(
            if vi {
                "Thứ Tư, 31/03/2027"
            } else {
                "Wednesday, 31/03/2027"
            }
            .into(),
        );
        a.set_task_ok(true);
        a.set_confirm_kind("conclusion".into());
        a.set_confirm_number(4);
    }

    fn all(&self, language: Language, prefix: &str) -> Result<()> {
        let vi = language == Language::Vietnamese;
        ui::set_language(&self.window, language).context("cannot select the language")?;
        let secretary = operator(OperatorRole::Secretary, false);
        let it = operator(OperatorRole::It, false);

        self.page(false, None, Page::Login, &format!("{prefix}login"))?;
        login_adapter::show(
            &self.window,
            &LoginView {
                room: self.settings.room_name.clone(),
                busy: false,
                error: Some(if vi {
                    "Tên tài khoản hoặc mật khẩu không đúng.".into()
                } else {
                    "Wrong account name or password.".into()
                }),
                no_accounts: true,
            },
        );
        self.save(&format!("{prefix}login-error"))?;

        let first = operator(OperatorRole::Secretary, true);
        self.page(
            false,
            Some(&first),
            Page::ChangePassword,
            &format!("{prefix}change-password"),
        )?;
        self.window.global::<ui::PasswordAdapter>().set_error(
            if vi {
                "Mật khẩu mới phải có ít nhất 10 ký tự."
            } else {
                "The new password must have at least 10 characters."
            }
            .into(),
        );
        self.save(&format!("{prefix}change-password-error"))?;

        for (page, name) in [
            (Page::Meeting, "meeting"),
            (Page::Seats, "seats"),
            (Page::Attendance, "attendance"),
            (Page::Agenda, "agenda"),
            (Page::Records, "records"),
            (Page::Speakers, "speakers"),
            (Page::Notices, "notices"),
        ] {
            self.page(false, Some(&secretary), page, &format!("{prefix}{name}"))?;
        }
        self.page(
            false,
            Some(&secretary),
            Page::Ballots,
            &format!("{prefix}ballots"),
        )?;
        self.page(
            true,
            Some(&secretary),
            Page::Ballots,
            &format!("{prefix}ballot-open"),
        )?;
        self.message(
            if vi {
                "Mở biểu quyết: đã thực hiện"
            } else {
                "Open a ballot: done"
            },
            Tone::Positive,
        );
        self.save(&format!("{prefix}ballot-open-message"))?;
        self.page(
            true,
            Some(&secretary),
            Page::Seats,
            &format!("{prefix}seats-voting"),
        )?;
        self.show_view(&demo::closed_view(), Some(&secretary), Page::Meeting);
        self.save(&format!("{prefix}meeting-closed"))?;
        self.show_view(&demo::view(false), Some(&it), Page::Meeting);
        self.save(&format!("{prefix}meeting-it"))?;
        self.show(false, Some(&secretary), Page::Records);
        self.records_form(vi);
        self.save(&format!("{prefix}records-form"))?;
        self.page(
            false,
            Some(&it),
            Page::Records,
            &format!("{prefix}records-it"),
        )?;
        self.page(
            false,
            Some(&it),
            Page::Ballots,
            &format!("{prefix}ballots-it"),
        )?;
        self.message(
            if vi {
                "Mở biểu quyết: bộ điều khiển từ chối — Chưa đủ số thành viên có mặt theo quy định"
            } else {
                "Open a ballot: refused by the controller — The quorum is not met"
            },
            Tone::Negative,
        );
        self.save(&format!("{prefix}refused"))?;
        Ok(())
    }

    fn english(&self) -> Result<()> {
        ui::set_language(&self.window, Language::English).context("cannot select English")?;
        let secretary = operator(OperatorRole::Secretary, false);
        self.page(false, None, Page::Login, "console-en-login")?;
        self.page(
            true,
            Some(&secretary),
            Page::Ballots,
            "console-en-ballot-open",
        )?;
        self.page(
            false,
            Some(&secretary),
            Page::Attendance,
            "console-en-attendance",
        )?;
        self.page(false, Some(&secretary), Page::Meeting, "console-en-meeting")?;
        self.show_view(&demo::closed_view(), Some(&secretary), Page::Meeting);
        self.save("console-en-meeting-closed")?;
        self.page(false, Some(&secretary), Page::Records, "console-en-records")?;
        self.show(false, Some(&secretary), Page::Records);
        self.records_form(false);
        self.save("console-en-records-form")?;
        ui::set_language(&self.window, Language::Vietnamese).context("cannot select Vietnamese")?;
        Ok(())
    }
}
