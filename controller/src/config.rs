//! `controller.toml`: typed, commented in the checked-in sample
//! (`controller/controller.toml`), every field with a default, and
//! environment overrides for what IT sets per device.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ed25519_dalek::{SigningKey, VerifyingKey};
use protocol::envelope::{KeyRegistry, Principal};
use protocol::ids::{DeviceId, RoomId, SeatId};
use serde::Deserialize;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The room this controller runs (appears in every topic).
    pub room: String,
    /// SQLite database and blob store live here.
    pub data_dir: PathBuf,
    /// The controller's Ed25519 device key: 64 hex digits (the 32-byte seed).
    pub key_file: PathBuf,
    pub broker: BrokerConfig,
    pub http: HttpConfig,
    pub central: CentralSection,
    /// More devices in a separate file of `[[device]]` tables (provisioning writes it).
    pub devices_file: Option<PathBuf>,
    /// Seat kiosks and consoles allowed to speak in the room.
    pub device: Vec<DeviceEntry>,
}

/// Where the MQTT broker is.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrokerConfig {
    /// `embedded` runs a broker inside the controller; `external` connects to `url`.
    pub mode: BrokerMode,
    /// Where the embedded broker listens.
    pub listen: SocketAddr,
    /// The external broker: `mqtt://host:1883` or `mqtts://host:8883`.
    pub url: String,
    /// PEM file with the CA that signed the external broker's certificate (mqtts).
    pub ca_file: Option<PathBuf>,
    /// Credentials at the external broker, if it asks for them.
    pub username: Option<String>,
    pub password: Option<String>,
}

/// Embedded or external broker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BrokerMode {
    Embedded,
    External,
}

/// The paper server.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    pub listen: SocketAddr,
}

/// The central operations system.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CentralSection {
    /// Base URL, e.g. `https://dieuhanh.example.gov.vn`; empty: no central system (bundles only).
    pub base_url: String,
    /// The central system's pinned Ed25519 public key (64 hex digits); packages must verify with it.
    pub public_key: String,
    pub timeout_secs: u64,
    pub retries: u32,
    pub backoff_ms: u64,
    /// Seconds between background syncs; 0 syncs only on demand.
    pub sync_interval_secs: u64,
}

/// One device allowed in the room.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceEntry {
    pub id: String,
    /// The seat this kiosk serves; absent for a console.
    #[serde(default)]
    pub seat: Option<String>,
    /// `true` for a secretary console.
    #[serde(default)]
    pub console: bool,
    /// Ed25519 public key, 64 hex digits.
    pub public_key: String,
}

#[derive(Debug, Deserialize)]
struct DevicesFile {
    #[serde(default)]
    device: Vec<DeviceEntry>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            room: "room-1".into(),
            data_dir: PathBuf::from("/var/lib/phonghop"),
            key_file: PathBuf::from("/etc/phonghop/controller.key"),
            broker: BrokerConfig::default(),
            http: HttpConfig::default(),
            central: CentralSection::default(),
            devices_file: None,
            device: Vec::new(),
        }
    }
}

impl Default for BrokerConfig {
    fn default() -> Self {
        Self {
            mode: BrokerMode::Embedded,
            listen: SocketAddr::from(([0, 0, 0, 0], 1883)),
            url: String::new(),
            ca_file: None,
            username: None,
            password: None,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([0, 0, 0, 0], 8080)),
        }
    }
}

impl Default for CentralSection {
    fn default() -> Self {
        Self {
            base_url: String::new(),
            public_key: String::new(),
            timeout_secs: 30,
            retries: 3,
            backoff_ms: 500,
            sync_interval_secs: 300,
        }
    }
}

impl Config {
    /// Reads a config file, then applies environment overrides
    /// (`PHONGHOP_ROOM`, `PHONGHOP_DATA_DIR`, `PHONGHOP_BROKER_URL`, `PHONGHOP_CENTRAL_URL`).
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let mut cfg: Self = toml::from_str(&text)
            .with_context(|| format!("config {} is not valid", path.display()))?;
        cfg.apply_env(|k| std::env::var(k).ok());
        if let Some(rel) = cfg.devices_file.clone() {
            let file = path.parent().unwrap_or(Path::new(".")).join(rel);
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read devices file {}", file.display()))?;
            let extra: DevicesFile = toml::from_str(&text)
                .with_context(|| format!("devices file {} is not valid", file.display()))?;
            cfg.device.extend(extra.device);
        }
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.data_dir = base.join(&cfg.data_dir);
        cfg.key_file = base.join(&cfg.key_file);
        Ok(cfg)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        if let Some(v) = var("PHONGHOP_ROOM") {
            self.room = v;
        }
        if let Some(v) = var("PHONGHOP_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = var("PHONGHOP_BROKER_URL") {
            self.broker.mode = BrokerMode::External;
            self.broker.url = v;
        }
        if let Some(v) = var("PHONGHOP_CENTRAL_URL") {
            self.central.base_url = v;
        }
    }

    /// The room id, checked.
    pub fn room_id(&self) -> Result<RoomId> {
        RoomId::new(self.room.clone())
            .with_context(|| format!("room {:?} is not a valid id", self.room))
    }

    /// The controller's signing key, read from `key_file`.
    pub fn signing_key(&self) -> Result<SigningKey> {
        read_signing_key(&self.key_file)
    }

    /// The pinned central key, if a central system is configured.
    pub fn central_key(&self) -> Result<Option<VerifyingKey>> {
        if self.central.public_key.is_empty() {
            return Ok(None);
        }
        parse_verifying_key(&self.central.public_key)
            .map(Some)
            .context("central.public_key")
    }

    /// The device keys of the room, each bound to its seat or to the console.
    pub fn registry(&self) -> Result<KeyRegistry> {
        let mut reg = KeyRegistry::new();
        for d in &self.device {
            let id =
                DeviceId::new(d.id.clone()).with_context(|| format!("device id {:?}", d.id))?;
            let key = parse_verifying_key(&d.public_key)
                .with_context(|| format!("public key of device {}", d.id))?;
            let principal = match (&d.seat, d.console) {
                (Some(seat), false) => Principal::Seat(
                    SeatId::new(seat.clone())
                        .with_context(|| format!("seat of device {}", d.id))?,
                ),
                (None, true) => Principal::Console,
                _ => bail!("device {} must have either a seat or console = true", d.id),
            };
            reg.insert(id, key, principal);
        }
        Ok(reg)
    }
}

pub use link::keys::{parse_verifying_key, read_signing_key};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checked_in_sample_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("controller.toml");
        let cfg = Config::load(&path).expect("the sample parses");
        assert_eq!(cfg.room, "p301");
        assert_eq!(cfg.broker.mode, BrokerMode::Embedded);
        assert!(cfg.registry().is_ok());
    }

    #[test]
    fn environment_overrides_switch_to_an_external_broker() {
        let mut cfg = Config::default();
        cfg.apply_env(|k| {
            (k == "PHONGHOP_BROKER_URL").then(|| "mqtts://broker.local:8883".to_owned())
        });
        assert_eq!(cfg.broker.mode, BrokerMode::External);
        assert_eq!(cfg.broker.url, "mqtts://broker.local:8883");
    }

    #[test]
    fn an_unknown_field_is_an_error_not_silently_ignored() {
        assert!(toml::from_str::<Config>("rooom = \"x\"").is_err());
    }

    #[test]
    fn a_device_needs_a_seat_or_the_console_flag() {
        let key = hex::encode(SigningKey::from_bytes(&[1; 32]).verifying_key().as_bytes());
        let cfg: Config = toml::from_str(&format!(
            "[[device]]\nid = \"k1\"\npublic_key = \"{key}\"\n"
        ))
        .expect("parses");
        assert!(cfg.registry().is_err());
    }
}
