//! Counting ballots and deciding them by their majority rule.
//!
//! Counts are kept per option: for a motion the options are the three
//! [`MotionChoice`]s in order; for an election, the candidates in ballot
//! order. A secret ballot keeps only these counts, never who chose what.

use serde::{Deserialize, Serialize};

use crate::ballot::{BallotKind, BallotSpec, Base, Choice, MajorityRule, MotionChoice};
use crate::ids::{BallotId, CandidateId};

/// Running counts of one ballot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Ballots cast (each delegate once).
    pub ballots: u32,
    /// Marks per option, in option order.
    pub options: Vec<u32>,
}

impl Counts {
    /// Empty counts for a ballot.
    pub fn new(spec: &BallotSpec) -> Self {
        Self {
            ballots: 0,
            options: vec![0; option_count(spec)],
        }
    }

    /// Adds one ballot. The choice must already have passed
    /// [`BallotSpec::check_choice`].
    pub fn add(&mut self, spec: &BallotSpec, choice: &Choice) {
        self.ballots += 1;
        for i in option_indices(spec, choice) {
            self.options[i] += 1;
        }
    }

    /// Takes one ballot back (an open ballot whose vote was changed).
    pub fn remove(&mut self, spec: &BallotSpec, choice: &Choice) {
        self.ballots = self.ballots.saturating_sub(1);
        for i in option_indices(spec, choice) {
            self.options[i] = self.options[i].saturating_sub(1);
        }
    }
}

fn option_count(spec: &BallotSpec) -> usize {
    match &spec.kind {
        BallotKind::Motion => MotionChoice::ALL.len(),
        BallotKind::Election { candidates, .. } => candidates.len(),
    }
}

fn option_indices(spec: &BallotSpec, choice: &Choice) -> Vec<usize> {
    match (&spec.kind, choice) {
        (BallotKind::Motion, Choice::Motion(m)) => {
            vec![MotionChoice::ALL.iter().position(|x| x == m).unwrap_or(0)]
        }
        (BallotKind::Election { candidates, .. }, Choice::Election(kept)) => candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| kept.contains(&c.id))
            .map(|(i, _)| i)
            .collect(),
        _ => Vec::new(),
    }
}

/// A share as basis points (1 = 0.01 %), rounded half up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BasisPoints(pub u32);

impl BasisPoints {
    /// `part` of `whole`; zero when `whole` is zero.
    pub fn of(part: u32, whole: u32) -> Self {
        if whole == 0 {
            return Self(0);
        }
        let bp = (u64::from(part) * 20_000 + u64::from(whole)) / (2 * u64::from(whole));
        Self(u32::try_from(bp).unwrap_or(u32::MAX))
    }
}

impl std::fmt::Display for BasisPoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02} %", self.0 / 100, self.0 % 100)
    }
}

/// One option's count with its shares of members, present and cast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionResult {
    /// `for` / `against` / `abstain`, or the candidate id.
    pub key: String,
    pub label: String,
    pub votes: u32,
    pub of_members: BasisPoints,
    pub of_present: BasisPoints,
    pub of_cast: BasisPoints,
}

/// How a ballot came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Outcome {
    Motion {
        passed: bool,
    },
    Election {
        /// Elected, most votes first.
        elected: Vec<CandidateId>,
        /// Candidates who met the rule but tie for the last places:
        /// none of them is elected; the chair decides what follows.
        tied: Vec<CandidateId>,
    },
}

/// The result of a closed ballot, as published and written into the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotResult {
    pub ballot: BallotId,
    pub title: String,
    pub secret: bool,
    pub majority: MajorityRule,
    pub members: u32,
    pub present: u32,
    pub cast: u32,
    /// The count the rule measured against, and the fewest votes that met it.
    pub base: u32,
    pub threshold: u32,
    pub options: Vec<OptionResult>,
    pub outcome: Outcome,
}

/// Decides a ballot. `present` is raised to `cast` if lower: everyone who
/// voted was there.
pub fn decide(spec: &BallotSpec, counts: &Counts, members: u32, present: u32) -> BallotResult {
    let cast = counts.ballots;
    let present = present.max(cast);
    let base = match spec.majority.base() {
        Base::Members => members,
        Base::Present => present,
        Base::Cast => cast,
    };
    let threshold = spec.majority.threshold(base);
    let labelled: Vec<(String, String)> = match &spec.kind {
        BallotKind::Motion => MotionChoice::ALL
            .iter()
            .map(|m| (motion_key(*m).to_owned(), m.label_vi().to_owned()))
            .collect(),
        BallotKind::Election { candidates, .. } => candidates
            .iter()
            .map(|c| (c.id.to_string(), c.full_name.clone()))
            .collect(),
    };
    let options = labelled
        .into_iter()
        .zip(counts.options.iter().copied())
        .map(|((key, label), votes)| OptionResult {
            key,
            label,
            votes,
            of_members: BasisPoints::of(votes, members),
            of_present: BasisPoints::of(votes, present),
            of_cast: BasisPoints::of(votes, cast),
        })
        .collect();
    let outcome = match &spec.kind {
        BallotKind::Motion => Outcome::Motion {
            passed: spec
                .majority
                .is_met(counts.options.first().copied().unwrap_or(0), base),
        },
        BallotKind::Election {
            candidates,
            max_choices,
        } => elect(
            spec.majority,
            candidates.iter().map(|c| &c.id),
            &counts.options,
            base,
            *max_choices,
        ),
    };
    BallotResult {
        ballot: spec.id.clone(),
        title: spec.title.clone(),
        secret: spec.secret,
        majority: spec.majority,
        members,
        present,
        cast,
        base,
        threshold,
        options,
        outcome,
    }
}

fn motion_key(m: MotionChoice) -> &'static str {
    match m {
        MotionChoice::For => "for",
        MotionChoice::Against => "against",
        MotionChoice::Abstain => "abstain",
    }
}

/// Candidates meeting the rule are elected, most votes first, up to `seats`;
/// a tie across the last place elects none of the tied.
fn elect<'a>(
    rule: MajorityRule,
    ids: impl Iterator<Item = &'a CandidateId>,
    votes: &[u32],
    base: u32,
    seats: u32,
) -> Outcome {
    let mut passing: Vec<(&CandidateId, u32)> = ids
        .zip(votes.iter().copied())
        .filter(|&(_, v)| rule.is_met(v, base))
        .collect();
    passing.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let seats = usize::try_from(seats).unwrap_or(usize::MAX);
    if passing.len() <= seats {
        return Outcome::Election {
            elected: passing.into_iter().map(|(id, _)| id.clone()).collect(),
            tied: Vec::new(),
        };
    }
    let cut = passing[seats - 1].1;
    let (above, rest): (Vec<_>, Vec<_>) = passing.into_iter().partition(|&(_, v)| v > cut);
    let at_cut: Vec<_> = rest.into_iter().filter(|&(_, v)| v == cut).collect();
    if above.len() + at_cut.len() <= seats {
        // Unreachable in practice (more passed than seats), but exact either way.
        let elected = above
            .iter()
            .chain(&at_cut)
            .map(|(id, _)| (*id).clone())
            .collect();
        return Outcome::Election {
            elected,
            tied: Vec::new(),
        };
    }
    Outcome::Election {
        elected: above.into_iter().map(|(id, _)| id.clone()).collect(),
        tied: at_cut.into_iter().map(|(id, _)| id.clone()).collect(),
    }
}

#[cfg(test)]
mod tests;
