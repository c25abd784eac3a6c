//! Offline meeting bundles: the same signed package as the central system
//! serves, on removable media for air-gapped rooms (design.md §4).
//!
//! ```text
//! DIR/meeting.json             {"signed": {…package…}, "signature": "<base64>"}
//! DIR/documents/<hex sha256>   one file per paper, named by its hash
//! ```
//!
//! Importing checks the signature with the pinned central key and every
//! paper's hash; on any error nothing is reported as imported, and the caller
//! keeps the package it had (papers already copied stay in the blob store,
//! verified, for the next try).

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::{SigningKey, VerifyingKey};
use protocol::central::{Purpose, SignedError};
use protocol::ids::Sha256;
use protocol::meeting::MeetingPackage;

use crate::blobs::{BlobError, BlobStore};

/// The signed package's file name in a bundle.
pub const MEETING_FILE: &str = "meeting.json";
/// The folder of papers in a bundle.
pub const DOCUMENTS_DIR: &str = "documents";

/// Why a bundle could not be read, imported or written.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("cannot access {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} refused: {source}", path.display())]
    BadPackage { path: PathBuf, source: SignedError },
    /// A paper of the package is missing, corrupt or the wrong size.
    #[error("paper \u{201c}{title}\u{201d} ({}): {problem}", file.display())]
    Document {
        title: String,
        file: PathBuf,
        problem: String,
    },
    /// `write_bundle` was given papers that do not fit the package.
    #[error("bundle does not fit its package: {0}")]
    Inconsistent(String),
    #[error("paper store failed: {0}")]
    Blobs(#[from] BlobError),
}

/// What an import brought into the room.
#[derive(Debug)]
pub struct ImportReport {
    pub package: MeetingPackage,
    /// `meeting.json` as it is, to keep beside the package.
    pub signed: Vec<u8>,
    /// Papers copied into the blob store (those already there are skipped).
    pub documents_imported: usize,
    /// Bytes copied.
    pub bytes: u64,
}

/// Reads and verifies a bundle's `meeting.json` with the pinned central key.
pub fn read_bundle(
    dir: &Path,
    central_key: &VerifyingKey,
) -> Result<(MeetingPackage, Vec<u8>), BundleError> {
    let path = dir.join(MEETING_FILE);
    let signed = std::fs::read(&path).map_err(|source| BundleError::Io {
        path: path.clone(),
        source,
    })?;
    let package = protocol::central::verify_package(central_key, &signed)
        .map_err(|source| BundleError::BadPackage { path, source })?;
    Ok((package, signed))
}

/// Verifies a bundle and copies its papers into `blobs`, each checked
/// against its hash as it is copied.
pub fn import_bundle(
    dir: &Path,
    central_key: &VerifyingKey,
    blobs: &BlobStore,
) -> Result<ImportReport, BundleError> {
    let (package, signed) = read_bundle(dir, central_key)?;
    let (mut documents_imported, mut bytes) = (0, 0);
    for doc in &package.documents {
        if blobs.contains(&doc.sha256) {
            continue;
        }
        let file = document_path(dir, &doc.sha256);
        let problem = |problem: String| BundleError::Document {
            title: doc.title.clone(),
            file: file.clone(),
            problem,
        };
        if !file.is_file() {
            return Err(problem("missing from the bundle".into()));
        }
        let copied = match blobs.import_file(&file, &doc.sha256) {
            Ok(copied) => copied,
            Err(BlobError::HashMismatch { .. }) => {
                return Err(problem("does not match its hash".into()));
            }
            Err(BlobError::Io(e)) => return Err(problem(format!("cannot be copied: {e}"))),
            Err(e) => return Err(e.into()),
        };
        if copied != doc.size {
            return Err(problem(format!(
                "is {copied} bytes, the package says {}",
                doc.size
            )));
        }
        documents_imported += 1;
        bytes += copied;
    }
    tracing::info!(meeting = %package.id, documents_imported, bytes, bundle = %dir.display(), "bundle imported");
    Ok(ImportReport {
        package,
        signed,
        documents_imported,
        bytes,
    })
}

/// Writes a bundle of `package`, signed with `signing_key`, into `dir`
/// (created if needed). `documents` must hold the bytes of every paper of
/// the package, and nothing else.
pub fn write_bundle(
    dir: &Path,
    signing_key: &SigningKey,
    package: &MeetingPackage,
    documents: &[(Sha256, Vec<u8>)],
) -> Result<(), BundleError> {
    let given: HashMap<&Sha256, &[u8]> = documents.iter().map(|(h, b)| (h, b.as_slice())).collect();
    for (hash, bytes) in &given {
        if Sha256::of(bytes) != **hash {
            return Err(BundleError::Inconsistent(format!(
                "the bytes given for {hash} do not hash to it"
            )));
        }
        if !package.documents.iter().any(|d| d.sha256 == **hash) {
            return Err(BundleError::Inconsistent(format!(
                "paper {hash} is not in the package"
            )));
        }
    }
    for doc in &package.documents {
        let bytes = given.get(&doc.sha256).ok_or_else(|| {
            BundleError::Inconsistent(format!(
                "no bytes for paper {:?} ({})",
                doc.title, doc.sha256
            ))
        })?;
        if bytes.len() as u64 != doc.size {
            return Err(BundleError::Inconsistent(format!(
                "paper {:?} is {} bytes, the package says {}",
                doc.title,
                bytes.len(),
                doc.size
            )));
        }
    }
    let docs_dir = dir.join(DOCUMENTS_DIR);
    create_dir_all(&docs_dir)?;
    for (hash, bytes) in &given {
        write(&document_path(dir, hash), bytes)?;
    }
    let signed = protocol::central::sign(signing_key, Purpose::Package, package);
    write(&dir.join(MEETING_FILE), &signed)
}

/// Where a bundle keeps the paper `hash`.
pub fn document_path(dir: &Path, hash: &Sha256) -> PathBuf {
    dir.join(DOCUMENTS_DIR).join(hash.to_hex())
}

fn create_dir_all(path: &Path) -> Result<(), BundleError> {
    std::fs::create_dir_all(path).map_err(|source| BundleError::Io {
        path: path.to_owned(),
        source,
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), BundleError> {
    std::fs::write(path, bytes).map_err(|source| BundleError::Io {
        path: path.to_owned(),
        source,
    })
}
