//! The Slint UI layer: the generated window, one adapter module per screen,
//! and the language switch.
//!
//! Each `*_adapter` module owns one `export global XxxAdapter` of the
//! `.slint` files: a plain Rust view struct goes in through `show`, and the
//! screen's callbacks come out through `on_*` functions taking closures. No
//! rule is decided here or in the `.slint` files: `protocol` (what a role may
//! do, quorum and majority), the accounts and the presenters of [`crate::app`]
//! decide; these modules only carry their decisions to the screen and the
//! operator's clicks back.

pub mod agenda_adapter;
pub mod attendance_adapter;
pub mod ballots_adapter;
pub use ui_headless as headless;
pub mod login_adapter;
pub mod meeting_adapter;
pub mod notices_adapter;
pub mod password_adapter;
pub mod records_adapter;
pub mod seats_adapter;
pub mod shell_adapter;
pub mod speakers_adapter;

use std::cell::Cell;

use slint::ComponentHandle;

/// The code `slint-build` generated from `ui/app.slint`: the window, the
/// adapters (globals), and the structs and enums they use.
#[allow(
    clippy::all,
    clippy::pedantic,
    clippy::unwrap_used,
    clippy::todo,
    clippy::dbg_macro,
    missing_debug_implementations,
    unreachable_pub,
    missing_docs
)]
pub mod generated {
    slint::include_modules!();
}

pub use generated::{
    AgendaAdapter, AppWindow, AttendanceAdapter, BallotState, BallotsAdapter, ConclusionRow,
    ConnectionState, CountRow, DelegateRow, DocumentChoice, ItemRow, LogRow, LoginAdapter,
    MeetingAdapter, NoticeRow, NoticesAdapter, Page, PaperRow, PasswordAdapter, PreparedBallot,
    Presence, QuorumLine, RecordItem, RecordsAdapter, ResultBar, ResultTab, SeatTile, SeatsAdapter,
    ShellAdapter, SpeakerRow, SpeakersAdapter, StoredRow, SyncRow, TaskRow, Tone, UnitChoice,
    UploadLine, VoteMark,
};

/// The languages of the console: Vietnamese first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Vietnamese,
    English,
}

impl Language {
    /// The short code the top bar shows and asks for ("vi", "en").
    pub fn code(self) -> &'static str {
        match self {
            Self::Vietnamese => "vi",
            Self::English => "en",
        }
    }

    /// The language with this code, if it is one of ours.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Self::Vietnamese),
            "en" => Some(Self::English),
            _ => None,
        }
    }
}

thread_local! {
    /// The language of the UI thread (Slint's bundled translation is chosen
    /// per thread too), so the words made in Rust follow the `.slint` ones.
    static ENGLISH: Cell<bool> = const { Cell::new(false) };
}

/// Switches the language of every string of the UI at once.
///
/// The `.slint` strings are Vietnamese; English comes from the bundled
/// `assets/translations/en/LC_MESSAGES/console.po`. Call this once after
/// creating the window too, or Slint picks a language from the system locale.
pub fn set_language(
    window: &AppWindow,
    language: Language,
) -> Result<(), slint::SelectBundledTranslationError> {
    let bundle = match language {
        Language::Vietnamese => "",
        Language::English => "en",
    };
    slint::select_bundled_translation(bundle)?;
    ENGLISH.with(|e| e.set(language == Language::English));
    window
        .global::<ShellAdapter>()
        .set_language(language.code().into());
    Ok(())
}

/// The language last set with [`set_language`] on this thread.
pub fn language() -> Language {
    if ENGLISH.with(Cell::get) {
        Language::English
    } else {
        Language::Vietnamese
    }
}

/// Shows one screen.
pub fn show_page(window: &AppWindow, page: Page) {
    window.set_current_page(page);
}

/// The screen showing now.
pub fn current_page(window: &AppWindow) -> Page {
    window.get_current_page()
}

/// A count as a Slint `int`.
pub(crate) fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A list of Slint values as a model.
pub(crate) fn model<T: Clone + 'static>(items: Vec<T>) -> slint::ModelRc<T> {
    slint::ModelRc::new(slint::VecModel::from(items))
}

/// A list of texts as a model of Slint strings.
pub(crate) fn strings(items: &[String]) -> slint::ModelRc<slint::SharedString> {
    model(items.iter().map(|s| s.as_str().into()).collect())
}
