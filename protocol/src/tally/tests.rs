use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::ballot::{Candidate, QuorumRule};

fn motion(rule: MajorityRule) -> BallotSpec {
    BallotSpec {
        id: BallotId::new("m1").expect("valid id"),
        title: "Thông qua Nghị quyết".into(),
        item: None,
        kind: BallotKind::Motion,
        secret: false,
        majority: rule,
        quorum: QuorumRule::None,
        duration_secs: None,
        allow_change: false,
    }
}

fn election(n: usize, seats: u32, rule: MajorityRule) -> BallotSpec {
    let candidates = (0..n)
        .map(|i| Candidate {
            id: CandidateId::new(format!("c{i}")).expect("valid id"),
            full_name: format!("Ứng viên {i}"),
            unit_name: String::new(),
        })
        .collect();
    BallotSpec {
        kind: BallotKind::Election {
            candidates,
            max_choices: seats,
        },
        secret: true,
        ..motion(rule)
    }
}

fn cast_motion(spec: &BallotSpec, for_: u32, against: u32, abstain: u32) -> Counts {
    let mut c = Counts::new(spec);
    for (n, m) in [
        (for_, MotionChoice::For),
        (against, MotionChoice::Against),
        (abstain, MotionChoice::Abstain),
    ] {
        for _ in 0..n {
            c.add(spec, &Choice::Motion(m));
        }
    }
    c
}

fn keep(ids: &[usize]) -> Choice {
    Choice::Election(
        ids.iter()
            .map(|i| CandidateId::new(format!("c{i}")).expect("valid id"))
            .collect(),
    )
}

fn ids(v: &[&str]) -> Vec<CandidateId> {
    v.iter()
        .map(|s| CandidateId::new(*s).expect("valid id"))
        .collect()
}

#[test]
fn a_motion_with_exactly_half_of_members_for_it_fails() {
    let spec = motion(MajorityRule::MoreThanHalfOfMembers);
    let r = decide(&spec, &cast_motion(&spec, 10, 5, 5), 20, 20);
    assert_eq!(r.outcome, Outcome::Motion { passed: false });
    assert_eq!((r.base, r.threshold), (20, 11));
    assert_eq!(r.options[0].of_members, BasisPoints(5000));
}

#[test]
fn a_motion_measured_against_votes_cast_ignores_absent_members() {
    let spec = motion(MajorityRule::MoreThanHalfOfCast);
    let r = decide(&spec, &cast_motion(&spec, 6, 3, 2), 40, 12);
    assert_eq!(r.outcome, Outcome::Motion { passed: true });
    assert_eq!((r.cast, r.base, r.threshold), (11, 11, 6));
}

#[test]
fn a_motion_measured_against_present_counts_abstentions_in_the_base() {
    let spec = motion(MajorityRule::MoreThanHalfOfPresent);
    let r = decide(&spec, &cast_motion(&spec, 5, 0, 0), 15, 10);
    assert_eq!(r.outcome, Outcome::Motion { passed: false });
    let r = decide(&spec, &cast_motion(&spec, 6, 0, 0), 15, 10);
    assert_eq!(r.outcome, Outcome::Motion { passed: true });
}

#[test]
fn two_thirds_of_members_is_reached_at_exactly_two_thirds() {
    let spec = motion(MajorityRule::TwoThirdsOfMembers);
    let passed = |f| decide(&spec, &cast_motion(&spec, f, 0, 0), 15, 15).outcome;
    assert_eq!(passed(10), Outcome::Motion { passed: true });
    assert_eq!(passed(9), Outcome::Motion { passed: false });
}

#[test]
fn present_is_never_below_the_number_who_voted() {
    let spec = motion(MajorityRule::MoreThanHalfOfPresent);
    let r = decide(&spec, &cast_motion(&spec, 3, 1, 0), 10, 2);
    assert_eq!(r.present, 4);
}

#[test]
fn an_election_elects_those_over_half_of_valid_ballots_most_votes_first() {
    let spec = election(4, 2, MajorityRule::MoreThanHalfOfCast);
    let mut c = Counts::new(&spec);
    for v in [&[0, 1][..], &[0, 1], &[0, 2], &[1], &[]] {
        c.add(&spec, &keep(v));
    }
    let r = decide(&spec, &c, 5, 5);
    // c0: 3, c1: 3, c2: 1, c3: 0 of 5 ballots; 3 > 2.5.
    assert_eq!(
        r.outcome,
        Outcome::Election {
            elected: ids(&["c0", "c1"]),
            tied: vec![]
        }
    );
}

#[test]
fn a_tie_across_the_last_seat_elects_none_of_the_tied_and_reports_them() {
    let spec = election(3, 1, MajorityRule::MoreThanHalfOfCast);
    let mut c = Counts::new(&spec);
    for v in [&[0][..], &[1], &[0], &[1]] {
        c.add(&spec, &keep(v));
    }
    // Each has 2 of 4: not more than half, so nobody passes and nobody ties.
    let r = decide(&spec, &c, 4, 4);
    assert_eq!(
        r.outcome,
        Outcome::Election {
            elected: vec![],
            tied: vec![]
        }
    );

    let spec = election(3, 2, MajorityRule::MoreThanHalfOfCast);
    let mut c = Counts::new(&spec);
    for v in [&[0, 1][..], &[0, 2], &[0, 1], &[0, 2], &[1, 2]] {
        c.add(&spec, &keep(v));
    }
    // c0: 4, c1: 3, c2: 3 of 5; two seats: c0 elected, c1 and c2 tie for the second.
    let r = decide(&spec, &c, 5, 5);
    assert_eq!(
        r.outcome,
        Outcome::Election {
            elected: ids(&["c0"]),
            tied: ids(&["c1", "c2"])
        }
    );
}

#[test]
fn basis_points_round_half_up() {
    assert_eq!(BasisPoints::of(1, 3), BasisPoints(3333));
    assert_eq!(BasisPoints::of(2, 3), BasisPoints(6667));
    assert_eq!(BasisPoints::of(1, 0), BasisPoints(0));
    assert_eq!(BasisPoints(6667).to_string(), "66.67 %");
}

fn rule() -> impl Strategy<Value = MajorityRule> {
    prop_oneof![
        Just(MajorityRule::MoreThanHalfOfMembers),
        Just(MajorityRule::MoreThanHalfOfPresent),
        Just(MajorityRule::MoreThanHalfOfCast),
        Just(MajorityRule::TwoThirdsOfMembers),
    ]
}

proptest! {
    #[test]
    fn motion_counts_always_add_up_to_the_ballots_cast(
        votes in prop::collection::vec(0u8..3, 0..300),
        extra_members in 0u32..50,
        rule in rule(),
    ) {
        let spec = motion(rule);
        let mut c = Counts::new(&spec);
        for v in &votes {
            c.add(&spec, &Choice::Motion(MotionChoice::ALL[usize::from(*v)]));
        }
        let cast = u32::try_from(votes.len()).expect("small");
        let r = decide(&spec, &c, cast + extra_members, cast);
        prop_assert_eq!(r.cast, cast);
        prop_assert_eq!(r.options.iter().map(|o| o.votes).sum::<u32>(), cast);
        let passed = matches!(r.outcome, Outcome::Motion { passed: true });
        prop_assert_eq!(passed, r.options[0].votes >= r.threshold && r.base > 0);
    }

    #[test]
    fn election_results_stay_within_seats_and_rank_by_votes(
        n in 1usize..8,
        seats_frac in 0.0f64..1.0,
        ballots in prop::collection::vec(prop::collection::btree_set(0usize..8, 0..8), 0..120),
        rule in rule(),
    ) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let seats = 1 + ((n - 1) as f64 * seats_frac) as u32;
        let spec = election(n, seats, rule);
        let mut c = Counts::new(&spec);
        let mut cast = 0u32;
        for b in &ballots {
            let kept: BTreeSet<usize> = b.iter().copied().filter(|i| *i < n).take(seats as usize).collect();
            let choice = keep(&kept.into_iter().collect::<Vec<_>>());
            prop_assert!(spec.check_choice(&choice).is_ok());
            c.add(&spec, &choice);
            cast += 1;
        }
        let r = decide(&spec, &c, cast, cast);
        prop_assert_eq!(r.cast, cast);
        prop_assert!(r.options.iter().all(|o| o.votes <= cast));
        prop_assert!(r.options.iter().map(|o| o.votes).sum::<u32>() <= cast * seats);
        let Outcome::Election { elected, tied } = &r.outcome else {
            return Err(TestCaseError::fail("an election decides as an election"));
        };
        prop_assert!(elected.len() <= seats as usize);
        let votes_of = |id: &CandidateId| r.options.iter().find(|o| o.key == id.as_str()).map_or(0, |o| o.votes);
        for e in elected.iter().chain(tied) {
            prop_assert!(votes_of(e) >= r.threshold);
        }
        // Nobody left out has more votes than somebody elected.
        let min_elected = elected.iter().map(votes_of).min();
        if let Some(min) = min_elected {
            for o in &r.options {
                let id = CandidateId::new(o.key.clone()).expect("valid id");
                if !elected.contains(&id) {
                    prop_assert!(o.votes <= min);
                }
            }
        }
        if !tied.is_empty() {
            prop_assert!(elected.len() + tied.len() > seats as usize);
        }
    }
}
