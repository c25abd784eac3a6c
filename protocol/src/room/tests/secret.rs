//! Secret ballots: right tallies, and no delegate→choice link in what the room keeps.

use proptest::prelude::*;

use super::*;
use crate::tally::Outcome;

#[test]
fn a_secret_election_is_tallied_right_from_sealed_choices() {
    let mut h = Harness::in_session(5);
    let _ = h.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared(id("e1")),
    });
    let view = h.room.snapshot().ballot.expect("open");
    assert!(
        view.public_key.is_some(),
        "a secret ballot publishes its key"
    );
    for (n, names) in [
        (1, &["ca", "cb"][..]),
        (2, &["ca"]),
        (3, &["ca", "cc"]),
        (4, &["cb"]),
        (5, &[]),
    ] {
        let step = h.vote(n, "e1", &format!("v{n}"), &keep(names));
        assert!(matches!(
            Harness::reply(&step, &format!("s{n}")),
            SeatReply::VoteRecorded { .. }
        ));
    }
    let step = h.command(ConsoleCommand::CloseBallot { ballot: id("e1") });
    let result = h.room.snapshot().results.pop().expect("a result");
    assert!(
        events(&step)
            .iter()
            .any(|e| matches!(e, crate::message::RoomEvent::BallotClosed { .. }))
    );
    let votes: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    assert_eq!(votes, vec![3, 2, 1]);
    assert_eq!((result.cast, result.base, result.threshold), (5, 5, 3));
    assert_eq!(
        result.outcome,
        Outcome::Election {
            elected: vec![id("ca")],
            tied: vec![]
        }
    );
    assert!(result.secret);
}

#[test]
fn a_secret_vote_on_the_wire_is_ciphertext() {
    let mut h = Harness::in_session(5);
    let _ = h.open(election("e9"));
    let paper = h.paper(&keep(&["cc"]));
    let req = SeatRequest::CastVote(CastVote {
        ballot: id("e9"),
        vote_id: id("v1"),
        delegate: id("d1"),
        paper,
    });
    let bytes = h.seal_seat("s1", &req);
    let text = String::from_utf8(bytes).expect("json");
    assert!(
        !text.contains("\"cc\""),
        "the candidate id does not appear: {text}"
    );
}

#[test]
fn recorded_facts_of_a_secret_vote_keep_the_voter_apart_from_the_choice() {
    let mut h = Harness::in_session(5);
    let _ = h.open(election("e9"));
    let step = h.vote(3, "e9", "v3", &keep(&["cb"]));
    match &step.facts[..] {
        [
            Fact::VoteRecorded {
                delegate,
                choice: None,
                ..
            },
            Fact::SecretChoiceCounted { choice, .. },
        ] => {
            assert_eq!(*delegate, id("d3"));
            assert_eq!(*choice, keep(&["cb"]));
        }
        other => panic!("unexpected facts {other:#?}"),
    }
}

/// Runs a secret election where delegate `order[i]` chooses `choices[perm[i]]`;
/// returns what the room keeps and says: its session as JSON, the voter facts,
/// the sorted counted choices, and every published message but the sealed papers.
fn run(order: &[u32], choices: &[Choice]) -> (String, Vec<Fact>, Vec<String>, Vec<String>) {
    let mut h = Harness::in_session(5);
    let _ = h.open(election("e9"));
    let mut voter_facts = Vec::new();
    let mut counted = Vec::new();
    let mut said = Vec::new();
    for (&n, choice) in order.iter().zip(choices) {
        let step = h.vote(n, "e9", &format!("v{n}"), choice);
        for f in step.facts {
            match f {
                Fact::SecretChoiceCounted { choice, .. } => counted.push(format!("{choice:?}")),
                other => voter_facts.push(other),
            }
        }
        said.extend(step.publish.iter().map(|p| format!("{:?}", p.message)));
    }
    let step = h.advance(1_000);
    said.extend(step.publish.iter().map(|p| format!("{:?}", p.message)));
    counted.sort();
    let session = serde_json::to_string(h.room.session()).expect("serializes");
    (session, voter_facts, counted, said)
}

fn election_choice() -> impl Strategy<Value = Choice> {
    prop::sample::subsequence(vec!["ca", "cb", "cc"], 0..=2).prop_map(|v| keep(&v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Swapping who chose what leaves everything the room keeps and publishes
    /// the same: so what it keeps holds no delegate→choice link.
    #[test]
    fn a_secret_ballots_stored_state_holds_no_link_from_delegate_to_choice(
        order in Just(vec![1u32, 2, 3, 4, 5]).prop_shuffle(),
        choices in prop::collection::vec(election_choice(), 5),
        swap in any::<prop::sample::Index>(),
    ) {
        let mut swapped = choices.clone();
        let i = swap.index(swapped.len());
        swapped.swap(0, i);
        swapped.rotate_left(1);
        let a = run(&order, &choices);
        let b = run(&order, &swapped);
        prop_assert_eq!(&a.0, &b.0, "session state differs");
        prop_assert_eq!(&a.1, &b.1, "voter facts differ");
        prop_assert_eq!(&a.2, &b.2, "counted choices differ");
        prop_assert_eq!(&a.3, &b.3, "published messages differ");
    }
}
