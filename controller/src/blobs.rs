//! Content-addressed blob store: papers as files named by their SHA-256.
//!
//! One directory holds every blob as `<hex>`, where `<hex>` is the lower-case
//! hex digest of its content. **Invariant:** a file with a final name is
//! complete and was verified before it got that name; nothing else ever
//! renames into it. Work in progress lives beside it under other names:
//!
//! - `<hex>.part`: a resumable download, appended chunk by chunk and
//!   checked (size and hash) by [`BlobStore::finish_partial`];
//! - `<hex>.<pid>-<n>.tmp`: a write in flight by [`BlobStore::put`] or
//!   [`BlobStore::import_file`], fsynced and renamed into place, or removed
//!   on failure.
//!
//! Every operation is blocking file I/O; async callers run it on
//! `tokio::task::spawn_blocking`. The HTTP server reads blobs itself with
//! `tokio::fs` through [`BlobStore::path`].

use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use protocol::ids::Sha256;
use sha2::Digest;

#[cfg(test)]
mod tests;

/// Size of the buffer used to stream files through the hasher.
const COPY_BUF: usize = 64 * 1024;

/// A temporary file older than this is left over from a crash, not a
/// write in flight, and [`BlobStore::remove_except`] deletes it.
const STALE_TEMP_AGE: Duration = Duration::from_hours(1);

/// Makes temporary names unique within this process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// What went wrong in the blob store.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob store i/o failed: {0}")]
    Io(#[from] io::Error),
    #[error("content hashes to {actual}, expected {expected}")]
    HashMismatch { expected: Sha256, actual: Sha256 },
    #[error("content is {actual} bytes, expected {expected}")]
    SizeMismatch { expected: u64, actual: u64 },
    #[error("blob {0} is not in the store")]
    NotFound(Sha256),
}

/// A directory of blobs named by hash. Cheap to clone: it is only the path.
#[derive(Debug, Clone)]
pub struct BlobStore {
    dir: PathBuf,
}

/// What a directory entry is, judged by its name.
enum Entry {
    Blob(Sha256),
    Partial(Sha256),
    Temp,
    Other,
}

impl BlobStore {
    /// Opens the store in `dir`, creating the directory if needed.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, BlobError> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    /// The directory of the store.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the blob `hash` lives (whether or not it is there).
    pub fn path(&self, hash: &Sha256) -> PathBuf {
        self.dir.join(hash.to_hex())
    }

    fn partial_path(&self, hash: &Sha256) -> PathBuf {
        self.dir.join(format!("{}.part", hash.to_hex()))
    }

    /// Whether the blob `hash` is in the store (and so complete and verified).
    pub fn contains(&self, hash: &Sha256) -> bool {
        self.path(hash).is_file()
    }

    /// Stores `bytes` and returns their hash. Storing a blob that is already
    /// there does nothing.
    pub fn put(&self, bytes: &[u8]) -> Result<Sha256, BlobError> {
        let hash = Sha256::of(bytes);
        self.write_verified(&hash, bytes)?;
        Ok(hash)
    }

    /// Stores `bytes` if they hash to `expected`; otherwise writes nothing
    /// and returns [`BlobError::HashMismatch`].
    pub fn put_expected(&self, bytes: &[u8], expected: &Sha256) -> Result<(), BlobError> {
        let actual = Sha256::of(bytes);
        if actual != *expected {
            return Err(BlobError::HashMismatch {
                expected: *expected,
                actual,
            });
        }
        self.write_verified(expected, bytes)
    }

    /// Writes bytes already known to hash to `hash`: temp file, fsync,
    /// rename, fsync of the directory.
    fn write_verified(&self, hash: &Sha256, bytes: &[u8]) -> Result<(), BlobError> {
        if self.contains(hash) {
            return Ok(());
        }
        let mut temp = self.temp_file(hash)?;
        temp.file.write_all(bytes)?;
        temp.file.sync_all()?;
        temp.commit(&self.path(hash))?;
        self.sync_dir()
    }

    /// Copies the file at `src` into the store, streaming it through the
    /// hasher, if it hashes to `expected`; returns the bytes copied. On a
    /// mismatch nothing is left behind.
    ///
    /// `src` is copied and checked even if the blob is already in the store
    /// (the rename then replaces it with identical bytes), so a bad source
    /// is always reported; a caller that wants to skip known blobs asks
    /// [`Self::contains`] first.
    pub fn import_file(&self, src: &Path, expected: &Sha256) -> Result<u64, BlobError> {
        let mut source = File::open(src)?;
        let mut temp = self.temp_file(expected)?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; COPY_BUF];
        let mut copied = 0u64;
        loop {
            let n = match source.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            hasher.update(&buf[..n]);
            temp.file.write_all(&buf[..n])?;
            copied += n as u64;
        }
        let actual = Sha256(hasher.finalize().into());
        if actual != *expected {
            // Dropping `temp` removes the temporary file.
            return Err(BlobError::HashMismatch {
                expected: *expected,
                actual,
            });
        }
        temp.file.sync_all()?;
        temp.commit(&self.path(expected))?;
        self.sync_dir()?;
        Ok(copied)
    }

    /// How many bytes of `hash` a previous download left in its `.part`
    /// file; 0 if there is none.
    pub fn partial_len(&self, hash: &Sha256) -> u64 {
        fs::metadata(self.partial_path(hash)).map_or(0, |m| m.len())
    }

    /// Appends `chunk` to the `.part` file of `hash`, creating it if needed.
    ///
    /// Chunks are not fsynced one by one: after a crash the tail of a
    /// `.part` file may be lost or wrong, and [`Self::finish_partial`]
    /// catches that by its hash check.
    pub fn append_partial(&self, hash: &Sha256, chunk: &[u8]) -> Result<(), BlobError> {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.partial_path(hash))?;
        file.write_all(chunk)?;
        Ok(())
    }

    /// Deletes the `.part` file of `hash`, if any.
    pub fn discard_partial(&self, hash: &Sha256) {
        if let Err(e) = fs::remove_file(self.partial_path(hash))
            && e.kind() != io::ErrorKind::NotFound
        {
            tracing::warn!(blob = %hash, cause = %e, "could not remove partial download");
        }
    }

    /// Turns the finished `.part` file of `hash` into the blob.
    ///
    /// If it is not `expected_size` bytes long, returns
    /// [`BlobError::SizeMismatch`] and leaves it alone (the caller may go on
    /// appending, or discard it). If it does not hash to `hash`, deletes it
    /// and returns [`BlobError::HashMismatch`].
    pub fn finish_partial(&self, hash: &Sha256, expected_size: u64) -> Result<(), BlobError> {
        let part = self.partial_path(hash);
        let mut file = OpenOptions::new().read(true).write(true).open(&part)?;
        let actual_size = file.metadata()?.len();
        if actual_size != expected_size {
            return Err(BlobError::SizeMismatch {
                expected: expected_size,
                actual: actual_size,
            });
        }
        let actual = hash_reader(&mut file)?;
        if actual != *hash {
            drop(file);
            self.discard_partial(hash);
            return Err(BlobError::HashMismatch {
                expected: *hash,
                actual,
            });
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&part, self.path(hash))?;
        self.sync_dir()
    }

    /// Opens the blob `hash` for reading.
    pub fn open_read(&self, hash: &Sha256) -> Result<File, BlobError> {
        File::open(self.path(hash)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => BlobError::NotFound(*hash),
            _ => BlobError::Io(e),
        })
    }

    /// The size of the blob `hash` in bytes, if it is in the store.
    pub fn size(&self, hash: &Sha256) -> Option<u64> {
        fs::metadata(self.path(hash))
            .ok()
            .filter(fs::Metadata::is_file)
            .map(|m| m.len())
    }

    /// Garbage collection: deletes every blob not in `keep`, every `.part`
    /// file that is not on its way to a blob in `keep` (or whose blob is
    /// already complete), and temporary files left over from a crash (older
    /// than an hour, so a write in flight is spared). Files the store does
    /// not name are left alone. Returns the bytes freed.
    pub fn remove_except(&self, keep: &HashSet<Sha256>) -> Result<u64, BlobError> {
        let mut freed = 0u64;
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Ok(meta) = entry.metadata() else {
                continue; // Gone since read_dir listed it.
            };
            if !meta.is_file() {
                continue;
            }
            let remove = match classify(&entry.file_name().to_string_lossy()) {
                Entry::Blob(hash) => !keep.contains(&hash),
                Entry::Partial(hash) => !keep.contains(&hash) || self.contains(&hash),
                Entry::Temp => meta
                    .modified()
                    .ok()
                    .and_then(|m| SystemTime::now().duration_since(m).ok())
                    .is_some_and(|age| age > STALE_TEMP_AGE),
                Entry::Other => false,
            };
            if remove {
                match fs::remove_file(entry.path()) {
                    Ok(()) => freed += meta.len(),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        self.sync_dir()?;
        Ok(freed)
    }

    /// Re-hashes every blob and returns those whose content no longer
    /// matches their name, sorted. Nothing is deleted: the caller decides.
    pub fn verify_all(&self) -> Result<Vec<Sha256>, BlobError> {
        let mut corrupt = Vec::new();
        for entry in fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Entry::Blob(hash) = classify(&entry.file_name().to_string_lossy()) else {
                continue;
            };
            let mut file = match File::open(entry.path()) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e.into()),
            };
            if hash_reader(&mut file)? != hash {
                corrupt.push(hash);
            }
        }
        corrupt.sort();
        Ok(corrupt)
    }

    /// Creates a fresh temporary file for a blob that will be named `hash`.
    fn temp_file(&self, hash: &Sha256) -> io::Result<TempFile> {
        loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = self
                .dir
                .join(format!("{}.{}-{n}.tmp", hash.to_hex(), std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        file,
                        path: Some(path),
                    });
                }
                // Left over from an earlier process with the same pid.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes renames in the directory durable.
    fn sync_dir(&self) -> Result<(), BlobError> {
        #[cfg(unix)]
        File::open(&self.dir)?.sync_all()?;
        Ok(())
    }
}

/// A temporary file that is removed when dropped, unless committed.
struct TempFile {
    file: File,
    path: Option<PathBuf>,
}

impl TempFile {
    /// Renames the file to `dest`; it is then no longer removed on drop.
    fn commit(&mut self, dest: &Path) -> io::Result<()> {
        let path = self.path.as_ref().expect("a temp file is committed once");
        fs::rename(path, dest)?;
        self.path = None;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // Best effort: a left-over temp file is collected by remove_except.
            let _ = fs::remove_file(path);
        }
    }
}

/// Names a directory entry: `<hex>`, `<hex>.part`, `*.tmp`, or anything else.
fn classify(name: &str) -> Entry {
    if let Some(hash) = parse_lower_hex(name) {
        Entry::Blob(hash)
    } else if let Some(hash) = name.strip_suffix(".part").and_then(parse_lower_hex) {
        Entry::Partial(hash)
    } else if Path::new(name).extension() == Some(OsStr::new("tmp")) {
        Entry::Temp
    } else {
        Entry::Other
    }
}

/// Parses exactly 64 lower-case hex digits, the only form the store writes.
fn parse_lower_hex(s: &str) -> Option<Sha256> {
    let lower = s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    lower.then(|| Sha256::from_hex(s).ok()).flatten()
}

/// Streams `reader` through SHA-256.
fn hash_reader(reader: &mut impl Read) -> io::Result<Sha256> {
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; COPY_BUF];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(Sha256(hasher.finalize().into())),
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
