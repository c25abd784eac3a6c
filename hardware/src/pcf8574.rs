//! PCF8574 / PCF8574A: an 8-bit quasi-bidirectional I2C port expander.
//!
//! The chip has no direction register. A pin reads as an input only while
//! the chip drives it high (weakly), so every write must keep the input bits
//! at 1; [`Pcf8574`] is told which bits are inputs and ORs them into every
//! write.

use embedded_hal::i2c::I2c;

/// The PCF8574's address with A2..A0 low; add 0..=7 for the pins.
pub const BASE_ADDRESS: u8 = 0x20;
/// The PCF8574A's address with A2..A0 low; add 0..=7 for the pins.
pub const BASE_ADDRESS_A: u8 = 0x38;

/// An expander error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error<E> {
    /// The I2C bus failed.
    #[error("i2c bus error: {0:?}")]
    I2c(E),
}

/// A PCF8574 with a set of its bits used as inputs.
#[derive(Debug)]
pub struct Pcf8574<I2C> {
    i2c: I2C,
    address: u8,
    inputs: u8,
    outputs: u8,
}

impl<I2C: I2c> Pcf8574<I2C> {
    /// The expander at `address`, with the bits set in `inputs` used as
    /// inputs (kept high in every write). Does no I/O.
    pub fn new(i2c: I2C, address: u8, inputs: u8) -> Self {
        Pcf8574 {
            i2c,
            address,
            inputs,
            outputs: 0xFF,
        }
    }

    /// Hands the bus back.
    pub fn destroy(self) -> I2C {
        self.i2c
    }

    /// The bits used as inputs.
    pub const fn inputs(&self) -> u8 {
        self.inputs
    }

    /// The port byte last written.
    pub const fn last_written(&self) -> u8 {
        self.outputs
    }

    /// Reads the levels of all eight pins.
    pub fn read(&mut self) -> Result<u8, Error<I2C::Error>> {
        let mut buf = [0u8];
        self.i2c.read(self.address, &mut buf).map_err(Error::I2c)?;
        Ok(buf[0])
    }

    /// Sets the output pins to `levels`; input bits are written high
    /// whatever `levels` says.
    pub fn write(&mut self, levels: u8) -> Result<(), Error<I2C::Error>> {
        let port = levels | self.inputs;
        self.i2c.write(self.address, &[port]).map_err(Error::I2c)?;
        self.outputs = port;
        Ok(())
    }
}
