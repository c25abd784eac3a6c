//! Ballots: prepared, open, and results as a bar chart (`BallotsAdapter`).
//! Results come straight from the protocol's [`BallotResult`], so the
//! console shows what the seats and the minutes say.

use protocol::ballot::{Base, MajorityRule};
use protocol::tally::{BallotResult, BasisPoints, OptionResult, Outcome};
use slint::ComponentHandle;

use super::{
    AppWindow, BallotsAdapter, Language, PreparedBallot, ResultBar, ResultTab, int, model, strings,
};
use crate::text;

/// The ballot open now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenView {
    pub title: String,
    pub secret: bool,
    pub timer: String,
    pub timer_caption: String,
    pub timer_urgent: bool,
    pub voted: u32,
    /// Members present: those who can vote.
    pub voters: u32,
    /// Present members who have not voted yet, by name (a few, then how many more).
    pub waiting: String,
}

/// A closed ballot, as shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultView {
    pub title: String,
    pub secret: bool,
    pub motion: bool,
    pub passed: bool,
    pub members: u32,
    pub present: u32,
    pub cast: u32,
    pub bars: Vec<ResultBar>,
    pub base: u32,
    pub threshold: u32,
    pub rule: String,
    pub elected: Vec<String>,
    pub tied: Vec<String>,
}

/// What the ballots page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BallotsView {
    pub prepared: Vec<PreparedBallot>,
    pub open: Option<OpenView>,
    pub tabs: Vec<ResultTab>,
    pub selected: usize,
    pub result: Option<ResultView>,
    pub can_run: bool,
    pub why_not: String,
}

/// A share as printed: "84,44 %" in Vietnamese, "84.44 %" in English.
pub fn format_share(share: BasisPoints, language: Language) -> String {
    let separator = match language {
        Language::Vietnamese => ',',
        Language::English => '.',
    };
    format!("{}{separator}{:02} %", share.0 / 100, share.0 % 100)
}

fn share_of_base(option: &OptionResult, rule: MajorityRule) -> BasisPoints {
    match rule.base() {
        Base::Members => option.of_members,
        Base::Present => option.of_present,
        Base::Cast => option.of_cast,
    }
}

/// An option's label: motion answers in the UI's language, candidates by name.
fn option_label(option: &OptionResult, motion: bool, language: Language) -> String {
    if !motion || language == Language::Vietnamese {
        return option.label.clone();
    }
    match option.key.as_str() {
        "for" => "In favour".to_owned(),
        "against" => "Against".to_owned(),
        "abstain" => "Abstain".to_owned(),
        _ => option.label.clone(),
    }
}

/// How a closed ballot is shown: bars measured against the rule's base,
/// the winners marked, the rule in words.
pub fn result_view(result: &BallotResult, language: Language) -> ResultView {
    let label_of = |key: &str| {
        result
            .options
            .iter()
            .find(|o| o.key == key)
            .map(|o| o.label.clone())
    };
    let (motion, passed, winning, tied): (bool, bool, Vec<String>, Vec<String>) =
        match &result.outcome {
            Outcome::Motion { passed } => {
                // The first option of a motion is "Tán thành": it wins when passed.
                let first = result.options.first().map(|o| o.key.clone());
                let winning = if *passed {
                    first.into_iter().collect()
                } else {
                    Vec::new()
                };
                (true, *passed, winning, Vec::new())
            }
            Outcome::Election { elected, tied } => (
                false,
                !elected.is_empty(),
                elected.iter().map(ToString::to_string).collect(),
                tied.iter().map(ToString::to_string).collect(),
            ),
        };
    let bars = result
        .options
        .iter()
        .map(|o| ResultBar {
            label: option_label(o, motion, language).into(),
            votes: int(o.votes),
            share: format_share(share_of_base(o, result.majority), language).into(),
            winning: winning.contains(&o.key),
            tied: tied.contains(&o.key),
        })
        .collect();
    ResultView {
        title: result.title.clone(),
        secret: result.secret,
        motion,
        passed,
        members: result.members,
        present: result.present,
        cast: result.cast,
        bars,
        base: result.base,
        threshold: result.threshold,
        rule: text::majority(result.majority, language).to_owned(),
        elected: if motion {
            Vec::new()
        } else {
            winning.iter().filter_map(|k| label_of(k)).collect()
        },
        tied: tied.iter().filter_map(|k| label_of(k)).collect(),
    }
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &BallotsView) {
    let a = window.global::<BallotsAdapter>();
    a.set_prepared(model(v.prepared.clone()));
    let open = v.open.clone().unwrap_or_default();
    a.set_open(v.open.is_some());
    a.set_open_title(open.title.as_str().into());
    a.set_open_secret(open.secret);
    a.set_timer(open.timer.as_str().into());
    a.set_timer_caption(open.timer_caption.as_str().into());
    a.set_timer_urgent(open.timer_urgent);
    a.set_voted(int(open.voted));
    a.set_voters(int(open.voters));
    a.set_waiting(open.waiting.as_str().into());
    a.set_tabs(model(v.tabs.clone()));
    a.set_selected(i32::try_from(v.selected).unwrap_or(0));
    let result = v.result.clone().unwrap_or_default();
    a.set_has_result(v.result.is_some());
    a.set_result_title(result.title.as_str().into());
    a.set_result_secret(result.secret);
    a.set_result_motion(result.motion);
    a.set_passed(result.passed);
    a.set_members(int(result.members));
    a.set_present(int(result.present));
    a.set_cast(int(result.cast));
    a.set_bars(model(result.bars));
    a.set_base(int(result.base));
    a.set_threshold(int(result.threshold));
    a.set_rule(result.rule.as_str().into());
    a.set_elected(strings(&result.elected));
    a.set_tied(strings(&result.tied));
    a.set_can_run(v.can_run);
    a.set_why_not(v.why_not.as_str().into());
}

/// "Mở biểu quyết", with the prepared ballot's id.
pub fn on_open_ballot(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<BallotsAdapter>()
        .on_open_ballot(move |id| f(id.to_string()));
}

/// "Kết thúc biểu quyết".
pub fn on_close_ballot(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<BallotsAdapter>().on_close_ballot(f);
}

/// "Hủy biểu quyết".
pub fn on_cancel_ballot(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<BallotsAdapter>().on_cancel_ballot(f);
}

/// Another closed ballot's tab (an index into the results).
pub fn on_select_result(window: &AppWindow, f: impl Fn(usize) + 'static) {
    window
        .global::<BallotsAdapter>()
        .on_select_result(move |i| {
            if let Ok(i) = usize::try_from(i) {
                f(i);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_use_the_decimal_separator_of_the_language() {
        assert_eq!(
            format_share(BasisPoints(8444), Language::Vietnamese),
            "84,44 %"
        );
        assert_eq!(format_share(BasisPoints(705), Language::English), "7.05 %");
    }

    #[test]
    fn a_passed_motion_marks_its_first_bar_and_says_its_rule() {
        let package = crate::demo::package();
        let v = result_view(&crate::demo::agenda_result(&package), Language::Vietnamese);
        assert!(v.motion && v.passed);
        assert!(v.bars[0].winning && !v.bars[1].winning);
        assert_eq!(v.rule, "quá nửa số thành viên có mặt");
        assert_eq!((v.base, v.threshold), (21, 11));
    }
}
