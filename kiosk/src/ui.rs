//! The Slint UI layer: the generated window, one adapter module per screen,
//! and the language switch.
//!
//! Each `*_adapter` module owns one `export global XxxAdapter` of the `.slint`
//! files: plain Rust view structs go in through `show` (or a few narrower
//! setters), and the screen's callbacks come out through `on_*` functions
//! taking closures. No rule is decided here or in the `.slint` files: the
//! kiosk core decides, these modules only carry its decisions to the screen
//! and the delegate's touches back.
//!
//! ```no_run
//! use kiosk::ui::{self, AppWindow, Page};
//! use slint::ComponentHandle;
//!
//! let window = AppWindow::new()?;
//! ui::set_language(&window, ui::Language::Vietnamese)?;
//! ui::status_adapter::connect_default_navigation(&window);
//! ui::sign_in_adapter::on_sign_in_pin(&window, |pin| println!("PIN of {} digits", pin.len()));
//! ui::show_page(&window, Page::SignIn);
//! window.run()?;
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod agenda_adapter;
pub mod comments_adapter;
pub mod desk_keys_adapter;
pub use ui_headless as headless;
pub mod notes_adapter;
pub mod notice_adapter;
pub mod results_adapter;
pub mod sign_in_adapter;
pub mod speaking_adapter;
pub mod standby_adapter;
pub mod status_adapter;
pub mod viewer_adapter;
pub mod voting_adapter;

use std::sync::atomic::{AtomicBool, Ordering};

use slint::ComponentHandle;

/// The code `slint-build` generated from `ui/app.slint`: the window, the
/// adapters (globals), and the structs and enums they use. The adapter
/// modules wrap these; reach in here only for what they do not cover.
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
    AgendaAdapter, AppWindow, CacheState, CommentTarget, CommentsAdapter, ConnectionState,
    FloorState, ItemState, NoticeAdapter, Page, ResultsAdapter, SignInAdapter, SpeakingAdapter,
    StandbyAdapter, StatusAdapter, ViewerAdapter, VoteStep, VotingAdapter,
};

/// The languages of the seat screen: Vietnamese first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    Vietnamese,
    English,
}

impl Language {
    /// The short code the status bar shows and asks for ("vi", "en").
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

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Switches the language of every string of the UI at once.
///
/// The `.slint` strings are Vietnamese; English comes from the bundled
/// `assets/translations/en/LC_MESSAGES/kiosk.po`. Call this once after
/// creating the window, too: otherwise Slint picks a language from the
/// system locale, and a seat must start in Vietnamese.
pub fn set_language(
    window: &AppWindow,
    language: Language,
) -> Result<(), slint::SelectBundledTranslationError> {
    // The source strings are the Vietnamese ones; "" selects them.
    let bundle = match language {
        Language::Vietnamese => "",
        Language::English => "en",
    };
    slint::select_bundled_translation(bundle)?;
    ENGLISH.store(language == Language::English, Ordering::Relaxed);
    window
        .global::<StatusAdapter>()
        .set_language(language.code().into());
    Ok(())
}

/// The language last set with [`set_language`].
pub fn language() -> Language {
    if ENGLISH.load(Ordering::Relaxed) {
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

/// A Slint `int` that should be a count or a page number; `None` if negative.
pub(crate) fn count(n: i32) -> Option<u32> {
    u32::try_from(n).ok()
}

/// A list of Slint values as a model.
pub(crate) fn model<T: Clone + 'static>(items: Vec<T>) -> slint::ModelRc<T> {
    slint::ModelRc::new(slint::VecModel::from(items))
}
