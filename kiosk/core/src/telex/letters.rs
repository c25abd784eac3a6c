//! Letters: the six tones, the vowel × tone table, and how one letter is
//! written out (tone and case) or read back.
//!
//! Inside the engine a letter is a lower-case `char` without tone: an ASCII
//! letter, one of the modified vowels `ă â ê ô ơ ư`, or `đ`. Tone and case
//! are added only when the word is written out, from the tables below, so
//! every written letter is one precomposed (NFC) code point.

/// A Vietnamese tone (thanh điệu). `Level` (thanh ngang) carries no mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Tone {
    /// Thanh ngang: no mark.
    #[default]
    Level,
    /// Thanh sắc, Telex key `s`: á.
    Acute,
    /// Thanh huyền, Telex key `f`: à.
    Grave,
    /// Thanh hỏi, Telex key `r`: ả.
    Hook,
    /// Thanh ngã, Telex key `x`: ã.
    Tilde,
    /// Thanh nặng, Telex key `j`: ạ.
    Dot,
}

impl Tone {
    /// The tone a Telex key sets, if it is a tone key (`z` is not: it clears).
    pub(super) fn from_key(key: char) -> Option<Tone> {
        match key.to_ascii_lowercase() {
            's' => Some(Tone::Acute),
            'f' => Some(Tone::Grave),
            'r' => Some(Tone::Hook),
            'x' => Some(Tone::Tilde),
            'j' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// The Telex key that sets this tone.
    pub(super) fn key(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Acute => Some('s'),
            Tone::Grave => Some('f'),
            Tone::Hook => Some('r'),
            Tone::Tilde => Some('x'),
            Tone::Dot => Some('j'),
        }
    }

    /// Whether a syllable ending in a stop (`c ch p t`) can carry this tone:
    /// only sắc and nặng can ("các", "cạc", never "càc").
    pub(super) fn fits_a_stop(self) -> bool {
        matches!(self, Tone::Level | Tone::Acute | Tone::Dot)
    }

    fn column(self) -> usize {
        match self {
            Tone::Level => 0,
            Tone::Acute => 1,
            Tone::Grave => 2,
            Tone::Hook => 3,
            Tone::Tilde => 4,
            Tone::Dot => 5,
        }
    }

    const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Acute,
        Tone::Grave,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
}

/// The twelve vowels (first column) with the five tone marks, in the order
/// of [`Tone`]: ngang, sắc, huyền, hỏi, ngã, nặng. Every entry is one
/// precomposed code point (Latin-1, Latin Extended-A/B, or U+1EA0–U+1EF9).
const LOWER: [[char; 6]; 12] = [
    ['a', 'á', 'à', 'ả', 'ã', 'ạ'],
    ['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ấ', 'ầ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'é', 'è', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ế', 'ề', 'ể', 'ễ', 'ệ'],
    ['i', 'í', 'ì', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ó', 'ò', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ố', 'ồ', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ớ', 'ờ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ú', 'ù', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ứ', 'ừ', 'ử', 'ữ', 'ự'],
    ['y', 'ý', 'ỳ', 'ỷ', 'ỹ', 'ỵ'],
];

/// [`LOWER`] in upper case, row for row.
const UPPER: [[char; 6]; 12] = [
    ['A', 'Á', 'À', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ắ', 'Ằ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ấ', 'Ầ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'É', 'È', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ế', 'Ề', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Í', 'Ì', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ó', 'Ò', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ố', 'Ồ', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ớ', 'Ờ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ú', 'Ù', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ứ', 'Ừ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ý', 'Ỳ', 'Ỷ', 'Ỹ', 'Ỵ'],
];

fn vowel_row(letter: char) -> Option<usize> {
    LOWER.iter().position(|row| row[0] == letter)
}

/// Whether a toneless lower-case letter is a vowel.
pub(super) fn is_vowel(letter: char) -> bool {
    vowel_row(letter).is_some()
}

/// The ASCII letter a letter is built on: `ă â → a`, `ê → e`, `ô ơ → o`,
/// `ư → u`, `đ → d`; any other letter is its own base.
pub(super) fn base(letter: char) -> char {
    match letter {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        other => other,
    }
}

/// Whether a letter carries a circumflex, breve, horn or stroke.
pub(super) fn is_modified(letter: char) -> bool {
    base(letter) != letter
}

/// Whether `typed` can still become `wanted` by a later modifier key:
/// equal, or a plain vowel that a circumflex, breve or horn turns into it.
pub(super) fn can_become(typed: char, wanted: char) -> bool {
    typed == wanted || (!is_modified(typed) && base(wanted) == typed && wanted != 'đ')
}

/// The vowel a circumflex key makes (`a → â`, `e → ê`, `o → ô`).
pub(super) fn with_circumflex(key: char) -> Option<char> {
    match key {
        'a' => Some('â'),
        'e' => Some('ê'),
        'o' => Some('ô'),
        _ => None,
    }
}

/// The vowel with a breve or horn (`a â → ă`, `o ô → ơ`, `u → ư`).
pub(super) fn with_horn(letter: char) -> Option<char> {
    match letter {
        'a' | 'â' => Some('ă'),
        'o' | 'ô' => Some('ơ'),
        'u' => Some('ư'),
        _ => None,
    }
}

/// Writes a toneless lower-case letter with a tone and a case. The tone is
/// ignored on consonants (the engine never puts one there).
pub(super) fn write(letter: char, tone: Tone, upper: bool) -> char {
    if let Some(row) = vowel_row(letter) {
        let table = if upper { &UPPER } else { &LOWER };
        return table[row][tone.column()];
    }
    match (letter, upper) {
        ('đ', true) => 'Đ',
        (other, true) => other.to_ascii_uppercase(),
        (other, false) => other,
    }
}

/// Reads a written letter back: `(toneless lower-case letter, tone, upper)`.
/// `None` for anything that is neither an ASCII letter nor a Vietnamese one.
pub(super) fn read(written: char) -> Option<(char, Tone, bool)> {
    if written.is_ascii_alphabetic() {
        return Some((
            written.to_ascii_lowercase(),
            Tone::Level,
            written.is_ascii_uppercase(),
        ));
    }
    match written {
        'đ' => return Some(('đ', Tone::Level, false)),
        'Đ' => return Some(('đ', Tone::Level, true)),
        _ => {}
    }
    for (table, upper) in [(&LOWER, false), (&UPPER, true)] {
        for (row, letters) in table.iter().enumerate() {
            if let Some(column) = letters.iter().position(|&c| c == written) {
                return Some((LOWER[row][0], Tone::ALL[column], upper));
            }
        }
    }
    None
}

#[cfg(test)]
pub(super) fn table_rows() -> impl Iterator<Item = (&'static [char; 6], &'static [char; 6])> {
    LOWER.iter().zip(UPPER.iter())
}
