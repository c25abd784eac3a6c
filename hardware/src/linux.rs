//! The Linux backend: a [`SeatUnit`] on gpio-cdev lines, a spidev device and
//! i2c-dev buses, built from the `[hardware]` table.
//!
//! [`open`] opens and sets up every part the table names (the reader reset
//! and its antenna on, the light sensor measuring, the LEDs off) and says
//! which device failed if one does. The unit is then driven like any other:
//! [`SeatUnit::poll`] every few milliseconds, from the kiosk's hardware task.

use std::path::{Path, PathBuf};

use linux_embedded_hal::gpio_cdev::{self, Chip, LineRequestFlags};
use linux_embedded_hal::i2cdev::linux::LinuxI2CError;
use linux_embedded_hal::spidev::{SpiModeFlags, SpidevOptions};
use linux_embedded_hal::{CdevPin, CdevPinError, Delay, I2CError, I2cdev, SpidevDevice};

use crate::bh1750::{self, Bh1750, Continuous};
use crate::config::LightSensorConfig;
use crate::config::{CardReaderConfig, Expander, GpioKeys, GpioLeds, HardwareConfig};
use crate::keys::KeyLevels;
use crate::leds::Leds;
use crate::mfrc522::{self, Mfrc522};
use crate::panel::{ExpanderPanel, MapError, Panel, PinError, PinPanel, Polarity};
use crate::pcf8574;
use crate::seat_unit::SeatUnit;

/// The name the lines are requested under (shown by `gpioinfo`).
pub const CONSUMER: &str = "phonghop-seat";

/// Keys and LEDs on eight gpio-cdev lines.
pub type GpioPanel =
    PinPanel<CdevPin, CdevPin, CdevPin, CdevPin, CdevPin, CdevPin, CdevPin, CdevPin>;
/// The card reader on spidev.
pub type LinuxCardReader = Mfrc522<SpidevDevice, Delay>;
/// The light sensor on i2c-dev.
pub type LinuxLightSensor = Bh1750<I2cdev, Continuous>;
/// A seat unit on Linux; the reader and the sensor are optional.
pub type LinuxSeatUnit = SeatUnit<LinuxPanel, Option<LinuxCardReader>, Option<LinuxLightSensor>>;

/// Keys and LEDs, on GPIO lines or on an expander.
pub enum LinuxPanel {
    /// On gpio-cdev lines.
    Gpio(Box<GpioPanel>),
    /// On a PCF8574.
    Expander(ExpanderPanel<I2cdev>),
}

impl std::fmt::Debug for LinuxPanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The device handles have no Debug of their own.
        f.write_str(match self {
            LinuxPanel::Gpio(_) => "LinuxPanel::Gpio",
            LinuxPanel::Expander(_) => "LinuxPanel::Expander",
        })
    }
}

/// A key or LED failure on Linux.
#[derive(Debug, thiserror::Error)]
pub enum LinuxPanelError {
    /// A GPIO line failed.
    #[error("gpio: {0}")]
    Gpio(PinError<CdevPinError, CdevPinError>),
    /// The expander failed.
    #[error("expander: {0}")]
    Expander(pcf8574::Error<I2CError>),
}

impl Panel for LinuxPanel {
    type Error = LinuxPanelError;

    fn read_keys(&mut self) -> Result<KeyLevels, Self::Error> {
        match self {
            LinuxPanel::Gpio(p) => p.read_keys().map_err(LinuxPanelError::Gpio),
            LinuxPanel::Expander(p) => p.read_keys().map_err(LinuxPanelError::Expander),
        }
    }

    fn set_leds(&mut self, leds: Leds) -> Result<(), Self::Error> {
        match self {
            LinuxPanel::Gpio(p) => p.set_leds(leds).map_err(LinuxPanelError::Gpio),
            LinuxPanel::Expander(p) => p.set_leds(leds).map_err(LinuxPanelError::Expander),
        }
    }
}

/// Why the seat unit could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The table names no keys and LEDs.
    #[error(
        "no keys and leds configured: give [hardware.keys] and [hardware.leds], or [hardware.expander]"
    )]
    NoPanel,
    /// The table names both GPIO keys/LEDs and an expander.
    #[error("both gpio keys or leds and an expander are configured: give one")]
    TwoPanels,
    /// A GPIO chip or line could not be opened.
    #[error("gpio line {line} of {}: {source}", .chip.display())]
    Gpio {
        /// The chip.
        chip: PathBuf,
        /// The line offset.
        line: u32,
        /// What failed.
        #[source]
        source: gpio_cdev::errors::Error,
    },
    /// An I2C bus could not be opened.
    #[error("i2c bus {}: {source}", .bus.display())]
    I2c {
        /// The bus.
        bus: PathBuf,
        /// What failed.
        #[source]
        source: LinuxI2CError,
    },
    /// The SPI device could not be opened or configured.
    #[error("spi device {}: {source}", .device.display())]
    Spi {
        /// The device.
        device: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
    /// The expander's bit map is wrong.
    #[error("[hardware.expander]: {0}")]
    Map(#[from] MapError),
    /// The card reader did not come up.
    #[error("card reader: {0}")]
    CardReader(mfrc522::Error<linux_embedded_hal::SPIError>),
    /// The light sensor did not start.
    #[error("light sensor: {0}")]
    LightSensor(bh1750::Error<I2CError>),
    /// The LEDs could not be switched off.
    #[error("leds: {0}")]
    Leds(LinuxPanelError),
}

/// Opens and sets up the seat unit the table describes.
pub fn open(config: &HardwareConfig) -> Result<LinuxSeatUnit, SetupError> {
    let panel = match (&config.keys, &config.leds, &config.expander) {
        (Some(keys), Some(leds), None) => LinuxPanel::Gpio(Box::new(gpio_panel(keys, leds)?)),
        (None, None, Some(expander)) => LinuxPanel::Expander(expander_panel(expander)?),
        (None | Some(_), None, None) | (None, Some(_), None) => {
            return Err(SetupError::NoPanel);
        }
        _ => return Err(SetupError::TwoPanels),
    };
    let card = config.card_reader.as_ref().map(card_reader).transpose()?;
    let light = config.light_sensor.as_ref().map(light_sensor).transpose()?;
    let mut unit = SeatUnit::new(panel, card, light, config.unit());
    unit.set_leds(Leds::default()).map_err(|e| match e {
        crate::SeatUnitError::Panel(e) => SetupError::Leds(e),
        crate::SeatUnitError::Card(e) => SetupError::CardReader(e),
        crate::SeatUnitError::Light(e) => SetupError::LightSensor(e),
    })?;
    Ok(unit)
}

fn line(chip: &mut Chip, path: &Path, offset: u32, output: bool) -> Result<CdevPin, SetupError> {
    let err = |source| SetupError::Gpio {
        chip: path.to_path_buf(),
        line: offset,
        source,
    };
    let flags = if output {
        LineRequestFlags::OUTPUT
    } else {
        LineRequestFlags::INPUT
    };
    let handle = chip
        .get_line(offset)
        .and_then(|l| l.request(flags, 0, CONSUMER))
        .map_err(err)?;
    CdevPin::new(handle).map_err(err)
}

fn open_chip(path: &Path) -> Result<Chip, SetupError> {
    Chip::new(path).map_err(|source| SetupError::Gpio {
        chip: path.to_path_buf(),
        line: 0,
        source,
    })
}

/// The keys and LEDs on gpio-cdev lines.
pub fn gpio_panel(keys: &GpioKeys, leds: &GpioLeds) -> Result<GpioPanel, SetupError> {
    let mut chip = open_chip(&keys.chip)?;
    let k = &keys.chip;
    let key_pins = (
        line(&mut chip, k, keys.yes, false)?,
        line(&mut chip, k, keys.no, false)?,
        line(&mut chip, k, keys.abstain, false)?,
        line(&mut chip, k, keys.mic, false)?,
    );
    let mut chip = if leds.chip == keys.chip {
        chip
    } else {
        open_chip(&leds.chip)?
    };
    let l = &leds.chip;
    let led_pins = (
        line(&mut chip, l, leds.vote_open, true)?,
        line(&mut chip, l, leds.voted, true)?,
        line(&mut chip, l, leds.floor, true)?,
        line(&mut chip, l, leds.mic_on, true)?,
    );
    Ok(PinPanel::new(
        key_pins,
        Polarity::from_active_low(keys.active_low),
        led_pins,
        Polarity::from_active_low(leds.active_low),
    ))
}

fn i2c_bus(bus: &Path) -> Result<I2cdev, SetupError> {
    I2cdev::new(bus).map_err(|source| SetupError::I2c {
        bus: bus.to_path_buf(),
        source,
    })
}

/// The keys and LEDs on a PCF8574.
pub fn expander_panel(config: &Expander) -> Result<ExpanderPanel<I2cdev>, SetupError> {
    let map = config.map();
    // Check the map before touching the bus.
    map.input_mask()?;
    Ok(ExpanderPanel::new(
        i2c_bus(&config.bus)?,
        config.address,
        map,
    )?)
}

/// The MFRC522, reset and set up.
pub fn card_reader(config: &CardReaderConfig) -> Result<LinuxCardReader, SetupError> {
    let err = |source| SetupError::Spi {
        device: config.spi.clone(),
        source,
    };
    let mut dev = SpidevDevice::open(&config.spi).map_err(|e| err(std::io::Error::other(e)))?;
    let options = SpidevOptions::new()
        .bits_per_word(8)
        .max_speed_hz(config.speed_hz)
        .mode(SpiModeFlags::SPI_MODE_0)
        .build();
    dev.configure(&options).map_err(err)?;
    let mut reader = Mfrc522::new(dev, Delay);
    reader.init().map_err(SetupError::CardReader)?;
    Ok(reader)
}

/// The BH1750, measuring.
pub fn light_sensor(config: &LightSensorConfig) -> Result<LinuxLightSensor, SetupError> {
    Bh1750::new(i2c_bus(&config.bus)?, config.address)
        .into_continuous()
        .map_err(|e| SetupError::LightSensor(e.error))
}
