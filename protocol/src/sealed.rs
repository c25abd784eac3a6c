//! Secret-ballot choices sealed to the ballot's public key (X25519 +
//! XSalsa20-Poly1305 sealed boxes from `crypto_box`), so the broker and any
//! other subscriber see only ciphertext.
//!
//! The plaintext names the ballot (a sealed choice cannot be moved to another
//! ballot) and is padded with JSON white space to the length of the longest
//! possible choice, so the ciphertext's length says nothing about the choice.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};

use crate::ballot::{BallotKind, BallotSpec, Choice, MotionChoice};
use crate::ids::BallotId;

/// A ballot's public key, published in the state while the ballot is open.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BallotPublicKey(pub [u8; 32]);

/// A choice sealed to a ballot's public key.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SealedChoice(pub Vec<u8>);

/// The secret half of a ballot key. Only the controller holds it, and only
/// while the ballot can still receive votes.
#[derive(Clone)]
pub struct BallotSecret(crypto_box::SecretKey);

/// Why a sealed choice could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the sealed choice does not decrypt with this ballot's key")]
    Decrypt,
    #[error("the sealed choice is for another ballot")]
    OtherBallot,
    #[error("the sealed plaintext is not a choice")]
    NotAChoice,
}

#[derive(Serialize, Deserialize)]
struct Plain {
    ballot: BallotId,
    choice: Choice,
}

impl BallotSecret {
    /// A ballot key from 32 bytes of entropy the caller drew (the protocol
    /// draws no randomness of its own).
    pub fn from_entropy(entropy: [u8; 32]) -> Self {
        Self(crypto_box::SecretKey::from(entropy))
    }

    /// The bytes to keep so the key survives a controller restart.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half.
    pub fn public_key(&self) -> BallotPublicKey {
        BallotPublicKey(*self.0.public_key().as_bytes())
    }

    /// Opens a sealed choice for `ballot`.
    pub fn open(&self, ballot: &BallotId, sealed: &SealedChoice) -> Result<Choice, SealError> {
        let plain = self.0.unseal(&sealed.0).map_err(|_| SealError::Decrypt)?;
        let plain: Plain = serde_json::from_slice(&plain).map_err(|_| SealError::NotAChoice)?;
        if &plain.ballot != ballot {
            return Err(SealError::OtherBallot);
        }
        Ok(plain.choice)
    }
}

impl std::fmt::Debug for BallotSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BallotSecret(..)")
    }
}

/// Seals `choice` for the ballot `spec` to its public key.
pub fn seal(
    spec: &BallotSpec,
    key: &BallotPublicKey,
    choice: &Choice,
    rng: &mut impl CryptoRngCore,
) -> SealedChoice {
    let mut plain = serde_json::to_vec(&Plain {
        ballot: spec.id.clone(),
        choice: choice.clone(),
    })
    .expect("a choice always serializes");
    plain.resize(padded_len(spec).max(plain.len()), b' ');
    let sealed = crypto_box::PublicKey::from(key.0)
        .seal(rng, &plain)
        .expect("sealing a short plaintext cannot fail");
    SealedChoice(sealed)
}

/// The length of the longest choice's plaintext, rounded up to 64 bytes.
fn padded_len(spec: &BallotSpec) -> usize {
    let longest = match &spec.kind {
        BallotKind::Motion => MotionChoice::ALL
            .iter()
            .map(|m| choice_len(spec, &Choice::Motion(*m)))
            .max()
            .unwrap_or(0),
        BallotKind::Election { candidates, .. } => choice_len(
            spec,
            &Choice::Election(candidates.iter().map(|c| c.id.clone()).collect()),
        ),
    };
    longest.div_ceil(64) * 64
}

fn choice_len(spec: &BallotSpec, choice: &Choice) -> usize {
    serde_json::to_vec(&Plain {
        ballot: spec.id.clone(),
        choice: choice.clone(),
    })
    .map_or(0, |v| v.len())
}

macro_rules! base64_bytes {
    ($name:ident, $from:expr) => {
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                let bytes = B64.decode(s).map_err(|e| e.to_string())?;
                $from(bytes)
            }
        }
        impl From<$name> for String {
            fn from(k: $name) -> String {
                B64.encode(&k.0)
            }
        }
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($name), B64.encode(&self.0))
            }
        }
    };
}

base64_bytes!(BallotPublicKey, |b: Vec<u8>| {
    <[u8; 32]>::try_from(b.as_slice())
        .map(BallotPublicKey)
        .map_err(|_| "a ballot key is 32 bytes".to_owned())
});
base64_bytes!(SealedChoice, |b: Vec<u8>| Ok::<_, String>(SealedChoice(b)));

#[cfg(test)]
mod tests {
    use rand_chacha::ChaCha20Rng;
    use rand_core::SeedableRng;

    use super::*;
    use crate::ballot::{Candidate, MajorityRule, QuorumRule};
    use crate::ids::CandidateId;

    fn spec(id: &str, kind: BallotKind) -> BallotSpec {
        BallotSpec {
            id: BallotId::new(id).expect("valid id"),
            title: "Bầu cử".into(),
            item: None,
            kind,
            secret: true,
            majority: MajorityRule::MoreThanHalfOfCast,
            quorum: QuorumRule::None,
            duration_secs: None,
            allow_change: false,
        }
    }

    fn election() -> BallotSpec {
        let candidates = ["nguyen-van-a", "tran-thi-b", "le-van-c"]
            .iter()
            .map(|id| Candidate {
                id: CandidateId::new(*id).expect("valid id"),
                full_name: (*id).to_owned(),
                unit_name: String::new(),
            })
            .collect();
        spec(
            "e1",
            BallotKind::Election {
                candidates,
                max_choices: 2,
            },
        )
    }

    #[test]
    fn a_sealed_choice_opens_with_the_ballot_secret() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let secret = BallotSecret::from_entropy([7; 32]);
        let b = spec("m1", BallotKind::Motion);
        let sealed = seal(
            &b,
            &secret.public_key(),
            &Choice::Motion(MotionChoice::Against),
            &mut rng,
        );
        assert_eq!(
            secret.open(&b.id, &sealed),
            Ok(Choice::Motion(MotionChoice::Against))
        );
    }

    #[test]
    fn a_sealed_choice_does_not_open_for_another_ballot_or_key() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let secret = BallotSecret::from_entropy([7; 32]);
        let b = spec("m1", BallotKind::Motion);
        let sealed = seal(
            &b,
            &secret.public_key(),
            &Choice::Motion(MotionChoice::For),
            &mut rng,
        );
        assert_eq!(
            secret.open(&BallotId::new("m2").expect("valid id"), &sealed),
            Err(SealError::OtherBallot)
        );
        assert_eq!(
            BallotSecret::from_entropy([8; 32]).open(&b.id, &sealed),
            Err(SealError::Decrypt)
        );
        let mut tampered = sealed.clone();
        let last = tampered.0.len() - 1;
        tampered.0[last] ^= 1;
        assert_eq!(secret.open(&b.id, &tampered), Err(SealError::Decrypt));
    }

    #[test]
    fn every_choice_of_a_ballot_seals_to_the_same_length() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let secret = BallotSecret::from_entropy([9; 32]);
        let m = spec("m1", BallotKind::Motion);
        let lens: Vec<usize> = MotionChoice::ALL
            .iter()
            .map(|c| {
                seal(&m, &secret.public_key(), &Choice::Motion(*c), &mut rng)
                    .0
                    .len()
            })
            .collect();
        assert!(lens.windows(2).all(|w| w[0] == w[1]), "{lens:?}");

        let e = election();
        let keep = |ids: &[&str]| {
            Choice::Election(
                ids.iter()
                    .map(|s| CandidateId::new(*s).expect("valid id"))
                    .collect(),
            )
        };
        let a = seal(&e, &secret.public_key(), &keep(&[]), &mut rng);
        let b = seal(
            &e,
            &secret.public_key(),
            &keep(&["nguyen-van-a", "tran-thi-b"]),
            &mut rng,
        );
        assert_eq!(a.0.len(), b.0.len());
        assert_eq!(
            secret.open(&e.id, &b),
            Ok(keep(&["nguyen-van-a", "tran-thi-b"]))
        );
    }

    #[test]
    fn keys_and_sealed_choices_travel_as_base64_json() {
        let secret = BallotSecret::from_entropy([1; 32]);
        let pk = secret.public_key();
        let json = serde_json::to_string(&pk).expect("serializes");
        assert_eq!(
            serde_json::from_str::<BallotPublicKey>(&json).ok(),
            Some(pk)
        );
        assert!(serde_json::from_str::<BallotPublicKey>("\"AAAA\"").is_err());
        assert_eq!(
            BallotSecret::from_entropy(secret.to_bytes()).public_key(),
            pk
        );
    }
}
