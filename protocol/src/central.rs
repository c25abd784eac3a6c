//! The central system's HTTP JSON shapes (design.md §4, docs/central-api.md):
//! the signed meeting package, the room's meeting list and the results
//! upload. Pure data and signatures: the controller does the HTTP.
//!
//! A signed document travels as `{"signed": {…}, "signature": "<base64>"}`:
//! the Ed25519 signature (ký số) covers a domain tag and the exact bytes of
//! `signed` as received, so verification needs no canonical JSON.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::ids::{DelegateId, MeetingId, RoomId, SeatId, Sha256, Timestamp};
use crate::meeting::MeetingPackage;
use crate::message::{Comment, ItemRecord, Notice};
use crate::tally::BallotResult;

/// What a signature is for; part of the signed bytes so one kind of
/// signed document cannot pass for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A meeting package, signed by the central system.
    Package,
    /// Meeting results, signed by the room controller.
    Results,
}

impl Purpose {
    fn tag(self) -> &'static [u8] {
        match self {
            Self::Package => b"phonghop/v1 package\0",
            Self::Results => b"phonghop/v1 results\0",
        }
    }
}

#[derive(Serialize)]
struct SignedOut<'a> {
    signed: &'a RawValue,
    signature: String,
}

#[derive(Deserialize)]
struct SignedIn<'a> {
    #[serde(borrow)]
    signed: &'a RawValue,
    signature: &'a str,
}

/// Why a signed document was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignedError {
    #[error("not a signed document: {0}")]
    Malformed(String),
    #[error("the signature does not verify with the pinned key")]
    BadSignature,
    #[error("the signed content is not a valid {what}: {detail}")]
    BadContent { what: &'static str, detail: String },
}

/// Signs `value` for `purpose`, giving the JSON bytes to send or store.
pub fn sign<T: Serialize>(key: &SigningKey, purpose: Purpose, value: &T) -> Vec<u8> {
    let body = serde_json::to_string(value).expect("central shapes always serialize");
    let mut msg = purpose.tag().to_vec();
    msg.extend_from_slice(body.as_bytes());
    let signature = B64.encode(key.sign(&msg).to_bytes());
    let signed = RawValue::from_string(body).expect("serde_json output is valid JSON");
    serde_json::to_vec(&SignedOut {
        signed: &signed,
        signature,
    })
    .expect("a signed document always serializes")
}

/// Verifies a signed document with the pinned key and decodes its content.
pub fn verify<T: DeserializeOwned>(
    key: &VerifyingKey,
    purpose: Purpose,
    bytes: &[u8],
) -> Result<T, SignedError> {
    let doc: SignedIn<'_> =
        serde_json::from_slice(bytes).map_err(|e| SignedError::Malformed(e.to_string()))?;
    let sig: [u8; 64] = B64
        .decode(doc.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(SignedError::BadSignature)?;
    let mut msg = purpose.tag().to_vec();
    msg.extend_from_slice(doc.signed.get().as_bytes());
    key.verify_strict(&msg, &Signature::from_bytes(&sig))
        .map_err(|_| SignedError::BadSignature)?;
    serde_json::from_str(doc.signed.get()).map_err(|e| SignedError::BadContent {
        what: std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("document"),
        detail: e.to_string(),
    })
}

/// Verifies a signed meeting package and checks it is sound.
pub fn verify_package(key: &VerifyingKey, bytes: &[u8]) -> Result<MeetingPackage, SignedError> {
    let package: MeetingPackage = verify(key, Purpose::Package, bytes)?;
    package.validate().map_err(|e| SignedError::BadContent {
        what: "MeetingPackage",
        detail: e.to_string(),
    })?;
    Ok(package)
}

/// One entry of `GET /api/v1/rooms/{room}/meetings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: MeetingId,
    pub title: String,
    pub starts_at: String,
    /// Changes whenever the package changes.
    pub etag: String,
}

/// The body of `POST /api/v1/meetings/{id}/results`, signed by the controller
/// ([`Purpose::Results`]). Posting the same `idempotency_key` twice is one upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsUpload {
    pub idempotency_key: String,
    pub meeting: MeetingId,
    pub room: RoomId,
    pub closed_at: Timestamp,
    pub attendance: Vec<AttendanceRow>,
    pub ballots: Vec<BallotResult>,
    pub comments: Vec<CommentRow>,
    pub notices: Vec<Notice>,
    /// Conclusions and assigned tasks, by agenda item in agenda order.
    #[serde(default)]
    pub records: Vec<ItemRecord>,
    /// The minutes as a PDF, base64; signed with the rest of the document.
    /// `None` when the controller made no minutes.
    #[serde(default)]
    pub minutes_pdf: Option<String>,
    /// The SHA-256 of the minutes PDF (the decoded bytes).
    #[serde(default)]
    pub minutes_sha256: Option<Sha256>,
}

/// Why the minutes of a results upload are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinutesError {
    #[error("the minutes are not valid base64")]
    NotBase64,
    #[error("the minutes have no hash, or a hash without minutes")]
    HashMissing,
    #[error("the minutes do not match their hash")]
    WrongHash,
    #[error("the minutes are not a PDF")]
    NotPdf,
}

impl ResultsUpload {
    /// Puts the minutes PDF in, with its hash.
    pub fn set_minutes(&mut self, pdf: &[u8]) {
        self.minutes_pdf = Some(B64.encode(pdf));
        self.minutes_sha256 = Some(Sha256::of(pdf));
    }

    /// The minutes PDF, checked against its hash and for the PDF header;
    /// `None` if the upload carries none.
    pub fn minutes(&self) -> Result<Option<Vec<u8>>, MinutesError> {
        match (&self.minutes_pdf, &self.minutes_sha256) {
            (None, None) => Ok(None),
            (Some(b64), Some(hash)) => {
                let pdf = B64.decode(b64).map_err(|_| MinutesError::NotBase64)?;
                if Sha256::of(&pdf) != *hash {
                    return Err(MinutesError::WrongHash);
                }
                if !pdf.starts_with(b"%PDF-") {
                    return Err(MinutesError::NotPdf);
                }
                Ok(Some(pdf))
            }
            _ => Err(MinutesError::HashMissing),
        }
    }
}

/// Whether a delegate attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub delegate: DelegateId,
    pub present: bool,
    /// First sign-in at a seat, if any.
    #[serde(default)]
    pub first_signed_in: Option<Timestamp>,
}

/// A comment with where and when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRow {
    pub seat: SeatId,
    pub at: Timestamp,
    pub comment: Comment,
}

/// The central system's answer to a results upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsAck {
    pub idempotency_key: String,
    /// `true` when this key had been received before.
    pub duplicate: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MeetingId;

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[3; 32])
    }

    #[test]
    fn a_signed_document_verifies_with_the_pinned_key() {
        let s = MeetingSummary {
            id: MeetingId::new("m").expect("valid id"),
            title: "Hội nghị".into(),
            starts_at: "2026-11-23T08:00:00+07:00".into(),
            etag: "e1".into(),
        };
        let bytes = sign(&key(), Purpose::Package, &s);
        assert_eq!(
            verify::<MeetingSummary>(&key().verifying_key(), Purpose::Package, &bytes),
            Ok(s)
        );
    }

    fn upload() -> ResultsUpload {
        ResultsUpload {
            idempotency_key: "results-m".into(),
            meeting: MeetingId::new("m").expect("valid id"),
            room: RoomId::new("p301").expect("valid id"),
            closed_at: Timestamp(0),
            attendance: Vec::new(),
            ballots: Vec::new(),
            comments: Vec::new(),
            notices: Vec::new(),
            records: Vec::new(),
            minutes_pdf: None,
            minutes_sha256: None,
        }
    }

    type Spoil = Box<dyn Fn(&mut ResultsUpload)>;

    #[test]
    fn minutes_come_back_only_when_they_match_their_hash_and_are_a_pdf() {
        let mut u = upload();
        assert_eq!(u.minutes(), Ok(None));
        u.set_minutes(b"%PDF-1.7 bien ban");
        assert_eq!(u.minutes(), Ok(Some(b"%PDF-1.7 bien ban".to_vec())));

        let cases: Vec<(Spoil, MinutesError)> = vec![
            (
                Box::new(|u| u.minutes_sha256 = Some(Sha256::of(b"other"))),
                MinutesError::WrongHash,
            ),
            (
                Box::new(|u| u.minutes_pdf = Some("%%%".into())),
                MinutesError::NotBase64,
            ),
            (
                Box::new(|u| u.minutes_sha256 = None),
                MinutesError::HashMissing,
            ),
            (Box::new(|u| u.set_minutes(b"<html>")), MinutesError::NotPdf),
        ];
        for (spoil, want) in cases {
            let mut bad = u.clone();
            spoil(&mut bad);
            assert_eq!(bad.minutes(), Err(want.clone()), "{want}");
        }
    }

    #[test]
    fn a_changed_document_a_wrong_key_or_purpose_fails() {
        let bytes = sign(
            &key(),
            Purpose::Package,
            &serde_json::json!({"title": "Hội nghị"}),
        );
        let changed = String::from_utf8(bytes.clone())
            .expect("utf-8")
            .replace("Hội", "Hoi");
        let vk = key().verifying_key();
        let check = |b: &[u8], k: &VerifyingKey, p| verify::<serde_json::Value>(k, p, b).err();
        assert_eq!(
            check(changed.as_bytes(), &vk, Purpose::Package),
            Some(SignedError::BadSignature)
        );
        let other = SigningKey::from_bytes(&[4; 32]).verifying_key();
        assert_eq!(
            check(&bytes, &other, Purpose::Package),
            Some(SignedError::BadSignature)
        );
        assert_eq!(
            check(&bytes, &vk, Purpose::Results),
            Some(SignedError::BadSignature)
        );
        assert!(matches!(
            check(b"[1,2]", &vk, Purpose::Package),
            Some(SignedError::Malformed(_))
        ));
    }
}
