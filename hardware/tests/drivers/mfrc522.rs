//! The MFRC522 register sequences, as the chip would see them.

use embedded_hal_mock::eh1::delay::{CheckedDelay, Transaction as DelayT};
use embedded_hal_mock::eh1::spi::{Mock as SpiMock, Transaction as SpiT};
use hardware::Uid;
use hardware::mfrc522::{
    Error, MAX_POLLS, Mfrc522, POLL_INTERVAL_US, cmd, picc, read_address, reg, write_address,
};

/// CRC_A (ISO/IEC 14443-3 annex B), low byte first: what the chip's
/// coprocessor answers in these tests.
fn crc_a(data: &[u8]) -> [u8; 2] {
    let mut crc: u16 = 0x6363;
    for &byte in data {
        let mut b = byte ^ crc.to_le_bytes()[0];
        b ^= b << 4;
        let b = u16::from(b);
        crc = (crc >> 8) ^ (b << 8) ^ (b << 3) ^ (b >> 4);
    }
    crc.to_le_bytes()
}

fn bcc(part: &[u8]) -> u8 {
    part.iter().fold(0, |x, b| x ^ b)
}

/// How the card (or the chip) answers one transceive.
enum Answer<'a> {
    /// These bytes, all bits valid.
    Data(&'a [u8]),
    /// Nothing before the chip's timer ran out.
    Timeout,
    /// The chip flags these ERROR register bits.
    Flags(u8),
    /// The chip never raises an interrupt.
    Stall,
}

/// The expected SPI transactions and delays, built register by register.
#[derive(Default)]
struct Chip {
    spi: Vec<SpiT<u8>>,
    delay: Vec<DelayT>,
}

impl Chip {
    fn write(&mut self, register: u8, value: u8) -> &mut Self {
        self.spi.extend([
            SpiT::transaction_start(),
            SpiT::write_vec(vec![write_address(register), value]),
            SpiT::transaction_end(),
        ]);
        self
    }

    fn read(&mut self, register: u8, value: u8) -> &mut Self {
        self.spi.extend([
            SpiT::transaction_start(),
            SpiT::transfer_in_place(vec![read_address(register), 0], vec![0, value]),
            SpiT::transaction_end(),
        ]);
        self
    }

    /// A register read that is not done yet, followed by the poll pause.
    fn busy(&mut self, register: u8, value: u8) -> &mut Self {
        self.read(register, value);
        self.delay.push(DelayT::delay_us(POLL_INTERVAL_US));
        self
    }

    fn write_fifo(&mut self, data: &[u8]) -> &mut Self {
        let mut bytes = vec![write_address(reg::FIFO_DATA)];
        bytes.extend_from_slice(data);
        self.spi.extend([
            SpiT::transaction_start(),
            SpiT::write_vec(bytes),
            SpiT::transaction_end(),
        ]);
        self
    }

    fn read_fifo(&mut self, data: &[u8]) -> &mut Self {
        let mut sent = vec![read_address(reg::FIFO_DATA); data.len()];
        sent.push(0);
        let mut got = vec![0];
        got.extend_from_slice(data);
        self.spi.extend([
            SpiT::transaction_start(),
            SpiT::transfer_in_place(sent, got),
            SpiT::transaction_end(),
        ]);
        self
    }

    /// The chip's CRC coprocessor over `data`, busy for one poll.
    fn crc(&mut self, data: &[u8]) -> &mut Self {
        let [lo, hi] = crc_a(data);
        self.write(reg::COMMAND, cmd::IDLE)
            .write(reg::DIV_IRQ, 0x04)
            .write(reg::FIFO_LEVEL, 0x80)
            .write_fifo(data)
            .write(reg::COMMAND, cmd::CALC_CRC)
            .busy(reg::DIV_IRQ, 0x00)
            .read(reg::DIV_IRQ, 0x04)
            .write(reg::COMMAND, cmd::IDLE)
            .read(reg::CRC_RESULT_L, lo)
            .read(reg::CRC_RESULT_H, hi)
    }

    /// Sends `sent` (last byte with `bits` bits) and gets `answer`.
    fn transceive(&mut self, sent: &[u8], bits: u8, answer: &Answer<'_>) -> &mut Self {
        self.write(reg::COMMAND, cmd::IDLE)
            .write(reg::COM_IRQ, 0x7F)
            .write(reg::FIFO_LEVEL, 0x80)
            .write_fifo(sent)
            .write(reg::BIT_FRAMING, bits)
            .write(reg::COMMAND, cmd::TRANSCEIVE)
            .write(reg::BIT_FRAMING, 0x80 | bits);
        match answer {
            Answer::Data(data) => {
                let len = u8::try_from(data.len()).unwrap_or(u8::MAX);
                self.busy(reg::COM_IRQ, 0x00)
                    .read(reg::COM_IRQ, 0x30) // RxIRq | IdleIRq
                    .read(reg::ERROR, 0x00)
                    .read(reg::FIFO_LEVEL, len)
                    .read_fifo(data)
                    .read(reg::CONTROL, 0x10) // RxLastBits 0: whole bytes
            }
            Answer::Timeout => self.busy(reg::COM_IRQ, 0x00).read(reg::COM_IRQ, 0x01),
            Answer::Flags(bits) => self.read(reg::COM_IRQ, 0x30).read(reg::ERROR, *bits),
            Answer::Stall => {
                for _ in 1..MAX_POLLS {
                    self.busy(reg::COM_IRQ, 0x00);
                }
                self.read(reg::COM_IRQ, 0x00)
            }
        }
    }

    fn wupa(&mut self, atqa: [u8; 2]) -> &mut Self {
        self.transceive(&[picc::WUPA], 7, &Answer::Data(&atqa))
    }

    /// One cascade level: anticollision gives `part` (BCC added here), then
    /// SELECT with its CRC, the card's SAK with a CRC, the SAK checked.
    fn level(&mut self, sel: u8, part: [u8; 4], sak: u8) -> &mut Self {
        let mut with_bcc = part.to_vec();
        with_bcc.push(bcc(&part));
        self.transceive(&[sel, 0x20], 0, &Answer::Data(&with_bcc));
        let mut select = vec![sel, 0x70];
        select.extend_from_slice(&with_bcc);
        self.crc(&select);
        select.extend_from_slice(&crc_a(&select));
        let mut answer = vec![sak];
        answer.extend_from_slice(&crc_a(&[sak]));
        self.transceive(&select, 0, &Answer::Data(&answer))
            .crc(&[sak])
    }

    fn halt(&mut self) -> &mut Self {
        let mut hlta = vec![picc::HLTA, 0x00];
        self.crc(&hlta);
        hlta.extend_from_slice(&crc_a(&hlta));
        self.transceive(&hlta, 0, &Answer::Timeout)
    }

    /// Runs `f` on a reader over these expectations, then checks they all happened.
    fn run<T>(&self, f: impl FnOnce(&mut Mfrc522<SpiMock<u8>, CheckedDelay>) -> T) -> T {
        let mut reader = Mfrc522::new(SpiMock::new(&self.spi), CheckedDelay::new(&self.delay));
        let out = f(&mut reader);
        let (mut spi, mut delay) = reader.destroy();
        spi.done();
        delay.done();
        out
    }
}

fn uid(bytes: &[u8]) -> Uid {
    Uid::new(bytes).unwrap_or_else(|| panic!("a uid of {} bytes", bytes.len()))
}

#[test]
fn the_test_crc_is_the_crc_a_of_the_standard() {
    // HLTA is "50 00 57 CD" on the air.
    assert_eq!(crc_a(&[0x50, 0x00]), [0x57, 0xCD]);
}

#[test]
fn init_resets_the_chip_sets_the_timer_and_turns_the_antenna_on() {
    let mut chip = Chip::default();
    chip.write(reg::COMMAND, cmd::SOFT_RESET)
        .busy(reg::COMMAND, 0x30) // still powering up
        .read(reg::COMMAND, 0x20)
        .write(reg::TX_MODE, 0x00)
        .write(reg::RX_MODE, 0x00)
        .write(reg::MOD_WIDTH, 0x26)
        .write(reg::T_MODE, 0x80)
        .write(reg::T_PRESCALER, 0xA9)
        .write(reg::T_RELOAD_H, 0x03)
        .write(reg::T_RELOAD_L, 0xE8)
        .write(reg::TX_ASK, 0x40)
        .write(reg::MODE, 0x3D)
        .read(reg::TX_CONTROL, 0x80)
        .write(reg::TX_CONTROL, 0x83)
        .read(reg::VERSION, 0x92);
    assert_eq!(chip.run(Mfrc522::init), Ok(0x92));
}

#[test]
fn init_with_no_chip_on_the_bus_says_so() {
    let mut chip = Chip::default();
    chip.write(reg::COMMAND, cmd::SOFT_RESET)
        .read(reg::COMMAND, 0x00);
    for (r, v) in [
        (reg::TX_MODE, 0x00),
        (reg::RX_MODE, 0x00),
        (reg::MOD_WIDTH, 0x26),
        (reg::T_MODE, 0x80),
        (reg::T_PRESCALER, 0xA9),
        (reg::T_RELOAD_H, 0x03),
        (reg::T_RELOAD_L, 0xE8),
        (reg::TX_ASK, 0x40),
        (reg::MODE, 0x3D),
    ] {
        chip.write(r, v);
    }
    chip.read(reg::TX_CONTROL, 0x00)
        .write(reg::TX_CONTROL, 0x03)
        .read(reg::VERSION, 0x00);
    assert_eq!(chip.run(Mfrc522::init), Err(Error::NoChip(0x00)));
}

#[test]
fn a_card_with_a_4_byte_uid_is_woken_selected_and_halted() {
    let mut chip = Chip::default();
    chip.wupa([0x04, 0x00])
        .level(picc::SEL_CL1, [0x04, 0xA1, 0xB2, 0xC3], 0x08)
        .halt();
    assert_eq!(
        chip.run(Mfrc522::read_uid),
        Ok(Some(uid(&[0x04, 0xA1, 0xB2, 0xC3])))
    );
}

#[test]
fn a_card_with_a_7_byte_uid_is_selected_over_two_cascade_levels() {
    let mut chip = Chip::default();
    chip.wupa([0x44, 0x00])
        .level(picc::SEL_CL1, [picc::CASCADE_TAG, 0x04, 0x5A, 0x12], 0x04)
        .level(picc::SEL_CL2, [0x8A, 0x3B, 0x5C, 0x80], 0x00)
        .halt();
    assert_eq!(
        chip.run(Mfrc522::read_uid),
        Ok(Some(uid(&[0x04, 0x5A, 0x12, 0x8A, 0x3B, 0x5C, 0x80])))
    );
}

#[test]
fn reqa_with_no_card_in_the_field_times_out() {
    let mut chip = Chip::default();
    chip.transceive(&[picc::REQA], 7, &Answer::Timeout);
    assert_eq!(chip.run(Mfrc522::reqa), Err(Error::Timeout));
}

#[test]
fn no_card_in_the_field_reads_as_no_card() {
    let mut chip = Chip::default();
    chip.transceive(&[picc::WUPA], 7, &Answer::Timeout);
    assert_eq!(chip.run(Mfrc522::read_uid), Ok(None));
}

#[test]
fn a_card_that_leaves_mid_read_is_a_lost_card() {
    let mut chip = Chip::default();
    chip.wupa([0x04, 0x00])
        .transceive(&[picc::SEL_CL1, 0x20], 0, &Answer::Timeout);
    assert_eq!(chip.run(Mfrc522::read_uid), Err(Error::CardLost));
}

#[test]
fn a_card_that_leaves_at_the_second_cascade_level_is_a_lost_card() {
    let mut chip = Chip::default();
    chip.wupa([0x44, 0x00])
        .level(picc::SEL_CL1, [picc::CASCADE_TAG, 0x04, 0x5A, 0x12], 0x04)
        .transceive(&[picc::SEL_CL2, 0x20], 0, &Answer::Timeout);
    assert_eq!(chip.run(Mfrc522::read_uid), Err(Error::CardLost));
}

#[test]
fn a_sak_with_a_wrong_crc_is_a_crc_error() {
    let part = [0x04, 0xA1, 0xB2, 0xC3];
    let with_bcc = [0x04, 0xA1, 0xB2, 0xC3, bcc(&part)];
    let mut select = vec![picc::SEL_CL1, 0x70];
    select.extend_from_slice(&with_bcc);
    let mut chip = Chip::default();
    chip.transceive(&[picc::SEL_CL1, 0x20], 0, &Answer::Data(&with_bcc))
        .crc(&select);
    select.extend_from_slice(&crc_a(&select));
    let [lo, hi] = crc_a(&[0x08]);
    chip.transceive(&select, 0, &Answer::Data(&[0x08, lo ^ 0x01, hi]))
        .crc(&[0x08]);
    assert_eq!(chip.run(Mfrc522::select), Err(Error::Crc));
}

#[test]
fn a_uid_part_that_does_not_match_its_bcc_is_a_bcc_error() {
    let mut chip = Chip::default();
    chip.transceive(
        &[picc::SEL_CL1, 0x20],
        0,
        &Answer::Data(&[0x04, 0xA1, 0xB2, 0xC3, 0x00]),
    );
    assert_eq!(chip.run(Mfrc522::select), Err(Error::Bcc));
}

#[test]
fn the_chips_error_flags_become_typed_errors() {
    for (flags, error) in [
        (0x04, Error::Crc),
        (0x08, Error::Collision),
        (0x02, Error::Protocol(0x02)),
        (0x11, Error::Protocol(0x11)),
    ] {
        let mut chip = Chip::default();
        chip.transceive(&[picc::SEL_CL1, 0x20], 0, &Answer::Flags(flags));
        assert_eq!(
            chip.run(Mfrc522::select),
            Err(error),
            "error register {flags:#04x}"
        );
    }
}

#[test]
fn an_answer_of_the_wrong_length_is_an_error() {
    let mut chip = Chip::default();
    chip.transceive(&[picc::REQA], 7, &Answer::Data(&[0x04]));
    assert_eq!(chip.run(Mfrc522::reqa), Err(Error::BadAnswer(1, 0)));
}

#[test]
fn a_chip_that_never_finishes_gives_up_after_its_polls() {
    let mut chip = Chip::default();
    chip.transceive(&[picc::WUPA], 7, &Answer::Stall);
    assert_eq!(chip.run(Mfrc522::read_uid), Err(Error::Stalled));
}
