//! MFRC522: an ISO/IEC 14443-A reader IC over SPI, for delegate cards.
//!
//! What a seat needs and nothing more: [`Mfrc522::init`], [`Mfrc522::reqa`] /
//! [`Mfrc522::wupa`] to find a card, [`Mfrc522::select`] to run the
//! anticollision loop and SELECT over the cascade levels (4-, 7- and 10-byte
//! UIDs, each level's BCC checked, SELECT framed with a CRC_A from the chip's
//! coprocessor and the card's SAK checked with it), and [`Mfrc522::halt`].
//! Colliding cards are reported, not resolved: a seat reads one card.
//!
//! Every wait is a bounded number of register polls with a
//! [`DelayNs`] between them, so a chip that stops answering gives
//! [`Error::Stalled`], never a hang; every card-side failure is an
//! [`Error`] value, never a panic.
//!
//! SPI framing (datasheet §8.1.2): the first byte is `(reg << 1)`, with the
//! top bit set for a read; a read of n bytes sends the address n times and
//! a final 0.

use embedded_hal::delay::DelayNs;
use embedded_hal::spi::SpiDevice;

use crate::card::{CardReader, Uid};

/// Register addresses (datasheet §9.2).
pub mod reg {
    /// Starts and stops command execution.
    pub const COMMAND: u8 = 0x01;
    /// Interrupt request bits.
    pub const COM_IRQ: u8 = 0x04;
    /// Interrupt request bits (CRC).
    pub const DIV_IRQ: u8 = 0x05;
    /// Error bits of the last command.
    pub const ERROR: u8 = 0x06;
    /// The 64-byte FIFO.
    pub const FIFO_DATA: u8 = 0x09;
    /// Bytes in the FIFO; writing bit 7 flushes it.
    pub const FIFO_LEVEL: u8 = 0x0A;
    /// Miscellaneous control; bits 2..0 are the valid bits of the last byte received.
    pub const CONTROL: u8 = 0x0C;
    /// Bit-oriented frames; bit 7 starts a Transceive.
    pub const BIT_FRAMING: u8 = 0x0D;
    /// Transmit and receive modes (CRC preset).
    pub const MODE: u8 = 0x11;
    /// Transmission data rate and framing.
    pub const TX_MODE: u8 = 0x12;
    /// Reception data rate and framing.
    pub const RX_MODE: u8 = 0x13;
    /// The antenna driver pins TX1 and TX2.
    pub const TX_CONTROL: u8 = 0x14;
    /// Transmit modulation (100 % ASK).
    pub const TX_ASK: u8 = 0x15;
    /// CRC result, high byte.
    pub const CRC_RESULT_H: u8 = 0x21;
    /// CRC result, low byte.
    pub const CRC_RESULT_L: u8 = 0x22;
    /// Modulation width.
    pub const MOD_WIDTH: u8 = 0x24;
    /// Timer mode.
    pub const T_MODE: u8 = 0x2A;
    /// Timer prescaler, low bits.
    pub const T_PRESCALER: u8 = 0x2B;
    /// Timer reload, high byte.
    pub const T_RELOAD_H: u8 = 0x2C;
    /// Timer reload, low byte.
    pub const T_RELOAD_L: u8 = 0x2D;
    /// The chip's version.
    pub const VERSION: u8 = 0x37;
}

/// Chip commands written to [`reg::COMMAND`].
pub mod cmd {
    /// No action; cancels the running command.
    pub const IDLE: u8 = 0x00;
    /// Runs the CRC coprocessor over the FIFO.
    pub const CALC_CRC: u8 = 0x03;
    /// Sends the FIFO and receives the answer.
    pub const TRANSCEIVE: u8 = 0x0C;
    /// Resets the chip.
    pub const SOFT_RESET: u8 = 0x0F;
}

/// ISO/IEC 14443-3 type A commands to the card (PICC).
pub mod picc {
    /// Request (wakes idle cards), 7 bits.
    pub const REQA: u8 = 0x26;
    /// Wake-up (wakes idle and halted cards), 7 bits.
    pub const WUPA: u8 = 0x52;
    /// Select, cascade level 1.
    pub const SEL_CL1: u8 = 0x93;
    /// Select, cascade level 2.
    pub const SEL_CL2: u8 = 0x95;
    /// Select, cascade level 3.
    pub const SEL_CL3: u8 = 0x97;
    /// NVB of an anticollision frame: two bytes, no UID bits.
    pub const NVB_ANTICOLLISION: u8 = 0x20;
    /// NVB of a SELECT frame: seven bytes.
    pub const NVB_SELECT: u8 = 0x70;
    /// Halt, followed by 0x00.
    pub const HLTA: u8 = 0x50;
    /// The cascade tag: the UID goes on at the next level.
    pub const CASCADE_TAG: u8 = 0x88;
    /// SAK bit: the UID is not complete.
    pub const SAK_CASCADE: u8 = 0x04;
}

// Bits of COM_IRQ.
const IRQ_TIMER: u8 = 0x01;
const IRQ_IDLE: u8 = 0x10;
const IRQ_RX: u8 = 0x20;
const IRQ_CLEAR_ALL: u8 = 0x7F;
// Bit of DIV_IRQ.
const DIV_IRQ_CRC: u8 = 0x04;
// Bits of ERROR.
const ERR_PROTOCOL: u8 = 0x01;
const ERR_PARITY: u8 = 0x02;
const ERR_CRC: u8 = 0x04;
const ERR_COLL: u8 = 0x08;
const ERR_BUFFER_OVERFLOW: u8 = 0x10;
// FIFO_LEVEL: flush; BIT_FRAMING: start send; COMMAND: power down.
const FLUSH_FIFO: u8 = 0x80;
const START_SEND: u8 = 0x80;
const POWER_DOWN: u8 = 0x10;

/// Register polls before a wait gives up.
pub const MAX_POLLS: u16 = 40;
/// Pause between two polls (µs). `MAX_POLLS` × this is 40 ms, longer than
/// the chip's own 25 ms receive timeout set by [`Mfrc522::init`].
pub const POLL_INTERVAL_US: u32 = 1_000;

/// The largest answer read from the FIFO: a seat expects at most 5 bytes.
const FRAME_MAX: usize = 16;

/// A reader or card error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error<E> {
    /// The SPI bus failed.
    #[error("spi bus error: {0:?}")]
    Spi(E),
    /// No card answered before the chip's receive timer ran out.
    #[error("no card answered in time")]
    Timeout,
    /// The chip did not finish a command within [`MAX_POLLS`] polls.
    #[error("the reader chip did not finish its command")]
    Stalled,
    /// The card's answer failed its CRC_A.
    #[error("the card's answer failed its crc")]
    Crc,
    /// A UID part did not match its check byte (BCC).
    #[error("the uid check byte does not match")]
    Bcc,
    /// Several cards answered at once.
    #[error("more than one card answered")]
    Collision,
    /// A protocol, parity or buffer-overflow error (the ERROR register's bits).
    #[error("the card's answer was garbled (error register {0:#04x})")]
    Protocol(u8),
    /// An answer of the wrong length (bytes, and valid bits in the last byte).
    #[error("unexpected answer of {0} bytes ({1} bits in the last)")]
    BadAnswer(u8, u8),
    /// The card answered the request but was gone before it was selected.
    #[error("the card left before its uid was read")]
    CardLost,
    /// The card still said "not complete" after the third cascade level.
    #[error("the card's uid is longer than three cascade levels")]
    UidTooLong,
    /// No MFRC522 answers: the version register reads 0x00 or 0xFF.
    #[error("no mfrc522 answers (version register reads {0:#04x})")]
    NoChip(u8),
}

/// A card's answer to REQA or WUPA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atqa(pub [u8; 2]);

/// The bytes a card answered.
#[derive(Debug, Clone, Copy)]
struct Frame {
    bytes: [u8; FRAME_MAX],
    len: u8,
    last_bits: u8,
}

impl Frame {
    fn data(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    fn expect<E>(&self, len: u8) -> Result<&[u8], Error<E>> {
        if self.len == len && self.last_bits == 0 {
            Ok(self.data())
        } else {
            Err(Error::BadAnswer(self.len, self.last_bits))
        }
    }
}

/// An MFRC522 on an SPI device.
#[derive(Debug)]
pub struct Mfrc522<SPI, D> {
    spi: SPI,
    delay: D,
}

impl<SPI: SpiDevice, D: DelayNs> Mfrc522<SPI, D> {
    /// The chip on `spi` (mode 0, up to 10 MHz), waiting with `delay`.
    /// Does no I/O: call [`Mfrc522::init`].
    pub fn new(spi: SPI, delay: D) -> Self {
        Mfrc522 { spi, delay }
    }

    /// Hands the bus and the delay back.
    pub fn destroy(self) -> (SPI, D) {
        (self.spi, self.delay)
    }

    /// Resets the chip and sets it up for ISO 14443-A at 106 kbit/s: a 25 ms
    /// receive timeout, 100 % ASK, CRC preset 0x6363, antenna on. Returns
    /// the version register (0x91 or 0x92 for NXP chips; clones differ).
    pub fn init(&mut self) -> Result<u8, Error<SPI::Error>> {
        self.write(reg::COMMAND, cmd::SOFT_RESET)?;
        self.wait_for(reg::COMMAND, |v| v & POWER_DOWN == 0)?;
        self.write(reg::TX_MODE, 0x00)?;
        self.write(reg::RX_MODE, 0x00)?;
        self.write(reg::MOD_WIDTH, 0x26)?;
        // Timer: TAuto, prescaler 0x0A9 → 40 kHz (25 µs); reload 1000 → 25 ms.
        self.write(reg::T_MODE, 0x80)?;
        self.write(reg::T_PRESCALER, 0xA9)?;
        self.write(reg::T_RELOAD_H, 0x03)?;
        self.write(reg::T_RELOAD_L, 0xE8)?;
        self.write(reg::TX_ASK, 0x40)?;
        self.write(reg::MODE, 0x3D)?;
        let tx = self.read(reg::TX_CONTROL)?;
        if tx & 0x03 != 0x03 {
            self.write(reg::TX_CONTROL, tx | 0x03)?;
        }
        let version = self.version()?;
        if version == 0x00 || version == 0xFF {
            return Err(Error::NoChip(version));
        }
        Ok(version)
    }

    /// The version register.
    pub fn version(&mut self) -> Result<u8, Error<SPI::Error>> {
        self.read(reg::VERSION)
    }

    /// Sends REQA: wakes a card that is idle. [`Error::Timeout`] when no card answers.
    pub fn reqa(&mut self) -> Result<Atqa, Error<SPI::Error>> {
        self.request(picc::REQA)
    }

    /// Sends WUPA: wakes a card that is idle or halted. [`Error::Timeout`]
    /// when no card answers.
    pub fn wupa(&mut self) -> Result<Atqa, Error<SPI::Error>> {
        self.request(picc::WUPA)
    }

    fn request(&mut self, command: u8) -> Result<Atqa, Error<SPI::Error>> {
        let frame = self.transceive(&[command], 7)?;
        let atqa = frame.expect(2)?;
        Ok(Atqa([atqa[0], atqa[1]]))
    }

    /// Selects the card that answered REQA/WUPA, cascade level by level,
    /// and returns its UID (4, 7 or 10 bytes).
    pub fn select(&mut self) -> Result<Uid, Error<SPI::Error>> {
        let mut uid = [0u8; Uid::MAX_LEN];
        let mut len = 0;
        for sel in [picc::SEL_CL1, picc::SEL_CL2, picc::SEL_CL3] {
            // Anticollision: the card sends its 4 UID bytes of this level and their BCC.
            let frame = self.transceive(&[sel, picc::NVB_ANTICOLLISION], 0)?;
            let answer = frame.expect(5)?;
            let mut part = [0u8; 5];
            part.copy_from_slice(answer);
            if part[..4].iter().fold(0, |x, b| x ^ b) != part[4] {
                return Err(Error::Bcc);
            }
            // SELECT that part; the card answers its SAK with a CRC_A.
            let mut select = [0u8; 9];
            select[0] = sel;
            select[1] = picc::NVB_SELECT;
            select[2..7].copy_from_slice(&part);
            let crc = self.crc_a(&select[..7])?;
            select[7..].copy_from_slice(&crc);
            let frame = self.transceive(&select, 0)?;
            let answer = frame.expect(3)?;
            let (sak, sak_crc) = (answer[0], [answer[1], answer[2]]);
            if self.crc_a(&[sak])? != sak_crc {
                return Err(Error::Crc);
            }
            if sak & picc::SAK_CASCADE != 0 {
                // The first byte is the cascade tag; three UID bytes here.
                if part[0] != picc::CASCADE_TAG {
                    return Err(Error::BadAnswer(5, 0));
                }
                uid[len..len + 3].copy_from_slice(&part[1..4]);
                len += 3;
            } else {
                uid[len..len + 4].copy_from_slice(&part[..4]);
                len += 4;
                return Uid::new(&uid[..len]).ok_or(Error::UidTooLong);
            }
        }
        Err(Error::UidTooLong)
    }

    /// Sends HLTA: the selected card goes quiet until the next WUPA.
    pub fn halt(&mut self) -> Result<(), Error<SPI::Error>> {
        let mut frame = [picc::HLTA, 0x00, 0, 0];
        let crc = self.crc_a(&frame[..2])?;
        frame[2..].copy_from_slice(&crc);
        // A card acknowledges a halt by saying nothing.
        match self.transceive(&frame, 0) {
            Ok(_) | Err(Error::Timeout) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Looks for one card: WUPA, SELECT, HLTA. `Ok(None)` when no card
    /// answers; [`Error::CardLost`] when one answered and then went quiet.
    ///
    /// The card is halted after its UID is read, and WUPA wakes it again at
    /// the next poll, so a card lying on the reader is read at every poll.
    pub fn read_uid(&mut self) -> Result<Option<Uid>, Error<SPI::Error>> {
        match self.wupa() {
            Ok(_) => {}
            Err(Error::Timeout) => return Ok(None),
            Err(e) => return Err(e),
        }
        let uid = self.select().map_err(|e| match e {
            Error::Timeout => Error::CardLost,
            e => e,
        })?;
        self.halt()?;
        Ok(Some(uid))
    }

    /// Sends `data` (the last byte with `tx_last_bits` bits, 0 for all 8)
    /// and reads the card's answer.
    fn transceive(&mut self, data: &[u8], tx_last_bits: u8) -> Result<Frame, Error<SPI::Error>> {
        self.write(reg::COMMAND, cmd::IDLE)?;
        self.write(reg::COM_IRQ, IRQ_CLEAR_ALL)?;
        self.write(reg::FIFO_LEVEL, FLUSH_FIFO)?;
        self.write_fifo(data)?;
        self.write(reg::BIT_FRAMING, tx_last_bits)?;
        self.write(reg::COMMAND, cmd::TRANSCEIVE)?;
        self.write(reg::BIT_FRAMING, START_SEND | tx_last_bits)?;
        let irq = self.wait_for(reg::COM_IRQ, |v| v & (IRQ_RX | IRQ_IDLE | IRQ_TIMER) != 0)?;
        if irq & (IRQ_RX | IRQ_IDLE) == 0 {
            return Err(Error::Timeout);
        }
        let error = self.read(reg::ERROR)?;
        if error & (ERR_BUFFER_OVERFLOW | ERR_PARITY | ERR_PROTOCOL) != 0 {
            return Err(Error::Protocol(error));
        }
        if error & ERR_COLL != 0 {
            return Err(Error::Collision);
        }
        if error & ERR_CRC != 0 {
            return Err(Error::Crc);
        }
        let level = self.read(reg::FIFO_LEVEL)? & 0x7F;
        if usize::from(level) > FRAME_MAX {
            return Err(Error::BadAnswer(level, 0));
        }
        let mut frame = Frame {
            bytes: [0; FRAME_MAX],
            len: level,
            last_bits: 0,
        };
        self.read_fifo(&mut frame.bytes[..usize::from(level)])?;
        frame.last_bits = self.read(reg::CONTROL)? & 0x07;
        Ok(frame)
    }

    /// CRC_A of `data` from the chip's coprocessor, low byte first.
    fn crc_a(&mut self, data: &[u8]) -> Result<[u8; 2], Error<SPI::Error>> {
        self.write(reg::COMMAND, cmd::IDLE)?;
        self.write(reg::DIV_IRQ, DIV_IRQ_CRC)?;
        self.write(reg::FIFO_LEVEL, FLUSH_FIFO)?;
        self.write_fifo(data)?;
        self.write(reg::COMMAND, cmd::CALC_CRC)?;
        self.wait_for(reg::DIV_IRQ, |v| v & DIV_IRQ_CRC != 0)?;
        self.write(reg::COMMAND, cmd::IDLE)?;
        let lo = self.read(reg::CRC_RESULT_L)?;
        let hi = self.read(reg::CRC_RESULT_H)?;
        Ok([lo, hi])
    }

    /// Reads `register` until `done` says so, at most [`MAX_POLLS`] times.
    fn wait_for(
        &mut self,
        register: u8,
        done: impl Fn(u8) -> bool,
    ) -> Result<u8, Error<SPI::Error>> {
        for poll in 0..MAX_POLLS {
            if poll > 0 {
                self.delay.delay_us(POLL_INTERVAL_US);
            }
            let v = self.read(register)?;
            if done(v) {
                return Ok(v);
            }
        }
        Err(Error::Stalled)
    }

    fn write(&mut self, register: u8, value: u8) -> Result<(), Error<SPI::Error>> {
        self.spi
            .write(&[write_address(register), value])
            .map_err(Error::Spi)
    }

    fn read(&mut self, register: u8) -> Result<u8, Error<SPI::Error>> {
        let mut buf = [read_address(register), 0];
        self.spi.transfer_in_place(&mut buf).map_err(Error::Spi)?;
        Ok(buf[1])
    }

    fn write_fifo(&mut self, data: &[u8]) -> Result<(), Error<SPI::Error>> {
        let mut buf = [0u8; FRAME_MAX + 1];
        buf[0] = write_address(reg::FIFO_DATA);
        buf[1..=data.len()].copy_from_slice(data);
        self.spi.write(&buf[..=data.len()]).map_err(Error::Spi)
    }

    fn read_fifo(&mut self, out: &mut [u8]) -> Result<(), Error<SPI::Error>> {
        if out.is_empty() {
            return Ok(());
        }
        let mut buf = [0u8; FRAME_MAX + 1];
        let n = out.len();
        buf[..n].fill(read_address(reg::FIFO_DATA));
        buf[n] = 0;
        self.spi
            .transfer_in_place(&mut buf[..=n])
            .map_err(Error::Spi)?;
        out.copy_from_slice(&buf[1..=n]);
        Ok(())
    }
}

/// The SPI address byte that writes `register`.
pub const fn write_address(register: u8) -> u8 {
    (register << 1) & 0x7E
}

/// The SPI address byte that reads `register`.
pub const fn read_address(register: u8) -> u8 {
    write_address(register) | 0x80
}

impl<SPI: SpiDevice, D: DelayNs> CardReader for Mfrc522<SPI, D> {
    type Error = Error<SPI::Error>;

    fn read_card(&mut self) -> Result<Option<Uid>, Self::Error> {
        self.read_uid()
    }
}
