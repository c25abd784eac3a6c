//! Blob files in `blobs/`, named by hash. **Invariant:** a file with a
//! final name (`<hex>`, or `<hex>.sealed` for a classified paper) is
//! complete and was verified (size and SHA-256 of the plaintext) before it
//! was renamed to that name; the rename and the directory are fsynced.
//! Work in progress lives beside it:
//!
//! - `<hex>.part`, `<hex>.sealed.part`: a resumable download;
//! - `<hex>.<pid>-<n>.tmp`: an [`insert`](super::PaperCache::insert) in flight.
//!
//! Everything here is blocking file I/O; async callers run it on
//! `tokio::task::spawn_blocking`.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use protocol::ids::Sha256;
use sha2::Digest;

use super::error::PaperError;
use super::seal::{self, HEADER_LEN, MeetingKey, RECORD, Stream};

/// Size of the buffer used to stream files through the hasher.
const READ_BUF: usize = 64 * 1024;

/// Makes temporary names unique within this process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// The blob directory and its names.
#[derive(Debug, Clone)]
pub(crate) struct Blobs {
    dir: PathBuf,
}

/// What a directory entry is, judged by its name.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    Plain(Sha256),
    Sealed(Sha256),
    Part(Sha256),
    SealedPart(Sha256),
    Temp,
    Other,
}

impl Blobs {
    pub(crate) fn open(dir: PathBuf) -> Result<Self, PaperError> {
        fs::create_dir_all(&dir).map_err(PaperError::io(&dir))?;
        Ok(Self { dir })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the complete blob `sha` lives, sealed or not.
    pub(crate) fn path(&self, sha: &Sha256, sealed: bool) -> PathBuf {
        if sealed {
            self.dir.join(format!("{}.sealed", sha.to_hex()))
        } else {
            self.dir.join(sha.to_hex())
        }
    }

    /// Where the download of `sha` collects, sealed or not.
    pub(crate) fn part(&self, sha: &Sha256, sealed: bool) -> PathBuf {
        if sealed {
            self.dir.join(format!("{}.sealed.part", sha.to_hex()))
        } else {
            self.dir.join(format!("{}.part", sha.to_hex()))
        }
    }

    /// A fresh name for a write in flight.
    fn temp(&self, sha: &Sha256) -> PathBuf {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        self.dir
            .join(format!("{}.{}-{n}.tmp", sha.to_hex(), std::process::id()))
    }

    /// Deletes `path` if it is there; returns the bytes freed.
    pub(crate) fn remove(path: &Path) -> Result<u64, PaperError> {
        let len = match fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(PaperError::io(path)(e)),
        };
        match fs::remove_file(path) {
            Ok(()) => Ok(len),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(PaperError::io(path)(e)),
        }
    }

    /// Makes renames and deletions in the directory durable.
    pub(crate) fn sync_dir(&self) -> Result<(), PaperError> {
        #[cfg(unix)]
        File::open(&self.dir)
            .and_then(|d| d.sync_all())
            .map_err(PaperError::io(&self.dir))?;
        Ok(())
    }

    /// Renames a finished file into place.
    pub(crate) fn install(from: &Path, to: &Path) -> Result<(), PaperError> {
        fs::rename(from, to).map_err(PaperError::io(to))
    }
}

/// Names a directory entry.
pub(crate) fn classify(name: &str) -> Entry {
    if let Some(sha) = parse_lower_hex(name) {
        return Entry::Plain(sha);
    }
    if let Some(stem) = name.strip_suffix(".sealed.part") {
        return parse_lower_hex(stem).map_or(Entry::Other, Entry::SealedPart);
    }
    if let Some(stem) = name.strip_suffix(".sealed") {
        return parse_lower_hex(stem).map_or(Entry::Other, Entry::Sealed);
    }
    if let Some(stem) = name.strip_suffix(".part") {
        return parse_lower_hex(stem).map_or(Entry::Other, Entry::Part);
    }
    if Path::new(name).extension().is_some_and(|e| e == "tmp") {
        return Entry::Temp;
    }
    Entry::Other
}

/// Exactly 64 lower-case hex digits, the only form the cache writes.
fn parse_lower_hex(s: &str) -> Option<Sha256> {
    let lower = s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    lower.then(|| Sha256::from_hex(s).ok()).flatten()
}

/// Whether the file at `path` begins with a header sealed under `key`.
pub(crate) fn file_sealed_with(path: &Path, key: &MeetingKey) -> bool {
    let mut header = [0u8; HEADER_LEN];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| seal::sealed_with(key, &header))
}

/// Why finishing a blob failed.
#[derive(Debug)]
pub(crate) enum FinishError {
    /// Fewer bytes than the size: the file is kept for a later try.
    Short {
        have: u64,
    },
    /// The bytes do not hash to the name: the file was deleted.
    HashMismatch {
        actual: Sha256,
    },
    Cache(PaperError),
}

impl From<PaperError> for FinishError {
    fn from(e: PaperError) -> Self {
        Self::Cache(e)
    }
}

/// Sealing state of a writer.
struct Sealing {
    key: Arc<MeetingKey>,
    stream: Stream,
    /// Plaintext not yet sealed into a record.
    pending: Vec<u8>,
    /// Whether the last record has been written.
    done: bool,
}

/// Writes one blob's plaintext to a work file (plain, or sealed in
/// records), hashing it on the way, and checks it at the end.
pub(crate) struct BlobWriter {
    file: File,
    path: PathBuf,
    sha: Sha256,
    size: u64,
    hasher: sha2::Sha256,
    /// Plaintext bytes taken (on disk, plus `pending` when sealing).
    taken: u64,
    sealing: Option<Sealing>,
    /// What happens to the work file if the writer is dropped unfinished.
    on_drop: OnDrop,
}

/// What happens to an unfinished work file when its writer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnDrop {
    /// A download's `.part`: kept for the next try, unless it holds nothing.
    KeepUnlessEmpty,
    /// An insert's temporary file: removed.
    Remove,
    /// Finished (renamed or to be renamed by the caller): left alone.
    Keep,
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        let remove = match self.on_drop {
            OnDrop::KeepUnlessEmpty => self.taken == 0,
            OnDrop::Remove => true,
            OnDrop::Keep => false,
        };
        if remove {
            self.discard();
        }
    }
}

impl std::fmt::Debug for BlobWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobWriter")
            .field("path", &self.path)
            .field("taken", &self.taken)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl BlobWriter {
    /// Opens the download file of `sha` and carries on from what it holds
    /// (re-hashing it), or starts it if there is none, or if what is there
    /// cannot be continued (too long, sealed with another key, damaged).
    pub(crate) fn resume(
        blobs: &Blobs,
        sha: &Sha256,
        size: u64,
        key: Option<Arc<MeetingKey>>,
    ) -> Result<Self, PaperError> {
        let path = blobs.part(sha, key.is_some());
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(PaperError::io(&path))?;
        let mut writer = Self {
            file,
            path,
            sha: *sha,
            size,
            hasher: sha2::Sha256::new(),
            taken: 0,
            sealing: None,
            on_drop: OnDrop::KeepUnlessEmpty,
        };
        let resumed = match key {
            None => writer.rehash_plain()?,
            Some(key) => writer.rehash_sealed(key)?,
        };
        if !resumed {
            writer.restart()?;
        }
        Ok(writer)
    }

    /// A writer of a fresh temporary file (for a verified insert).
    pub(crate) fn temp(
        blobs: &Blobs,
        sha: &Sha256,
        size: u64,
        key: Option<Arc<MeetingKey>>,
    ) -> Result<Self, PaperError> {
        let path = blobs.temp(sha);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(PaperError::io(&path))?;
        let mut writer = Self {
            file,
            path,
            sha: *sha,
            size,
            hasher: sha2::Sha256::new(),
            taken: 0,
            on_drop: OnDrop::Remove,
            sealing: key.map(|key| {
                let (stream, _) = Stream::start(&key, sha);
                Sealing {
                    key,
                    stream,
                    pending: Vec::new(),
                    done: false,
                }
            }),
        };
        writer.restart()?;
        Ok(writer)
    }

    /// Plaintext bytes taken so far.
    pub(crate) fn taken(&self) -> u64 {
        self.taken
    }

    /// Whether this writer seals.
    pub(crate) fn key(&self) -> Option<&Arc<MeetingKey>> {
        self.sealing.as_ref().map(|s| &s.key)
    }

    /// Hashes an existing plain part; false if it must start over.
    fn rehash_plain(&mut self) -> Result<bool, PaperError> {
        let len = self.file.metadata().map_err(self.err())?.len();
        if len > self.size {
            return Ok(false);
        }
        self.file.seek(SeekFrom::Start(0)).map_err(self.err())?;
        let mut buf = vec![0u8; READ_BUF];
        let mut hashed = 0u64;
        loop {
            let n = match self.file.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.err()(e)),
            };
            self.hasher.update(&buf[..n]);
            hashed += n as u64;
        }
        self.taken = hashed;
        self.file.seek(SeekFrom::End(0)).map_err(self.err())?;
        Ok(true)
    }

    /// Opens and hashes an existing sealed part; false if it must start over.
    fn rehash_sealed(&mut self, key: Arc<MeetingKey>) -> Result<bool, PaperError> {
        let len = self.file.metadata().map_err(self.err())?.len();
        let (stream, _) = Stream::start(&key, &self.sha);
        self.sealing = Some(Sealing {
            key: Arc::clone(&key),
            stream,
            pending: Vec::new(),
            done: false,
        });
        if len < HEADER_LEN as u64 {
            return Ok(false);
        }
        self.file.seek(SeekFrom::Start(0)).map_err(self.err())?;
        let mut reader = BufReader::with_capacity(READ_BUF, &self.file);
        let mut header = [0u8; HEADER_LEN];
        reader.read_exact(&mut header).map_err(self.err())?;
        let Ok(mut stream) = Stream::resume(&key, &self.sha, &header) else {
            return Ok(false);
        };
        let mut hasher = sha2::Sha256::new();
        let mut taken = 0u64;
        let mut on_disk = HEADER_LEN as u64;
        let mut done = false;
        loop {
            match stream.open_next(&mut reader) {
                Ok(None) => break,
                Ok(Some(record)) => {
                    hasher.update(&record.plaintext);
                    taken += record.plaintext.len() as u64;
                    on_disk += seal::record_len(record.plaintext.len());
                    if record.last {
                        done = true;
                        break;
                    }
                }
                // A damaged or cut record: start over with a new nonce
                // prefix rather than seal other bytes under a used nonce.
                Err(_) => return Ok(false),
            }
        }
        if on_disk != len || taken > self.size || (done && taken != self.size) {
            return Ok(false);
        }
        drop(reader);
        self.file.seek(SeekFrom::End(0)).map_err(self.err())?;
        self.hasher = hasher;
        self.taken = taken;
        self.sealing = Some(Sealing {
            key,
            stream,
            pending: Vec::new(),
            done,
        });
        Ok(true)
    }

    /// Empties the file and starts again from byte 0 (a sealed file gets a
    /// new nonce prefix).
    pub(crate) fn restart(&mut self) -> Result<(), PaperError> {
        self.file.set_len(0).map_err(self.err())?;
        self.file.seek(SeekFrom::Start(0)).map_err(self.err())?;
        self.hasher = sha2::Sha256::new();
        self.taken = 0;
        if let Some(sealing) = &mut self.sealing {
            let (stream, header) = Stream::start(&sealing.key, &self.sha);
            sealing.stream = stream;
            sealing.pending.clear();
            sealing.done = false;
            self.file.write_all(&header).map_err(self.err())?;
        }
        Ok(())
    }

    /// Takes the next plaintext bytes. The caller keeps the total within
    /// the size.
    pub(crate) fn write(&mut self, data: &[u8]) -> Result<(), PaperError> {
        debug_assert!(self.taken + data.len() as u64 <= self.size);
        self.hasher.update(data);
        self.taken += data.len() as u64;
        let Some(sealing) = &mut self.sealing else {
            return self.file.write_all(data).map_err(self.err());
        };
        let mut data = data;
        while !data.is_empty() {
            let room = RECORD - sealing.pending.len();
            let (now, later) = data.split_at(room.min(data.len()));
            sealing.pending.extend_from_slice(now);
            data = later;
            if sealing.pending.len() == RECORD {
                let on_disk = self.taken - data.len() as u64;
                let last = on_disk == self.size;
                seal_pending(sealing, &mut self.file, last).map_err(PaperError::io(&self.path))?;
            }
        }
        Ok(())
    }

    /// Puts what was taken on disk, so a later try resumes from it (seals
    /// pending bytes as a short record).
    pub(crate) fn flush(&mut self) -> Result<(), PaperError> {
        if let Some(sealing) = &mut self.sealing
            && !sealing.pending.is_empty()
        {
            let last = self.taken == self.size;
            seal_pending(sealing, &mut self.file, last).map_err(PaperError::io(&self.path))?;
        }
        Ok(())
    }

    /// Checks size and hash and makes the file durable; returns its path
    /// (to rename into place). A file that does not hash to its name is
    /// deleted; one that is short is kept.
    pub(crate) fn finish(mut self) -> Result<(PathBuf, Option<Arc<MeetingKey>>), FinishError> {
        if self.taken < self.size {
            self.flush()?;
            return Err(FinishError::Short { have: self.taken });
        }
        let actual = Sha256(self.hasher.clone().finalize().into());
        if actual != self.sha {
            self.discard();
            return Err(FinishError::HashMismatch { actual });
        }
        if let Some(sealing) = &mut self.sealing
            && !sealing.done
        {
            // Pending bytes (or, for an empty paper, an empty record) close the stream.
            seal_pending(sealing, &mut self.file, true).map_err(PaperError::io(&self.path))?;
        }
        self.file.sync_all().map_err(self.err())?;
        self.on_drop = OnDrop::Keep;
        let key = self.sealing.as_ref().map(|s| Arc::clone(&s.key));
        Ok((self.path.clone(), key))
    }

    /// Deletes the work file.
    pub(crate) fn discard(&mut self) {
        self.on_drop = OnDrop::Keep;
        if let Err(e) = Blobs::remove(&self.path) {
            tracing::warn!(cause = %e, "could not remove a paper's work file");
        }
    }

    fn err(&self) -> impl FnOnce(io::Error) -> PaperError + '_ {
        PaperError::io(&self.path)
    }
}

/// Seals the pending bytes as the next record and appends it.
fn seal_pending(sealing: &mut Sealing, file: &mut File, last: bool) -> io::Result<()> {
    let record = sealing
        .stream
        .seal(&sealing.pending, last)
        .map_err(io::Error::other)?;
    file.write_all(&record)?;
    sealing.pending.clear();
    sealing.done = last;
    Ok(())
}

/// Reads a whole sealed blob into memory.
pub(crate) fn read_sealed(
    path: &Path,
    key: &MeetingKey,
    sha: &Sha256,
    size: u64,
) -> Result<Result<Vec<u8>, seal::SealError>, PaperError> {
    let file = File::open(path).map_err(PaperError::io(path))?;
    let mut reader = BufReader::with_capacity(READ_BUF, file);
    Ok(seal::open_all(key, sha, size, &mut reader))
}
