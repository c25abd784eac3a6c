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

    fn page(&self, voting: bool, who: Option<&SignedIn>, page: Page, name: &str) -> Result<()> {
        app::preview(
            &self.window,
            &demo::view(voting),
            who,
            &self.settings,
            demo::NOW,
            page,
        );
        self.save(name)
    }

    fn message(&self, text: &str, tone: Tone) {
        let shell = self.window.global::<ShellAdapter>();
        shell.set_message(text.into());
        shell.set_message_tone(tone);
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
        ui::set_language(&self.window, Language::Vietnamese).context("cannot select Vietnamese")?;
        Ok(())
    }
}
