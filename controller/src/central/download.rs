//! Paper downloads into the blob store, resumable: what arrived stays in the
//! blob's `.part` file, and the next try asks for the rest with `Range`.

use protocol::ids::Sha256;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, RANGE};

use super::{CentralClient, CentralError, classify};
use crate::blobs::{BlobError, BlobStore};

/// Chunks are gathered up to this size before one blocking append.
const APPEND_BATCH: usize = 256 * 1024;

impl CentralClient {
    /// Downloads the paper `hash` of `size` bytes into `blobs`, unless it is
    /// there already; returns the bytes that crossed the network.
    ///
    /// A download resumes from what an earlier try left; bytes that do not
    /// hash to `hash` are deleted and reported as [`CentralError::Lied`].
    pub async fn download_document(
        &self,
        hash: &Sha256,
        size: u64,
        blobs: &BlobStore,
    ) -> Result<u64, CentralError> {
        let present = {
            let (blobs, hash) = (blobs.clone(), *hash);
            blocking(move || Ok(blobs.contains(&hash))).await?
        };
        if present {
            return Ok(0);
        }
        let mut moved = 0;
        let mut backoff = self.backoff();
        loop {
            match self.download_once(hash, size, blobs, &mut moved).await {
                Err(e) if backoff.again(&e, "downloading a paper").await => {}
                Err(e) => return Err(e),
                Ok(()) => return Ok(moved),
            }
        }
    }

    /// One request: from the `.part` file's end to `size`, then verify.
    async fn download_once(
        &self,
        hash: &Sha256,
        size: u64,
        blobs: &BlobStore,
        moved: &mut u64,
    ) -> Result<(), CentralError> {
        let store = Part {
            blobs: blobs.clone(),
            hash: *hash,
        };
        let mut start = store.len().await?;
        if start > size {
            store.discard().await?;
            start = 0;
        }
        if start < size {
            let mut request = self.http.get(self.url(&format!("documents/{hash}")));
            if start > 0 {
                request = request.header(RANGE, format!("bytes={start}-"));
            }
            let mut response = request.send().await.map_err(|e| classify(&e))?;
            match response.status() {
                StatusCode::PARTIAL_CONTENT if start > 0 => {
                    let range = response
                        .headers()
                        .get(CONTENT_RANGE)
                        .and_then(|v| v.to_str().ok());
                    if range.and_then(range_start) != Some(start) {
                        store.discard().await?;
                        return Err(CentralError::Lied(format!(
                            "paper {hash} from another offset than the requested {start} ({range:?})"
                        )));
                    }
                }
                // The whole paper again (the server ignored Range): start over.
                StatusCode::OK => {
                    if start > 0 {
                        store.discard().await?;
                        start = 0;
                    }
                }
                status => return Err(CentralError::Status(status.as_u16())),
            }
            if let Some(len) = response.content_length()
                && start + len != size
            {
                store.discard().await?;
                return Err(CentralError::Lied(format!(
                    "paper {hash} as {} bytes where the package says {size}",
                    start + len
                )));
            }
            let mut written = start;
            let mut batch = Vec::new();
            let received = loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        *moved += chunk.len() as u64;
                        if written + (batch.len() + chunk.len()) as u64 > size {
                            store.discard().await?;
                            return Err(CentralError::Lied(format!(
                                "more bytes of paper {hash} than the {size} the package says"
                            )));
                        }
                        batch.extend_from_slice(&chunk);
                        if batch.len() >= APPEND_BATCH {
                            written += batch.len() as u64;
                            store.append(std::mem::take(&mut batch)).await?;
                        }
                    }
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(classify(&e)),
                }
            };
            // Keep what arrived, even from a cut body: the next try resumes from it.
            written += batch.len() as u64;
            store.append(batch).await?;
            received?;
            if written < size {
                return Err(CentralError::Interrupted(format!(
                    "paper {hash} ended after {written} of {size} bytes"
                )));
            }
        }
        match store.finish(size).await {
            Err(CentralError::Io(BlobError::HashMismatch { .. })) => Err(CentralError::Lied(
                format!("paper {hash} with bytes that do not match its hash (deleted)"),
            )),
            other => other,
        }
    }
}

/// The `.part` file of one blob, reached through blocking tasks.
struct Part {
    blobs: BlobStore,
    hash: Sha256,
}

impl Part {
    async fn len(&self) -> Result<u64, CentralError> {
        let (blobs, hash) = (self.blobs.clone(), self.hash);
        blocking(move || Ok(blobs.partial_len(&hash))).await
    }

    async fn append(&self, bytes: Vec<u8>) -> Result<(), CentralError> {
        if bytes.is_empty() {
            return Ok(());
        }
        let (blobs, hash) = (self.blobs.clone(), self.hash);
        blocking(move || blobs.append_partial(&hash, &bytes)).await
    }

    async fn discard(&self) -> Result<(), CentralError> {
        let (blobs, hash) = (self.blobs.clone(), self.hash);
        blocking(move || {
            blobs.discard_partial(&hash);
            Ok(())
        })
        .await
    }

    async fn finish(&self, size: u64) -> Result<(), CentralError> {
        let (blobs, hash) = (self.blobs.clone(), self.hash);
        blocking(move || blobs.finish_partial(&hash, size)).await
    }
}

/// Runs blob-store file I/O off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, BlobError> + Send + 'static,
) -> Result<T, CentralError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| BlobError::Io(std::io::Error::other(e)))?
        .map_err(CentralError::Io)
}

/// The first byte of a `Content-Range: bytes a-b/total` value.
fn range_start(value: &str) -> Option<u64> {
    value
        .strip_prefix("bytes ")?
        .split_once('-')?
        .0
        .trim()
        .parse()
        .ok()
}
