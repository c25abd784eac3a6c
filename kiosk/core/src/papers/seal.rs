//! Classified papers at rest: XChaCha20-Poly1305 in the STREAM construction
//! (RustCrypto `aead::stream`, `StreamBE32`), under a per-meeting key that
//! lives in memory only.
//!
//! A sealed file is a header, then records:
//!
//! ```text
//! header:  "PHSEAL01" | key id (16 bytes) | nonce prefix (19 bytes)
//! record:  word (u32 big-endian: bit 31 = last, bits 0..31 = plaintext length)
//!          | ciphertext (length + 16 bytes of tag)
//! ```
//!
//! Records are at most [`RECORD`] bytes of plaintext, numbered from 0 by the
//! STREAM counter; the last one is sealed with STREAM's "last" flag, so a
//! file cut short, reordered or spliced from another does not decrypt. The
//! blob's SHA-256 is the associated data of every record, so a sealed file
//! cannot pass for another paper. The "last" bit in the word is only a hint
//! for the reader: it is authenticated through the nonce.
//!
//! A download may stop anywhere: what arrived is sealed as a shorter
//! (not last) record and the next try continues with the next counter
//! value. The nonce prefix is random per file and a new one is drawn
//! whenever a file is started over, so no (key, nonce) pair seals two
//! different plaintexts.

use std::fmt;
use std::io::{self, Read};

use chacha20poly1305::aead::stream::{NewStream, StreamBE32, StreamPrimitive};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use protocol::ids::Sha256;
use rand_core::{OsRng, RngCore};

/// Plaintext bytes per record (a download cut short writes a shorter one).
pub(crate) const RECORD: usize = 64 * 1024;

const MAGIC: &[u8; 8] = b"PHSEAL01";
const KEY_ID_LEN: usize = 16;
const PREFIX_LEN: usize = 19;
/// Bytes before the first record.
pub(crate) const HEADER_LEN: usize = MAGIC.len() + KEY_ID_LEN + PREFIX_LEN;
/// Bytes of the word that starts a record.
pub(crate) const WORD_LEN: usize = 4;
/// Bytes the AEAD adds to each record.
pub(crate) const TAG_LEN: usize = 16;
const LAST_BIT: u32 = 1 << 31;

/// A meeting's key: random, in memory only; dropping it (and zeroising, which
/// the cipher does on drop) makes the meeting's sealed papers unreadable.
pub(crate) struct MeetingKey {
    /// Names the key in file headers (random, not derived from the key).
    id: [u8; KEY_ID_LEN],
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for MeetingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeetingKey")
            .field(
                "id",
                &format_args!("{:08x}…", u32::from_be_bytes(self.id_head())),
            )
            .finish_non_exhaustive()
    }
}

impl MeetingKey {
    fn id_head(&self) -> [u8; 4] {
        [self.id[0], self.id[1], self.id[2], self.id[3]]
    }

    /// A fresh random key.
    pub(crate) fn generate() -> Self {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        let cipher = XChaCha20Poly1305::new(&key.into());
        key.fill(0);
        let mut id = [0u8; KEY_ID_LEN];
        OsRng.fill_bytes(&mut id);
        Self { id, cipher }
    }
}

/// Sealing or opening failed: the key is not the one, or the bytes were
/// changed, cut or reordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SealError {
    #[error("not a sealed paper file")]
    NotSealed,
    #[error("sealed with another key")]
    OtherKey,
    #[error("a record does not decrypt (changed, cut or reordered)")]
    Corrupt,
    #[error("the file ends without its last record")]
    Unfinished,
    #[error("too many records")]
    TooLong,
}

/// One sealed file's STREAM: seals or opens its records in order.
pub(crate) struct Stream {
    primitive: StreamBE32<XChaCha20Poly1305>,
    aad: [u8; 32],
    /// Counter of the next record.
    position: u32,
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("position", &self.position)
            .finish_non_exhaustive()
    }
}

impl Stream {
    /// A new file for blob `sha` under `key`: the stream and the header to
    /// write first.
    pub(crate) fn start(key: &MeetingKey, sha: &Sha256) -> (Self, Vec<u8>) {
        let mut prefix = [0u8; PREFIX_LEN];
        OsRng.fill_bytes(&mut prefix);
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(MAGIC);
        header.extend_from_slice(&key.id);
        header.extend_from_slice(&prefix);
        (Self::with_prefix(key, sha, &prefix), header)
    }

    /// The stream of an existing file whose first [`HEADER_LEN`] bytes are
    /// `header`, positioned before its first record.
    pub(crate) fn resume(key: &MeetingKey, sha: &Sha256, header: &[u8]) -> Result<Self, SealError> {
        let (magic, rest) = header
            .split_at_checked(MAGIC.len())
            .ok_or(SealError::NotSealed)?;
        if magic != MAGIC || rest.len() != KEY_ID_LEN + PREFIX_LEN {
            return Err(SealError::NotSealed);
        }
        let (id, prefix) = rest.split_at(KEY_ID_LEN);
        if id != key.id {
            return Err(SealError::OtherKey);
        }
        Ok(Self::with_prefix(key, sha, prefix))
    }

    fn with_prefix(key: &MeetingKey, sha: &Sha256, prefix: &[u8]) -> Self {
        Self {
            primitive: StreamBE32::from_aead(key.cipher.clone(), prefix.into()),
            aad: sha.0,
            position: 0,
        }
    }

    /// Seals `plaintext` (at most [`RECORD`] bytes) as the next record and
    /// returns the record's bytes (word and ciphertext).
    pub(crate) fn seal(&mut self, plaintext: &[u8], last: bool) -> Result<Vec<u8>, SealError> {
        let len = u32::try_from(plaintext.len())
            .ok()
            .filter(|&n| n < LAST_BIT)
            .ok_or(SealError::TooLong)?;
        let word = if last { len | LAST_BIT } else { len };
        let mut record = Vec::with_capacity(WORD_LEN + plaintext.len() + TAG_LEN);
        record.extend_from_slice(&word.to_be_bytes());
        let mut body = plaintext.to_vec();
        self.primitive
            .encrypt_in_place(self.position, last, &self.aad, &mut body)
            .map_err(|_| SealError::TooLong)?;
        record.extend_from_slice(&body);
        self.advance()?;
        Ok(record)
    }

    /// Reads and opens the next record from `reader`: `Ok(None)` at a clean
    /// end of input, `Err` (io `UnexpectedEof` or [`SealError`] as
    /// `InvalidData`) for a record cut short or one that does not decrypt.
    pub(crate) fn open_next(&mut self, reader: &mut impl Read) -> io::Result<Option<Record>> {
        let mut word = [0u8; WORD_LEN];
        match read_full(reader, &mut word)? {
            0 => return Ok(None),
            WORD_LEN => {}
            _ => return Err(io::ErrorKind::UnexpectedEof.into()),
        }
        let word = u32::from_be_bytes(word);
        let last = word & LAST_BIT != 0;
        let len = (word & !LAST_BIT) as usize;
        if len > RECORD {
            return Err(invalid(SealError::Corrupt));
        }
        let mut body = vec![0u8; len + TAG_LEN];
        reader.read_exact(&mut body)?;
        self.primitive
            .decrypt_in_place(self.position, last, &self.aad, &mut body)
            .map_err(|_| invalid(SealError::Corrupt))?;
        self.advance().map_err(invalid)?;
        Ok(Some(Record {
            plaintext: body,
            last,
        }))
    }

    fn advance(&mut self) -> Result<(), SealError> {
        self.position = self.position.checked_add(1).ok_or(SealError::TooLong)?;
        Ok(())
    }
}

/// One opened record.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) plaintext: Vec<u8>,
    pub(crate) last: bool,
}

/// On-disk length of a record of `plaintext_len` bytes.
pub(crate) fn record_len(plaintext_len: usize) -> u64 {
    (WORD_LEN + plaintext_len + TAG_LEN) as u64
}

/// Decrypts a whole sealed file of blob `sha` (of `size` bytes) into memory.
pub(crate) fn open_all(
    key: &MeetingKey,
    sha: &Sha256,
    size: u64,
    reader: &mut impl Read,
) -> Result<Vec<u8>, SealError> {
    let mut header = [0u8; HEADER_LEN];
    reader
        .read_exact(&mut header)
        .map_err(|_| SealError::NotSealed)?;
    let mut stream = Stream::resume(key, sha, &header)?;
    let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    loop {
        match stream.open_next(reader) {
            Ok(Some(record)) => {
                out.extend_from_slice(&record.plaintext);
                if record.last {
                    break;
                }
            }
            Ok(None) => return Err(SealError::Unfinished),
            Err(_) => return Err(SealError::Corrupt),
        }
    }
    let mut rest = [0u8; 1];
    if read_full(reader, &mut rest).map_err(|_| SealError::Corrupt)? != 0 {
        return Err(SealError::Corrupt);
    }
    if out.len() as u64 != size {
        return Err(SealError::Corrupt);
    }
    Ok(out)
}

/// Whether the file starting with `header` was sealed under `key`.
pub(crate) fn sealed_with(key: &MeetingKey, header: &[u8]) -> bool {
    header.len() >= HEADER_LEN
        && &header[..MAGIC.len()] == MAGIC
        && header[MAGIC.len()..MAGIC.len() + KEY_ID_LEN] == key.id
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

fn invalid(e: SealError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}
