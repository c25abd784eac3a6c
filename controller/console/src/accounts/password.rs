//! Passwords: argon2id hashing, the rules a new password must meet, and
//! one-time passwords for new and reset accounts.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use protocol::ids::AccountId;
use rand_core::{OsRng, RngCore};

use super::{AccountsError, Policy};

/// Hashes `password` with argon2id (default parameters: 19 MiB, 2 passes)
/// and a fresh random salt, as a PHC string (`$argon2id$v=19$…`).
pub(super) fn hash(password: &str) -> Result<String, AccountsError> {
    let hashed: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| AccountsError::Hash(e.to_string()))?;
    Ok(hashed.to_string())
}

/// Whether `password` matches the PHC string `stored` (its own parameters
/// and salt are used). A malformed hash matches nothing.
pub(super) fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), stored)
        .is_ok()
}

/// Spends the time of one verification, for an account that does not exist.
pub(super) fn burn(password: &str) {
    let _ = hash(password);
}

/// A rule a new password broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRule {
    #[error("it must have at least {0} characters")]
    TooShort(usize),
    #[error("it must have at most {0} characters")]
    TooLong(usize),
    #[error("it must differ from the current password")]
    SameAsBefore,
    #[error("it must differ from the account name")]
    SameAsName,
    #[error("the two entries differ")]
    Mismatch,
}

/// Checks a new password against the rules: `repeat` typed the same, long
/// enough and not too long (in characters), not the current password, not
/// the account name.
pub fn check_new_password(
    policy: &Policy,
    name: &AccountId,
    current: &str,
    new: &str,
    repeat: &str,
) -> Result<(), PasswordRule> {
    if new != repeat {
        return Err(PasswordRule::Mismatch);
    }
    let chars = new.chars().count();
    if chars < policy.min_length {
        return Err(PasswordRule::TooShort(policy.min_length));
    }
    if chars > policy.max_length {
        return Err(PasswordRule::TooLong(policy.max_length));
    }
    if new == current {
        return Err(PasswordRule::SameAsBefore);
    }
    if new.eq_ignore_ascii_case(name.as_str()) {
        return Err(PasswordRule::SameAsName);
    }
    Ok(())
}

/// A password made by the console for a new or reset account: 12 letters
/// and digits that cannot be mistaken for one another, in groups of four.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimePassword(String);

impl std::fmt::Debug for OneTimePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimePassword(…)")
    }
}

/// No 0/O, 1/l/I: read aloud or copied from paper without doubt.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

impl OneTimePassword {
    pub(super) fn generate() -> Self {
        let mut out = String::with_capacity(14);
        let limit = 256 - 256 % ALPHABET.len();
        let mut made = 0;
        while made < 12 {
            let mut byte = [0u8; 1];
            OsRng.fill_bytes(&mut byte);
            let b = usize::from(byte[0]);
            // Rejection sampling keeps every letter equally likely.
            if b >= limit {
                continue;
            }
            if made > 0 && made % 4 == 0 {
                out.push('-');
            }
            out.push(char::from(ALPHABET[b % ALPHABET.len()]));
            made += 1;
        }
        Self(out)
    }

    /// The password, to show once.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
