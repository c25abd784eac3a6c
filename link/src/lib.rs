//! What every networked party of a room shares below the protocol: MQTT
//! client settings, device keys as config files hold them, and the wall clock. `protocol` stays sans-IO; this crate
//! is where its inputs (time, sequence numbers) come from.

pub mod keys;
pub mod mqtt;

use protocol::ids::Timestamp;

/// The current wall-clock time, in milliseconds since the Unix epoch.
pub fn clock() -> Timestamp {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp(ms)
}

/// A first sequence number above any this device used before: the clock in
/// microseconds (a device sends far fewer than a million messages a second).
pub fn first_sequence_number() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}
