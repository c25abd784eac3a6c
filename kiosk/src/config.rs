//! `kiosk.toml`: what a seat needs to join its room, typed and commented in
//! the checked-in sample (`kiosk/kiosk.toml`), every field with a default,
//! and environment overrides (`PHONGHOP_KIOSK_*`) for what provisioning
//! sets per device.
//!
//! Errors name the file and the key at fault ("kiosk.toml: `seat`: …"), so
//! IT can fix a device from the message alone.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use hardware::config::Backend;
use kiosk_core::seat::SeatConfig;
use link::mqtt::BrokerUrl;
use protocol::ids::{DeviceId, RoomId, SeatId};
use serde::Deserialize;

use crate::ui::Language;

/// The whole configuration, as in `kiosk.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The room (appears in every MQTT topic), as the controller names it.
    pub room: String,
    /// The room as the status bar and standby screen name it ("Hội trường A").
    pub room_name: String,
    /// The body holding the meetings, as on its letterhead ("TỈNH ỦY BÌNH ĐỊNH").
    pub organisation: String,
    /// This seat's id in the seat plan.
    pub seat: String,
    /// The seat as printed on the desk ("12"); empty: the seat id.
    pub seat_label: String,
    /// This kiosk's device id, bound to the seat in the controller's devices.
    pub device_id: String,
    /// The kiosk's Ed25519 device key: a file of 64 hex digits (the seed).
    pub key_file: PathBuf,
    /// The controller's Ed25519 public key, 64 hex digits: only what it signs counts.
    pub controller_key: String,
    pub broker: BrokerSection,
    /// Where the papers are: `http://controller:8080/blobs`; empty: none.
    pub papers_url: String,
    /// The seat's own files: votes, comments and notes (`seat.db`), papers (`papers/`).
    pub data_dir: PathBuf,
    /// The language the seat starts in: "vi" or "en".
    pub language: LanguageCode,
    /// Minutes east of UTC for the clock (Việt Nam: 420).
    pub utc_offset_minutes: i32,
    /// The PDFium library (a file or its folder); empty: found as the renderer looks for it.
    pub pdfium: Option<PathBuf>,
    pub display: DisplaySection,
    /// The seat unit beside the screen: keys, LEDs, card reader, light
    /// sensor (the `hardware` crate's table; left out: none).
    pub hardware: hardware::config::HardwareConfig,
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

/// The screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DisplaySection {
    pub fullscreen: bool,
    /// The window size in pixels when not full screen (and for headless screenshots).
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
            organisation: String::new(),
            seat: String::new(),
            seat_label: String::new(),
            device_id: String::new(),
            key_file: PathBuf::from("/etc/phonghop/kiosk.key"),
            controller_key: String::new(),
            broker: BrokerSection::default(),
            papers_url: String::new(),
            data_dir: PathBuf::from("/var/lib/phonghop-kiosk"),
            language: LanguageCode::Vi,
            utc_offset_minutes: 7 * 60,
            pdfium: None,
            display: DisplaySection::default(),
            hardware: hardware::config::HardwareConfig::default(),
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
            fullscreen: true,
            width: 1280,
            height: 800,
        }
    }
}

/// The environment variables that override the file, and the key each sets.
pub const ENV_OVERRIDES: [(&str, &str); 13] = [
    ("PHONGHOP_KIOSK_ROOM", "room"),
    ("PHONGHOP_KIOSK_SEAT", "seat"),
    ("PHONGHOP_KIOSK_DEVICE_ID", "device_id"),
    ("PHONGHOP_KIOSK_KEY_FILE", "key_file"),
    ("PHONGHOP_KIOSK_CONTROLLER_KEY", "controller_key"),
    ("PHONGHOP_KIOSK_BROKER_URL", "broker.url"),
    ("PHONGHOP_KIOSK_BROKER_CA", "broker.ca_file"),
    ("PHONGHOP_KIOSK_PAPERS_URL", "papers_url"),
    ("PHONGHOP_KIOSK_DATA_DIR", "data_dir"),
    ("PHONGHOP_KIOSK_LANGUAGE", "language"),
    ("PHONGHOP_KIOSK_FULLSCREEN", "display.fullscreen"),
    ("PHONGHOP_KIOSK_PDFIUM", "pdfium"),
    ("PHONGHOP_KIOSK_HARDWARE", "hardware.backend"),
];

impl Config {
    /// Reads `path`, applies the environment overrides, and makes relative
    /// paths relative to the file's folder. Only the syntax is checked here;
    /// [`Config::seat_config`] checks the values.
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
        cfg.data_dir = base.join(&cfg.data_dir);
        cfg.broker.ca_file = cfg.broker.ca_file.map(|p| base.join(p));
        cfg.pdfium = cfg.pdfium.map(|p| base.join(p));
        cfg.hardware.sim.socket = cfg.hardware.sim.socket.map(|p| base.join(p));
        cfg.file = Some(path.to_path_buf());
        Ok(cfg)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<()> {
        for (name, key) in ENV_OVERRIDES {
            let Some(v) = var(name) else { continue };
            match key {
                "room" => self.room = v,
                "seat" => self.seat = v,
                "device_id" => self.device_id = v,
                "key_file" => self.key_file = PathBuf::from(v),
                "controller_key" => self.controller_key = v,
                "broker.url" => self.broker.url = v,
                "broker.ca_file" => self.broker.ca_file = Some(PathBuf::from(v)),
                "papers_url" => self.papers_url = v,
                "data_dir" => self.data_dir = PathBuf::from(v),
                "language" => {
                    self.language = match v.as_str() {
                        "vi" => LanguageCode::Vi,
                        "en" => LanguageCode::En,
                        _ => bail!("{name}={v:?}: the language is \"vi\" or \"en\""),
                    };
                }
                "display.fullscreen" => {
                    self.display.fullscreen = match v.as_str() {
                        "1" | "true" | "yes" => true,
                        "0" | "false" | "no" => false,
                        _ => bail!("{name}={v:?}: say true or false"),
                    };
                }
                "pdfium" => self.pdfium = Some(PathBuf::from(v)),
                "hardware.backend" => {
                    self.hardware.backend = match v.as_str() {
                        "none" => Backend::None,
                        "linux" => Backend::Linux,
                        "sim" => Backend::Sim,
                        _ => bail!("{name}={v:?}: the seat unit is \"none\", \"linux\" or \"sim\""),
                    };
                }
                _ => unreachable!("every override names a key handled here"),
            }
        }
        Ok(())
    }

    /// The file this config came from, for messages ("kiosk.toml").
    fn origin(&self) -> String {
        self.file.as_ref().map_or_else(
            || "the kiosk config".to_owned(),
            |p| p.display().to_string(),
        )
    }

    /// Checks every value and makes the seat's session config.
    pub fn seat_config(&self, version: &str) -> Result<SeatConfig> {
        let origin = self.origin();
        let need = |key: &str, value: &str| -> Result<()> {
            if value.trim().is_empty() {
                bail!("{origin}: `{key}` is missing");
            }
            Ok(())
        };
        need("room", &self.room)?;
        need("seat", &self.seat)?;
        need("device_id", &self.device_id)?;
        need("controller_key", &self.controller_key)?;
        let room = RoomId::new(self.room.clone())
            .with_context(|| format!("{origin}: `room` = {:?} is not a valid id", self.room))?;
        let seat = SeatId::new(self.seat.clone())
            .with_context(|| format!("{origin}: `seat` = {:?} is not a valid id", self.seat))?;
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
        let papers_url = match self.papers_url.trim() {
            "" => None,
            url if url.starts_with("http://") || url.starts_with("https://") => {
                Some(url.to_owned())
            }
            url => bail!("{origin}: `papers_url` = {url:?} must start with http:// or https://"),
        };
        Ok(SeatConfig {
            room,
            seat,
            device,
            key,
            controller_key,
            broker,
            broker_ca,
            papers_url,
            data_dir: self.data_dir.clone(),
            version: version.to_owned(),
        })
    }

    /// The seat as printed on the desk.
    pub fn seat_label(&self) -> &str {
        if self.seat_label.is_empty() {
            &self.seat
        } else {
            &self.seat_label
        }
    }
}

pub use link::keys::{parse_verifying_key, read_signing_key};

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_HEX: &str = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

    fn no_env(_: &str) -> Option<String> {
        None
    }

    /// A config in a temp folder with a key file beside it.
    fn with_key(text: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("kiosk.key"), KEY_HEX).expect("key written");
        let path = dir.path().join("kiosk.toml");
        let cfg = Config::parse(text, &path, no_env).expect("parses");
        (dir, cfg)
    }

    fn controller_hex() -> String {
        hex::encode(
            ed25519_dalek::SigningKey::from_bytes(&[7; 32])
                .verifying_key()
                .as_bytes(),
        )
    }

    fn minimal() -> String {
        format!(
            "room = \"p301\"\nseat = \"s12\"\ndevice_id = \"kiosk-s12\"\nkey_file = \"kiosk.key\"\ncontroller_key = \"{}\"\n[broker]\nurl = \"mqtt://10.0.0.1:1883\"\n",
            controller_hex()
        )
    }

    #[test]
    fn the_checked_in_sample_config_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml");
        let text = std::fs::read_to_string(&path).expect("the sample is there");
        let cfg = Config::parse(&text, &path, no_env).expect("the sample parses");
        assert_eq!(cfg.room, "p301");
        assert_eq!(cfg.language, LanguageCode::Vi);
        assert_eq!(cfg.utc_offset_minutes, 420);
        assert!(cfg.display.fullscreen);
        assert_eq!(cfg.hardware.backend, Backend::None);
        assert_eq!(
            cfg.hardware.sim.socket,
            Some(path.parent().expect("a folder").join("seat-sim.sock"))
        );
    }

    #[test]
    fn a_hardware_table_names_the_seat_unit_and_the_environment_can_switch_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("kiosk.toml");
        let text = format!(
            "{}[hardware]\nbackend = \"linux\"\n[hardware.card_reader]\nspi = \"/dev/spidev0.0\"\n",
            minimal()
        );
        let cfg = Config::parse(&text, &path, no_env).expect("parses");
        assert_eq!(cfg.hardware.backend, Backend::Linux);
        assert_eq!(
            cfg.hardware.card_reader.map(|r| r.spi),
            Some(PathBuf::from("/dev/spidev0.0"))
        );
        let sim = |k: &str| (k == "PHONGHOP_KIOSK_HARDWARE").then(|| "sim".to_owned());
        let cfg = Config::parse(&text, &path, sim).expect("parses");
        assert_eq!(cfg.hardware.backend, Backend::Sim);
        let bad = |k: &str| (k == "PHONGHOP_KIOSK_HARDWARE").then(|| "gpio".to_owned());
        let msg = format!(
            "{:#}",
            Config::parse(&text, &path, bad).expect_err("no such backend")
        );
        assert!(msg.contains("PHONGHOP_KIOSK_HARDWARE"), "{msg}");
        let typo = format!(
            "{}[hardware]\nbackend = \"sim\"\n[hardware.sim]\nsock = \"x\"\n",
            minimal()
        );
        assert!(
            Config::parse(&typo, &path, no_env).is_err(),
            "a misspelt key is refused"
        );
    }

    #[test]
    fn a_minimal_config_makes_a_seat_config_with_paths_beside_the_file() {
        let (dir, cfg) = with_key(&minimal());
        assert_eq!(cfg.key_file, dir.path().join("kiosk.key"));
        let seat = cfg.seat_config("1.0").expect("valid");
        assert_eq!(seat.seat.as_str(), "s12");
        assert_eq!(seat.broker.port, 1883);
        assert!(!seat.broker.tls);
        assert_eq!(seat.papers_url, None);
        assert_eq!(seat.data_dir, PathBuf::from("/var/lib/phonghop-kiosk"));
        assert_eq!(cfg.seat_label(), "s12");
    }

    #[test]
    fn environment_overrides_replace_what_the_file_says() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("kiosk.toml");
        let env = |k: &str| match k {
            "PHONGHOP_KIOSK_SEAT" => Some("s40".to_owned()),
            "PHONGHOP_KIOSK_BROKER_URL" => Some("mqtts://broker.local:8883".to_owned()),
            "PHONGHOP_KIOSK_LANGUAGE" => Some("en".to_owned()),
            "PHONGHOP_KIOSK_FULLSCREEN" => Some("false".to_owned()),
            _ => None,
        };
        let cfg = Config::parse(&minimal(), &path, env).expect("parses");
        assert_eq!(cfg.seat, "s40");
        assert_eq!(cfg.broker.url, "mqtts://broker.local:8883");
        assert_eq!(cfg.language, LanguageCode::En);
        assert!(!cfg.display.fullscreen);
    }

    #[test]
    fn a_bad_environment_override_names_the_variable() {
        let path = Path::new("/etc/phonghop/kiosk.toml");
        let env = |k: &str| (k == "PHONGHOP_KIOSK_LANGUAGE").then(|| "fr".to_owned());
        let err = Config::parse("", path, env).expect_err("fr is not a language");
        let msg = format!("{err:#}");
        assert!(msg.contains("PHONGHOP_KIOSK_LANGUAGE"), "{msg}");
        assert!(msg.contains("kiosk.toml"), "{msg}");
    }

    /// Each broken value, and what the error must say.
    #[test]
    fn errors_name_the_file_and_the_key() {
        let cases: [(&str, &str, &str); 7] = [
            ("seat = \"s12\"", "seat = \"\"", "`seat` is missing"),
            ("seat = \"s12\"", "seat = \"s 12\"", "`seat` = \"s 12\""),
            (
                "key_file = \"kiosk.key\"",
                "key_file = \"nothing.key\"",
                "`key_file`",
            ),
            (
                "url = \"mqtt://10.0.0.1:1883\"",
                "url = \"tcp://10.0.0.1\"",
                "`broker.url`",
            ),
            (
                "url = \"mqtt://10.0.0.1:1883\"",
                "url = \"mqtts://10.0.0.1\"",
                "`broker.ca_file` is needed",
            ),
            (
                "device_id = \"kiosk-s12\"",
                "device_id = \"\"",
                "`device_id` is missing",
            ),
            (
                "room = \"p301\"",
                "room = \"p301\"\npapers_url = \"ftp://x\"",
                "`papers_url`",
            ),
        ];
        for (from, to, says) in cases {
            let (_dir, cfg) = with_key(&minimal().replace(from, to));
            let err = cfg.seat_config("1.0").expect_err(to);
            let msg = format!("{err:#}");
            assert!(msg.contains("kiosk.toml"), "{to}: {msg}");
            assert!(msg.contains(says), "{to}: {msg}");
        }
        let (_dir, cfg) = with_key(&minimal().replace(&controller_hex(), "abcd"));
        let msg = format!("{:#}", cfg.seat_config("1.0").expect_err("short key"));
        assert!(msg.contains("`controller_key`"), "{msg}");
    }

    #[test]
    fn an_unknown_key_is_an_error_not_silently_ignored() {
        let path = Path::new("kiosk.toml");
        let err = Config::parse("rom = \"p301\"\n", path, no_env).expect_err("typo");
        assert!(format!("{err:#}").contains("rom"), "{err:#}");
    }
}
