//! BH1750: a digital ambient light sensor over I2C.
//!
//! The sensor is used in continuous H-resolution mode: 1 lx per count at
//! the default measurement time, a new value about every 120 ms (at most
//! 180 ms), `lux = raw / 1.2` (datasheet p. 7).
//!
//! Modes are types: [`Bh1750::new`] gives a [`PoweredDown`] sensor (as it is
//! after power-up), [`Bh1750::into_continuous`] starts measuring and gives a
//! [`Continuous`] one, the only kind that can be read.

use core::marker::PhantomData;

use embedded_hal::i2c::I2c;

use crate::backlight::LightSensor;

/// The address with the ADDR pin low.
pub const ADDRESS_LOW: u8 = 0x23;
/// The address with the ADDR pin high.
pub const ADDRESS_HIGH: u8 = 0x5C;

/// Instructions (datasheet p. 5), each one byte written.
pub mod instruction {
    /// Power down: no active state.
    pub const POWER_DOWN: u8 = 0x00;
    /// Power on: waiting for a measurement command.
    pub const POWER_ON: u8 = 0x01;
    /// Clears the data register (only while powered on).
    pub const RESET: u8 = 0x07;
    /// Continuous H-resolution mode: 1 lx resolution, about 120 ms.
    pub const CONTINUOUS_H_RES: u8 = 0x10;
}

/// A sensor error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error<E> {
    /// The I2C bus failed.
    #[error("i2c bus error: {0:?}")]
    I2c(E),
}

/// A failed mode change: the error, and the sensor in the mode it had.
#[derive(Debug)]
pub struct ModeChangeError<E, DEV> {
    /// What failed.
    pub error: Error<E>,
    /// The sensor, unchanged.
    pub dev: DEV,
}

/// Mode: powered down.
#[derive(Debug, Clone, Copy)]
pub struct PoweredDown;
/// Mode: measuring continuously at H resolution.
#[derive(Debug, Clone, Copy)]
pub struct Continuous;

/// A BH1750 in mode `MODE`.
#[derive(Debug)]
pub struct Bh1750<I2C, MODE> {
    i2c: I2C,
    address: u8,
    mode: PhantomData<MODE>,
}

/// Lux from a raw H-resolution reading (default measurement time).
pub fn raw_to_lux(raw: u16) -> f32 {
    f32::from(raw) / 1.2
}

impl<I2C: I2c> Bh1750<I2C, PoweredDown> {
    /// The sensor at `address` ([`ADDRESS_LOW`] or [`ADDRESS_HIGH`]). Does no I/O.
    pub fn new(i2c: I2C, address: u8) -> Self {
        Bh1750 {
            i2c,
            address,
            mode: PhantomData,
        }
    }

    /// Powers on and starts continuous H-resolution measurement. The first
    /// value is ready about 180 ms later.
    pub fn into_continuous(
        mut self,
    ) -> Result<Bh1750<I2C, Continuous>, ModeChangeError<I2C::Error, Self>> {
        let r = self
            .send(instruction::POWER_ON)
            .and_then(|()| self.send(instruction::CONTINUOUS_H_RES));
        match r {
            Ok(()) => Ok(Bh1750 {
                i2c: self.i2c,
                address: self.address,
                mode: PhantomData,
            }),
            Err(error) => Err(ModeChangeError { error, dev: self }),
        }
    }
}

impl<I2C: I2c> Bh1750<I2C, Continuous> {
    /// The last measurement, raw.
    pub fn read_raw(&mut self) -> Result<u16, Error<I2C::Error>> {
        let mut buf = [0u8; 2];
        self.i2c.read(self.address, &mut buf).map_err(Error::I2c)?;
        Ok(u16::from_be_bytes(buf))
    }

    /// The last measurement, in lux.
    pub fn read_lux(&mut self) -> Result<f32, Error<I2C::Error>> {
        self.read_raw().map(raw_to_lux)
    }

    /// Stops measuring.
    pub fn into_powered_down(
        mut self,
    ) -> Result<Bh1750<I2C, PoweredDown>, ModeChangeError<I2C::Error, Self>> {
        match self.send(instruction::POWER_DOWN) {
            Ok(()) => Ok(Bh1750 {
                i2c: self.i2c,
                address: self.address,
                mode: PhantomData,
            }),
            Err(error) => Err(ModeChangeError { error, dev: self }),
        }
    }
}

impl<I2C: I2c, MODE> Bh1750<I2C, MODE> {
    /// Hands the bus back.
    pub fn destroy(self) -> I2C {
        self.i2c
    }

    fn send(&mut self, instruction: u8) -> Result<(), Error<I2C::Error>> {
        self.i2c
            .write(self.address, &[instruction])
            .map_err(Error::I2c)
    }
}

impl<I2C: I2c> LightSensor for Bh1750<I2C, Continuous> {
    type Error = Error<I2C::Error>;

    fn read_lux(&mut self) -> Result<Option<f32>, Self::Error> {
        Bh1750::read_lux(self).map(Some)
    }
}
