//! The `[hardware]` table of kiosk.toml.

use hardware::config::{Backend, HardwareConfig};
use hardware::panel::ExpanderMap;

/// The commented example in the crate docs, so the docs cannot rot.
fn documented_example() -> String {
    let lib = include_str!("../../src/lib.rs");
    let start = lib
        .find("//! ```toml\n")
        .unwrap_or_else(|| panic!("a toml example"))
        + 12;
    let len = lib[start..]
        .find("//! ```")
        .unwrap_or_else(|| panic!("its end"));
    lib[start..start + len]
        .lines()
        .map(|l| l.trim_start_matches("//!").strip_prefix(' ').unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(serde::Deserialize)]
struct KioskToml {
    hardware: HardwareConfig,
}

fn parse(text: &str) -> HardwareConfig {
    toml::from_str::<KioskToml>(text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
        .hardware
}

#[test]
fn the_documented_hardware_table_parses() {
    let config = parse(&documented_example());
    assert_eq!(config.backend, Backend::Linux);
    let keys = config.keys.as_ref().unwrap_or_else(|| panic!("keys"));
    assert_eq!(
        (keys.yes, keys.no, keys.abstain, keys.mic),
        (17, 27, 22, 23)
    );
    assert!(keys.active_low);
    assert!(
        config.expander.is_none(),
        "the expander is the commented alternative"
    );
    let reader = config
        .card_reader
        .as_ref()
        .unwrap_or_else(|| panic!("reader"));
    assert_eq!(reader.speed_hz, 1_000_000);
    assert_eq!(config.light_sensor.as_ref().map(|s| s.address), Some(0x23));
    let unit = config.unit();
    assert_eq!(unit.debounce.settle_ms, 20);
    assert_eq!(unit.card_absent_polls, 3);
    assert_eq!(unit.backlight.max_percent, 100);
    assert_eq!(
        config.screen.backlight.as_deref(),
        Some(std::path::Path::new("/sys/class/backlight/10-0045"))
    );
}

#[test]
fn a_kiosk_without_a_hardware_table_has_no_hardware() {
    let config = parse("[hardware]\n");
    assert_eq!(config, HardwareConfig::default());
    assert_eq!(config.backend, Backend::None);
}

#[test]
fn an_expander_table_with_defaults_gives_the_default_map() {
    let config =
        parse("[hardware]\nbackend = \"linux\"\n[hardware.expander]\nbus = \"/dev/i2c-1\"\n");
    let expander = config.expander.unwrap_or_else(|| panic!("expander"));
    assert_eq!(expander.address, 0x20);
    assert_eq!(expander.map(), ExpanderMap::default());
}

#[test]
fn a_misspelt_key_in_the_table_is_refused() {
    let text = "[hardware.timing]\ndebounce = 20\n";
    assert!(toml::from_str::<KioskToml>(&format!("[hardware]\n{text}")).is_err());
}

#[cfg(feature = "linux")]
#[test]
fn opening_a_missing_gpio_chip_names_it() {
    let config = parse(
        "[hardware]\nbackend = \"linux\"\n\
         [hardware.keys]\nchip = \"/dev/no-such-gpiochip\"\nyes = 1\nno = 2\nabstain = 3\nmic = 4\n\
         [hardware.leds]\nchip = \"/dev/no-such-gpiochip\"\nvote_open = 5\nvoted = 6\nfloor = 7\nmic_on = 8\n",
    );
    let err = hardware::linux::open(&config)
        .err()
        .unwrap_or_else(|| panic!("there is no such chip"));
    assert!(err.to_string().contains("/dev/no-such-gpiochip"), "{err}");
}

#[cfg(feature = "linux")]
#[test]
fn a_linux_table_without_keys_and_leds_is_refused() {
    let config = parse("[hardware]\nbackend = \"linux\"\n");
    assert!(matches!(
        hardware::linux::open(&config),
        Err(hardware::linux::SetupError::NoPanel)
    ));
}
