//! `console.toml`: what the console needs to join its room, typed and
//! commented in the checked-in sample (`controller/console/console.toml`),
//! every field with a default, and environment overrides
//! (`PHONGHOP_CONSOLE_*`) for what IT sets per machine.
//!
//! Errors name the file and the key at fault ("console.toml: `room`: …").

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use link::keys::{parse_verifying_key, read_signing_key};
use link::mqtt::BrokerUrl;
use protocol::ids::{DeviceId, RoomId};
use serde::Deserialize;

use crate::session::ConsoleConfig;
use crate::ui::Language;

/// The whole configuration, as in `console.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The room (appears in every MQTT topic), as the controller names it.
    pub room: String,
    /// The room as the screens name it ("Phòng họp 301").
    pub room_name: String,
    /// This console's device id, registered with `console = true` in the
    /// controller's devices.
    pub device_id: String,
    /// The console's Ed25519 device key: a file of 64 hex digits (the seed).
    pub key_file: PathBuf,
    /// The controller's Ed25519 public key, 64 hex digits: only what it signs counts.
    pub controller_key: String,
    pub broker: BrokerSection,
    /// The operator accounts (SQLite).
    pub accounts_db: PathBuf,
    /// The language the console starts in: "vi" or "en".
    pub language: LanguageCode,
    /// Minutes east of UTC for times on screen (Việt Nam: 420).
    pub utc_offset_minutes: i32,
    /// How long a command waits for the controller's answer, in seconds.
    pub reply_timeout_secs: u64,
    pub display: DisplaySection,
    /// The file this config was read from (not a key of the file).
    #[serde(skip)]
    pub file: Option<PathBuf>,
}

/// The MQTT broker.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrokerSection {
    /// `mqtt://host:1883` or `mqtts://host:8883`.
    pub url: String,
    /// PEM file of the CA that signed an `mqtts://` broker's certificate.
    pub ca_file: Option<PathBuf>,
}

/// The window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplaySection {
    pub fullscreen: bool,
    pub width: u32,
    pub height: u32,
}

/// "vi" or "en", as the file spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum LanguageCode {
    #[default]
    #[serde(rename = "vi")]
    Vi,
    #[serde(rename = "en")]
    En,
}

impl LanguageCode {
    /// The UI language.
    pub fn language(self) -> Language {
        match self {
            Self::Vi => Language::Vietnamese,
            Self::En => Language::English,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            room: String::new(),
            room_name: String::new(),
            device_id: "console-1".to_owned(),
            key_file: PathBuf::from("/etc/phonghop/console.key"),
            controller_key: String::new(),
            broker: BrokerSection::default(),
            accounts_db: PathBuf::from("/var/lib/phonghop-console/accounts.db"),
            language: LanguageCode::Vi,
            utc_offset_minutes: 7 * 60,
            reply_timeout_secs: 10,
            display: DisplaySection::default(),
            file: None,
        }
    }
}

impl Default for BrokerSection {
    fn default() -> Self {
        Self {
            url: "mqtt://controller:1883".to_owned(),
            ca_file: None,
        }
    }
}

impl Default for DisplaySection {
    fn default() -> Self {
        Self {
            fullscreen: false,
            width: 1920,
            height: 1080,
        }
    }
}

/// The environment variables that override the file, and the key each sets.
pub const ENV_OVERRIDES: [(&str, &str); 8] = [
    ("PHONGHOP_CONSOLE_ROOM", "room"),
    ("PHONGHOP_CONSOLE_DEVICE_ID", "device_id"),
    ("PHONGHOP_CONSOLE_KEY_FILE", "key_file"),
    ("PHONGHOP_CONSOLE_CONTROLLER_KEY", "controller_key"),
    ("PHONGHOP_CONSOLE_BROKER_URL", "broker.url"),
    ("PHONGHOP_CONSOLE_BROKER_CA", "broker.ca_file"),
    ("PHONGHOP_CONSOLE_ACCOUNTS_DB", "accounts_db"),
    ("PHONGHOP_CONSOLE_LANGUAGE", "language"),
];

impl Config {
    /// Reads `path`, applies the environment overrides, and makes relative
    /// paths relative to the file's folder. [`Config::session`] checks the values.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        Self::parse(&text, path, |k| std::env::var(k).ok())
    }

    /// [`Config::load`] over text already read; `var` looks up the environment.
    pub fn parse(text: &str, path: &Path, var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let mut cfg: Self = toml::from_str(text)
            .with_context(|| format!("config {} is not valid", path.display()))?;
        cfg.apply_env(var)
            .with_context(|| format!("config {}: environment override", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.key_file = base.join(&cfg.key_file);
        cfg.accounts_db = base.join(&cfg.accounts_db);
        cfg.broker.ca_file = cfg.broker.ca_file.map(|p| base.join(p));
        cfg.file = Some(path.to_path_buf());
        Ok(cfg)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<()> {
        for (name, key) in ENV_OVERRIDES {
            let Some(v) = var(name) else { continue };
            match key {
                "room" => self.room = v,
                "device_id" => self.device_id = v,
                "key_file" => self.key_file = PathBuf::from(v),
                "controller_key" => self.controller_key = v,
                "broker.url" => self.broker.url = v,
                "broker.ca_file" => self.broker.ca_file = Some(PathBuf::from(v)),
                "accounts_db" => self.accounts_db = PathBuf::from(v),
                "language" => {
                    self.language = match v.as_str() {
                        "vi" => LanguageCode::Vi,
                        "en" => LanguageCode::En,
                        _ => bail!("{name}={v:?}: the language is \"vi\" or \"en\""),
                    };
                }
                _ => unreachable!("every override names a key handled here"),
            }
        }
        Ok(())
    }

    fn origin(&self) -> String {
        self.file.as_ref().map_or_else(
            || "the console config".to_owned(),
            |p| p.display().to_string(),
        )
    }

    /// Checks every value and makes the session's config.
    pub fn session(&self) -> Result<ConsoleConfig> {
        let origin = self.origin();
        for (key, value) in [
            ("room", &self.room),
            ("device_id", &self.device_id),
            ("controller_key", &self.controller_key),
        ] {
            if value.trim().is_empty() {
                bail!("{origin}: `{key}` is missing");
            }
        }
        let room = RoomId::new(self.room.clone())
            .with_context(|| format!("{origin}: `room` = {:?} is not a valid id", self.room))?;
        let device = DeviceId::new(self.device_id.clone()).with_context(|| {
            format!(
                "{origin}: `device_id` = {:?} is not a valid id",
                self.device_id
            )
        })?;
        let key =
            read_signing_key(&self.key_file).with_context(|| format!("{origin}: `key_file`"))?;
        let controller_key = parse_verifying_key(&self.controller_key)
            .with_context(|| format!("{origin}: `controller_key`"))?;
        let broker = BrokerUrl::parse(self.broker.url.trim())
            .with_context(|| format!("{origin}: `broker.url`"))?;
        let broker_ca = match &self.broker.ca_file {
            Some(path) => Some(std::fs::read(path).with_context(|| {
                format!("{origin}: `broker.ca_file`: cannot read {}", path.display())
            })?),
            None => None,
        };
        if broker.tls && broker_ca.is_none() {
            bail!("{origin}: `broker.ca_file` is needed for an mqtts:// broker");
        }
        if self.reply_timeout_secs == 0 {
            bail!("{origin}: `reply_timeout_secs` must be at least 1");
        }
        Ok(ConsoleConfig {
            room,
            device,
            key,
            controller_key,
            broker,
            broker_ca,
            reply_within: Duration::from_secs(self.reply_timeout_secs),
        })
    }

    /// The room as the screens name it: `room_name`, or the room id.
    pub fn room_label(&self) -> &str {
        if self.room_name.is_empty() {
            &self.room
        } else {
            &self.room_name
        }
    }
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;

    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn the_checked_in_sample_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("console.toml");
        let text = std::fs::read_to_string(&path).expect("the sample is there");
        let cfg = Config::parse(&text, &path, no_env).expect("the sample parses");
        assert_eq!(cfg.room, "p301");
        assert_eq!(cfg.device_id, "console-1");
        assert_eq!(cfg.language, LanguageCode::Vi);
        assert_eq!(
            cfg.accounts_db,
            path.parent().expect("a folder").join("accounts.db")
        );
    }

    #[test]
    fn a_minimal_config_makes_a_session_config() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("console.key"), "c0".repeat(32)).expect("key written");
        let controller = hex::encode(SigningKey::from_bytes(&[7; 32]).verifying_key().as_bytes());
        let text = format!(
            "room = \"p301\"\nkey_file = \"console.key\"\ncontroller_key = \"{controller}\"\n[broker]\nurl = \"mqtt://10.0.0.1\"\n"
        );
        let env = |k: &str| (k == "PHONGHOP_CONSOLE_DEVICE_ID").then(|| "console-2".to_owned());
        let cfg = Config::parse(&text, &dir.path().join("console.toml"), env).expect("parses");
        let session = cfg.session().expect("valid");
        assert_eq!(session.device.as_str(), "console-2");
        assert_eq!(session.broker.port, 1883);
        assert_eq!(session.reply_within, Duration::from_secs(10));
        assert_eq!(cfg.room_label(), "p301");
    }

    #[test]
    fn errors_name_the_file_and_the_key() {
        let path = Path::new("/etc/phonghop/console.toml");
        let cfg = Config::parse("room = \"p 301\"\ncontroller_key = \"ab\"\n", path, no_env)
            .expect("parses");
        let msg = format!("{:#}", cfg.session().expect_err("bad room"));
        assert!(
            msg.contains("console.toml") && msg.contains("`room`"),
            "{msg}"
        );
        let err = Config::parse("rom = \"p301\"\n", path, no_env).expect_err("typo");
        assert!(format!("{err:#}").contains("rom"), "{err:#}");
    }
}
