//! Ed25519 keys as the config files hold them: a device key file with the
//! 32-byte seed in 64 hex digits, and public keys as 64 hex digits.

use std::path::Path;

use anyhow::{Context, Result};
use ed25519_dalek::{SigningKey, VerifyingKey};

/// Reads a 64-hex-digit Ed25519 seed from a file.
pub fn read_signing_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read key file {}", path.display()))?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed)
        .with_context(|| format!("key file {} must hold 64 hex digits", path.display()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Parses a 64-hex-digit Ed25519 public key.
pub fn parse_verifying_key(hex_key: &str) -> Result<VerifyingKey> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_key.trim(), &mut bytes).context("a public key is 64 hex digits")?;
    VerifyingKey::from_bytes(&bytes).context("not a valid Ed25519 public key")
}
