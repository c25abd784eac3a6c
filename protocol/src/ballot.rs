//! Ballots: motions (biểu quyết) and elections (bầu cử), open or secret,
//! with the majority and quorum rules of Vietnamese Party and State practice.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ids::{BallotId, CandidateId, ItemId};

/// What the secretary opens: a prepared ballot from the package or a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotSpec {
    pub id: BallotId,
    pub title: String,
    /// The agenda item the ballot decides, if any.
    #[serde(default)]
    pub item: Option<ItemId>,
    pub kind: BallotKind,
    /// A secret ballot (bỏ phiếu kín): choices travel sealed; who voted what is never kept.
    #[serde(default)]
    pub secret: bool,
    pub majority: MajorityRule,
    /// Checked when the ballot opens.
    #[serde(default)]
    pub quorum: QuorumRule,
    /// Seconds the ballot stays open; `None` until the secretary closes it.
    #[serde(default)]
    pub duration_secs: Option<u32>,
    /// Whether a delegate may change the vote before close (open ballots only).
    #[serde(default)]
    pub allow_change: bool,
}

/// A motion or an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum BallotKind {
    /// Yes / no / abstain on one question.
    Motion,
    /// Choose up to `max_choices` of the candidates by striking the others (gạch tên).
    Election {
        candidates: Vec<Candidate>,
        max_choices: u32,
    },
}

/// A person standing in an election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: CandidateId,
    pub full_name: String,
    #[serde(default)]
    pub unit_name: String,
}

/// The three answers to a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MotionChoice {
    /// Tán thành.
    For,
    /// Không tán thành.
    Against,
    /// Không biểu quyết.
    Abstain,
}

impl MotionChoice {
    /// All answers, in ballot order.
    pub const ALL: [Self; 3] = [Self::For, Self::Against, Self::Abstain];

    /// The Vietnamese label printed on ballots and minutes.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::For => "Tán thành",
            Self::Against => "Không tán thành",
            Self::Abstain => "Không biểu quyết",
        }
    }
}

/// What one delegate chose on one ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Choice {
    Motion(MotionChoice),
    /// The candidates kept (not struck); may be empty.
    Election(BTreeSet<CandidateId>),
}

/// How a ballot is decided (design.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MajorityRule {
    /// More than half of all members (quá nửa tổng số).
    MoreThanHalfOfMembers,
    /// More than half of the members present.
    MoreThanHalfOfPresent,
    /// More than half of the votes cast (for elections: of the valid ballots).
    MoreThanHalfOfCast,
    /// At least two-thirds of all members.
    TwoThirdsOfMembers,
}

/// Which count a rule is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Base {
    Members,
    Present,
    Cast,
}

impl MajorityRule {
    /// The count the rule measures against.
    pub fn base(self) -> Base {
        match self {
            Self::MoreThanHalfOfMembers | Self::TwoThirdsOfMembers => Base::Members,
            Self::MoreThanHalfOfPresent => Base::Present,
            Self::MoreThanHalfOfCast => Base::Cast,
        }
    }

    /// Whether `votes` out of `base` meet the rule. Exact integer arithmetic:
    /// 50 % is not "more than half", 2 of 3 is "two-thirds".
    pub fn is_met(self, votes: u32, base: u32) -> bool {
        let (v, b) = (u64::from(votes), u64::from(base));
        if b == 0 {
            return false;
        }
        match self {
            Self::MoreThanHalfOfMembers
            | Self::MoreThanHalfOfPresent
            | Self::MoreThanHalfOfCast => 2 * v > b,
            Self::TwoThirdsOfMembers => 3 * v >= 2 * b,
        }
    }

    /// The fewest votes that meet the rule out of `base` (`base + 1` if none can).
    pub fn threshold(self, base: u32) -> u32 {
        if base == 0 {
            return 1;
        }
        match self {
            Self::MoreThanHalfOfMembers
            | Self::MoreThanHalfOfPresent
            | Self::MoreThanHalfOfCast => base / 2 + 1,
            Self::TwoThirdsOfMembers => (2 * base).div_ceil(3),
        }
    }

    /// The rule in words, for results and minutes.
    pub fn describe_vi(self) -> &'static str {
        match self {
            Self::MoreThanHalfOfMembers => "quá nửa tổng số thành viên",
            Self::MoreThanHalfOfPresent => "quá nửa số thành viên có mặt",
            Self::MoreThanHalfOfCast => "quá nửa số phiếu biểu quyết",
            Self::TwoThirdsOfMembers => "ít nhất hai phần ba tổng số thành viên",
        }
    }
}

/// How many members must be present before a ballot may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuorumRule {
    /// No quorum check.
    #[default]
    None,
    /// More than half of all members present.
    MoreThanHalfOfMembers,
    /// At least two-thirds of all members present.
    TwoThirdsOfMembers,
}

impl QuorumRule {
    /// Whether `present` out of `members` make a quorum.
    pub fn is_met(self, present: u32, members: u32) -> bool {
        match self {
            Self::None => true,
            Self::MoreThanHalfOfMembers => {
                MajorityRule::MoreThanHalfOfMembers.is_met(present, members)
            }
            Self::TwoThirdsOfMembers => MajorityRule::TwoThirdsOfMembers.is_met(present, members),
        }
    }

    /// The fewest present members that make a quorum.
    pub fn required(self, members: u32) -> u32 {
        match self {
            Self::None => 0,
            Self::MoreThanHalfOfMembers => MajorityRule::MoreThanHalfOfMembers.threshold(members),
            Self::TwoThirdsOfMembers => MajorityRule::TwoThirdsOfMembers.threshold(members),
        }
    }
}

/// A ballot specification that cannot be run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("an election needs at least one candidate")]
    NoCandidates,
    #[error("an election must let each delegate keep between 1 and {0} names")]
    BadMaxChoices(usize),
    #[error("duplicate candidate {0}")]
    DuplicateCandidate(String),
    #[error("a secret ballot cannot allow changing a vote: the old choice would have to be kept")]
    SecretWithChange,
    #[error("the ballot duration must be at least one second")]
    ZeroDuration,
}

/// Why a choice does not fit a ballot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("a motion takes a motion choice and an election a list of names")]
    WrongKind,
    #[error("{0} is not a candidate of this election")]
    UnknownCandidate(String),
    #[error("kept {kept} names but at most {max} may be kept")]
    TooMany { kept: usize, max: u32 },
}

impl BallotSpec {
    /// Checks the specification can be run.
    pub fn validate(&self) -> Result<(), SpecError> {
        if self.secret && self.allow_change {
            return Err(SpecError::SecretWithChange);
        }
        if self.duration_secs == Some(0) {
            return Err(SpecError::ZeroDuration);
        }
        if let BallotKind::Election {
            candidates,
            max_choices,
        } = &self.kind
        {
            if candidates.is_empty() {
                return Err(SpecError::NoCandidates);
            }
            let max_ok =
                usize::try_from(*max_choices).is_ok_and(|m| (1..=candidates.len()).contains(&m));
            if !max_ok {
                return Err(SpecError::BadMaxChoices(candidates.len()));
            }
            let mut seen = BTreeSet::new();
            for c in candidates {
                if !seen.insert(&c.id) {
                    return Err(SpecError::DuplicateCandidate(c.id.to_string()));
                }
            }
        }
        Ok(())
    }

    /// Checks a choice fits this ballot.
    pub fn check_choice(&self, choice: &Choice) -> Result<(), ChoiceError> {
        match (&self.kind, choice) {
            (BallotKind::Motion, Choice::Motion(_)) => Ok(()),
            (
                BallotKind::Election {
                    candidates,
                    max_choices,
                },
                Choice::Election(kept),
            ) => {
                if let Some(unknown) = kept
                    .iter()
                    .find(|k| !candidates.iter().any(|c| &c.id == *k))
                {
                    return Err(ChoiceError::UnknownCandidate(unknown.to_string()));
                }
                if kept.len() > usize::try_from(*max_choices).unwrap_or(usize::MAX) {
                    return Err(ChoiceError::TooMany {
                        kept: kept.len(),
                        max: *max_choices,
                    });
                }
                Ok(())
            }
            _ => Err(ChoiceError::WrongKind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (rule, votes, base, met?) — the boundary cases of every rule.
    const CASES: &[(MajorityRule, u32, u32, bool)] = &[
        (MajorityRule::MoreThanHalfOfMembers, 10, 20, false),
        (MajorityRule::MoreThanHalfOfMembers, 11, 20, true),
        (MajorityRule::MoreThanHalfOfMembers, 8, 15, true),
        (MajorityRule::MoreThanHalfOfMembers, 7, 15, false),
        (MajorityRule::MoreThanHalfOfPresent, 5, 10, false),
        (MajorityRule::MoreThanHalfOfPresent, 6, 10, true),
        (MajorityRule::MoreThanHalfOfCast, 1, 2, false),
        (MajorityRule::MoreThanHalfOfCast, 1, 1, true),
        (MajorityRule::MoreThanHalfOfCast, 0, 0, false),
        (MajorityRule::TwoThirdsOfMembers, 2, 3, true),
        (MajorityRule::TwoThirdsOfMembers, 13, 20, false),
        (MajorityRule::TwoThirdsOfMembers, 14, 20, true),
        (MajorityRule::TwoThirdsOfMembers, 10, 15, true),
        (MajorityRule::TwoThirdsOfMembers, 9, 15, false),
        (MajorityRule::TwoThirdsOfMembers, 1334, 2000, true),
        (MajorityRule::TwoThirdsOfMembers, 1333, 2000, false),
    ];

    #[test]
    fn each_majority_rule_decides_its_boundary_cases() {
        for &(rule, votes, base, met) in CASES {
            assert_eq!(rule.is_met(votes, base), met, "{rule:?} {votes}/{base}");
        }
    }

    #[test]
    fn the_threshold_is_the_fewest_votes_that_meet_the_rule() {
        for rule in [
            MajorityRule::MoreThanHalfOfMembers,
            MajorityRule::MoreThanHalfOfPresent,
            MajorityRule::MoreThanHalfOfCast,
            MajorityRule::TwoThirdsOfMembers,
        ] {
            for base in 1..200 {
                let t = rule.threshold(base);
                assert!(rule.is_met(t, base), "{rule:?} {t}/{base}");
                assert!(!rule.is_met(t - 1, base), "{rule:?} {}/{base}", t - 1);
            }
        }
    }

    #[test]
    fn quorum_of_two_thirds_needs_ten_of_fifteen() {
        assert!(!QuorumRule::TwoThirdsOfMembers.is_met(9, 15));
        assert!(QuorumRule::TwoThirdsOfMembers.is_met(10, 15));
        assert_eq!(QuorumRule::TwoThirdsOfMembers.required(15), 10);
        assert!(QuorumRule::None.is_met(0, 15));
    }

    fn election(max: u32) -> BallotSpec {
        let cand = |id: &str| Candidate {
            id: CandidateId::new(id).expect("valid id"),
            full_name: id.to_uppercase(),
            unit_name: String::new(),
        };
        BallotSpec {
            id: BallotId::new("b1").expect("valid id"),
            title: "Bầu Ban Thường vụ".into(),
            item: None,
            kind: BallotKind::Election {
                candidates: vec![cand("a"), cand("b"), cand("c")],
                max_choices: max,
            },
            secret: true,
            majority: MajorityRule::MoreThanHalfOfCast,
            quorum: QuorumRule::None,
            duration_secs: None,
            allow_change: false,
        }
    }

    #[test]
    fn a_secret_ballot_that_allows_changes_is_refused() {
        let mut b = election(2);
        b.allow_change = true;
        assert_eq!(b.validate(), Err(SpecError::SecretWithChange));
    }

    #[test]
    fn an_election_must_let_keep_at_least_one_and_at_most_all() {
        assert_eq!(election(0).validate(), Err(SpecError::BadMaxChoices(3)));
        assert_eq!(election(4).validate(), Err(SpecError::BadMaxChoices(3)));
        assert_eq!(election(3).validate(), Ok(()));
    }

    #[test]
    fn an_election_choice_keeps_known_names_up_to_the_limit() {
        let b = election(2);
        let ids = |v: &[&str]| {
            Choice::Election(
                v.iter()
                    .map(|s| CandidateId::new(*s).expect("valid id"))
                    .collect(),
            )
        };
        assert_eq!(b.check_choice(&ids(&[])), Ok(()));
        assert_eq!(b.check_choice(&ids(&["a", "c"])), Ok(()));
        assert_eq!(
            b.check_choice(&ids(&["a", "b", "c"])),
            Err(ChoiceError::TooMany { kept: 3, max: 2 })
        );
        assert_eq!(
            b.check_choice(&ids(&["z"])),
            Err(ChoiceError::UnknownCandidate("z".into()))
        );
        assert_eq!(
            b.check_choice(&Choice::Motion(MotionChoice::For)),
            Err(ChoiceError::WrongKind)
        );
    }
}
