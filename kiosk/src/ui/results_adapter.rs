//! Results of closed ballots as a bar chart (`ResultsAdapter`), straight
//! from the protocol's [`BallotResult`], so the seat shows what the minutes say.

use protocol::ballot::{Base, MajorityRule};
use protocol::tally::{BallotResult, BasisPoints, OptionResult, Outcome};
use slint::{ComponentHandle, SharedString};

use super::generated::{BallotKind, ResultBar, ResultTab};
use super::{AppWindow, Language, ResultsAdapter, int, model};

/// A share as the seat prints it: "84,44 %" in Vietnamese, "84.44 %" in English.
pub fn format_share(share: BasisPoints, language: Language) -> String {
    let separator = match language {
        Language::Vietnamese => ',',
        Language::English => '.',
    };
    format!("{}{separator}{:02} %", share.0 / 100, share.0 % 100)
}

/// The majority rule in words.
pub fn describe_rule(rule: MajorityRule, language: Language) -> &'static str {
    match language {
        Language::Vietnamese => rule.describe_vi(),
        Language::English => match rule {
            MajorityRule::MoreThanHalfOfMembers => "more than half of all members",
            MajorityRule::MoreThanHalfOfPresent => "more than half of the members present",
            MajorityRule::MoreThanHalfOfCast => "more than half of the votes cast",
            MajorityRule::TwoThirdsOfMembers => "at least two-thirds of all members",
        },
    }
}

/// An option's label in the UI's language: motion answers are translated
/// ("for", "against", "abstain"); candidates keep their names.
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

fn share_of_base(option: &OptionResult, rule: MajorityRule) -> BasisPoints {
    match rule.base() {
        Base::Members => option.of_members,
        Base::Present => option.of_present,
        Base::Cast => option.of_cast,
    }
}

/// Shows the closed ballots as tabs and `selected` (an index into `results`)
/// in full. Nothing is shown when `results` is empty.
pub fn show(window: &AppWindow, results: &[BallotResult], selected: usize) {
    let adapter = window.global::<ResultsAdapter>();
    adapter.set_tabs(model(
        results
            .iter()
            .map(|r| ResultTab {
                title: r.title.as_str().into(),
                secret: r.secret,
            })
            .collect(),
    ));
    let Some(result) = results.get(selected).or_else(|| results.last()) else {
        adapter.set_bars(model(Vec::new()));
        return;
    };
    let index = results
        .iter()
        .position(|r| std::ptr::eq(r, result))
        .unwrap_or(0);
    adapter.set_selected(i32::try_from(index).unwrap_or(0));
    show_result(window, result, super::language());
}

fn show_result(window: &AppWindow, result: &BallotResult, language: Language) {
    let adapter = window.global::<ResultsAdapter>();
    adapter.set_title(result.title.as_str().into());
    adapter.set_secret(result.secret);
    adapter.set_members(int(result.members));
    adapter.set_present(int(result.present));
    adapter.set_cast(int(result.cast));
    adapter.set_base(int(result.base));
    adapter.set_threshold(int(result.threshold));
    adapter.set_rule(describe_rule(result.majority, language).into());

    let names = |ids: &[protocol::ids::CandidateId]| -> Vec<SharedString> {
        ids.iter()
            .filter_map(|id| {
                let key = id.to_string();
                result.options.iter().find(|o| o.key == key)
            })
            .map(|o| o.label.as_str().into())
            .collect()
    };
    let (winning, tied): (Vec<String>, Vec<String>) = match &result.outcome {
        Outcome::Motion { passed } => {
            adapter.set_kind(BallotKind::Motion);
            adapter.set_passed(*passed);
            adapter.set_elected(model(Vec::new()));
            adapter.set_tied(model(Vec::new()));
            // The first option of a motion is "Tán thành": it wins when passed.
            let first = result.options.first().map(|o| o.key.clone());
            (
                if *passed {
                    first.into_iter().collect()
                } else {
                    Vec::new()
                },
                Vec::new(),
            )
        }
        Outcome::Election { elected, tied } => {
            adapter.set_kind(BallotKind::Election);
            adapter.set_passed(!elected.is_empty());
            adapter.set_elected(model(names(elected)));
            adapter.set_tied(model(names(tied)));
            (
                elected.iter().map(ToString::to_string).collect(),
                tied.iter().map(ToString::to_string).collect(),
            )
        }
    };
    let motion = matches!(result.outcome, Outcome::Motion { .. });
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
    adapter.set_bars(model(bars));
}

/// The delegate touched another ballot's tab (an index into the results shown).
pub fn on_select_result(window: &AppWindow, f: impl Fn(usize) + 'static) {
    window
        .global::<ResultsAdapter>()
        .on_select_result(move |i| {
            if let Ok(i) = usize::try_from(i) {
                f(i);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::{BasisPoints, Language, format_share};

    #[test]
    fn shares_use_the_decimal_separator_of_the_language() {
        assert_eq!(
            format_share(BasisPoints(8444), Language::Vietnamese),
            "84,44 %"
        );
        assert_eq!(format_share(BasisPoints(705), Language::English), "7.05 %");
    }
}
