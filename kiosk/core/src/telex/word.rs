//! One word being typed: its letters and tone while it can still be a
//! Vietnamese syllable, its literal text once it cannot.

use super::ToneStyle;
use super::letters::{self, Tone, base, is_vowel, with_circumflex, with_horn};
use super::spelling::{is_syllable, is_syllable_start, nucleus, tone_position};

/// Words longer than this many keys are not replayed key by key after a
/// backspace (replaying costs the square of the length); they are read
/// back from their text instead.
const REPLAY_LIMIT: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Glyph {
    /// Lower case, without tone: an ASCII letter, `ă â ê ô ơ ư` or `đ`.
    letter: char,
    upper: bool,
    /// An `ư` typed as a lone `w`: a second `w` turns it back into "w".
    lone_w: bool,
}

impl Glyph {
    fn plain(letter: char, upper: bool) -> Glyph {
        Glyph {
            letter,
            upper,
            lone_w: false,
        }
    }
}

/// What one key did to the word.
enum Outcome {
    /// A mark or tone was added or changed.
    Applied,
    /// The key is a letter of its own.
    Literal,
    /// The key took its own mark off again and is typed as a letter.
    Undone,
    /// A second `w` after a lone-`w` `ư`: the word shows its keys so far.
    Unwound,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Word {
    /// The ASCII keys that make this word, for replaying a prefix after a
    /// backspace.
    keys: String,
    /// What the word falls back to if it stops being Vietnamese: its keys,
    /// or after an undo or a read-back, the text then shown and the keys
    /// typed since.
    literal: String,
    letters: Vec<Glyph>,
    tone: Tone,
    /// `Some` once the word is literal text: Telex no longer applies in it.
    raw: Option<String>,
}

impl Word {
    /// The word a sequence of keys types.
    pub(super) fn compose(keys: &str, style: ToneStyle) -> Word {
        let mut word = Word::default();
        for key in keys.chars() {
            word.push(key, style);
        }
        word
    }

    /// The word that shows `text`, as if typed: Vietnamese if some keys
    /// type it (the tone mark may move to where the rules put it), literal
    /// otherwise.
    pub(super) fn from_text(text: &str, style: ToneStyle) -> Word {
        if text.is_empty() {
            return Word::default();
        }
        if let Some(keys) = encode(text) {
            let word = Word::compose(&keys, style);
            if word.raw.is_none() && word.has_letters_of(text) {
                return Word {
                    literal: text.to_owned(),
                    ..word
                };
            }
        }
        Word {
            keys: String::new(),
            literal: text.to_owned(),
            letters: Vec::new(),
            tone: Tone::Level,
            raw: Some(text.to_owned()),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.raw
            .as_ref()
            .map_or(self.letters.is_empty(), String::is_empty)
    }

    /// Types one key: an ASCII letter through Telex; any other letter (a
    /// long press on "ê") joins the word as if its Telex keys were typed.
    pub(super) fn push(&mut self, key: char, style: ToneStyle) {
        if !key.is_ascii_alphabetic() {
            let mut shown = self.render(style);
            shown.push(key);
            *self = Word::from_text(&shown, style);
            return;
        }
        self.keys.push(key);
        push_literal(&mut self.literal, key);
        if let Some(raw) = &mut self.raw {
            push_literal(raw, key);
            return;
        }
        let lower = key.to_ascii_lowercase();
        let upper = key.is_ascii_uppercase();
        let outcome = match lower {
            'd' => self.stroke(),
            'a' | 'e' | 'o' => self.circumflex(lower),
            'w' => self.horn(upper),
            'z' => self.clear_tone(),
            _ => Tone::from_key(lower).map_or(Outcome::Literal, |tone| self.set_tone(tone)),
        };
        match outcome {
            Outcome::Applied => {}
            Outcome::Literal => {
                self.letters.push(Glyph::plain(lower, upper));
                if !self.is_syllable_start() {
                    self.raw = Some(self.literal.clone());
                }
            }
            Outcome::Undone => {
                self.letters.push(Glyph::plain(lower, upper));
                let shown = self.render(style);
                if self.is_syllable_start() {
                    self.literal = shown;
                } else {
                    self.raw = Some(shown);
                }
            }
            Outcome::Unwound => {
                self.literal.pop();
                self.raw = Some(self.literal.clone());
            }
        }
    }

    /// The word after deleting its last visible character.
    pub(super) fn backspace(&self, style: ToneStyle) -> Word {
        let mut shown = self.render(style);
        shown.pop();
        if shown.is_empty() {
            return Word::default();
        }
        // Replaying a prefix of the keys keeps what they were (a lone "w"
        // stays a "w" if the word later falls back to its keys).
        if self.keys.len() <= REPLAY_LIMIT && self.keys.is_ascii() {
            for end in (0..self.keys.len()).rev() {
                let word = Word::compose(&self.keys[..end], style);
                if word.render(style) == shown {
                    return word;
                }
            }
        }
        Word::from_text(&shown, style)
    }

    /// The word as shown now.
    pub(super) fn render(&self, style: ToneStyle) -> String {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let toned = match self.tone {
            Tone::Level => None,
            _ => tone_position(&self.lower(), style),
        };
        self.letters
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let tone = if toned == Some(i) {
                    self.tone
                } else {
                    Tone::Level
                };
                letters::write(l.letter, tone, l.upper)
            })
            .collect()
    }

    /// The word as it stays once it is ended. An open "ươ" (no final, no
    /// glide) is not Vietnamese and becomes "uơ": "thuowr" ends as "thuở".
    /// A word with a vowel that is still not a whole syllable goes back to
    /// its keys: "use" showed "úe" (it could have become "uế") and ends as
    /// "use". A word without a vowel stays: "dd" is "đ" (đồng).
    pub(super) fn finish(mut self, style: ToneStyle) -> String {
        if self.raw.is_some() {
            return self.render(style);
        }
        let lower = self.lower();
        let vowels = nucleus(&lower);
        if vowels.end == lower.len() && lower[vowels.clone()] == ['ư', 'ơ'] {
            self.letters[vowels.start].letter = 'u';
        }
        let lower = self.lower();
        if lower.iter().any(|&c| is_vowel(c)) && !is_syllable(&lower, self.tone) {
            return self.literal;
        }
        self.render(style)
    }

    fn lower(&self) -> Vec<char> {
        self.letters.iter().map(|l| l.letter).collect()
    }

    fn is_syllable_start(&self) -> bool {
        is_syllable_start(&self.lower(), self.tone)
    }

    /// Whether this word's letters and tone are those of `text`, wherever
    /// `text` put its one tone mark.
    fn has_letters_of(&self, text: &str) -> bool {
        let Some(read) = text.chars().map(letters::read).collect::<Option<Vec<_>>>() else {
            return false;
        };
        if read.len() != self.letters.len() {
            return false;
        }
        let mut tone = Tone::Level;
        for (mine, (letter, marked, upper)) in self.letters.iter().zip(read) {
            if mine.letter != letter || mine.upper != upper {
                return false;
            }
            if marked != Tone::Level {
                if tone != Tone::Level {
                    return false;
                }
                tone = marked;
            }
        }
        tone == self.tone
    }

    /// Sets letter `i` if the word stays a syllable start; says whether it did.
    fn try_letter(&mut self, i: usize, letter: char) -> bool {
        let before = self.letters[i].letter;
        self.letters[i].letter = letter;
        if self.is_syllable_start() {
            true
        } else {
            self.letters[i].letter = before;
            false
        }
    }

    /// `d`: the stroke of an initial `d` ("dd" → "đ", also "dod" → "đo").
    fn stroke(&mut self) -> Outcome {
        match self.letters.first().map(|l| l.letter) {
            Some('d') => {
                self.letters[0].letter = 'đ';
                Outcome::Applied
            }
            Some('đ') => {
                self.letters[0].letter = 'd';
                Outcome::Undone
            }
            _ => Outcome::Literal,
        }
    }

    /// `a e o`: the circumflex on the last such vowel of the word, also
    /// across a final consonant ("tieng" + "e" → "tiêng").
    fn circumflex(&mut self, key: char) -> Outcome {
        let Some(target) = with_circumflex(key) else {
            return Outcome::Literal;
        };
        let Some(i) = nucleus(&self.lower())
            .rev()
            .find(|&i| base(self.letters[i].letter) == key)
        else {
            return Outcome::Literal;
        };
        if self.letters[i].letter == target {
            self.letters[i].letter = key;
            return Outcome::Undone;
        }
        if self.try_letter(i, target) {
            Outcome::Applied
        } else {
            Outcome::Literal
        }
    }

    /// `w`: "uo" → "ươ"; else the first vowel that takes a horn or breve
    /// and stays a syllable ("ua" → "ưa", "oa" → "oă"); else, with no
    /// vowel yet, a lone `ư` ("w" → "ư", "nhw" → "như"). A second `w`
    /// takes the marks off again.
    fn horn(&mut self, upper: bool) -> Outcome {
        let lower = self.lower();
        let vowels = nucleus(&lower);
        let pair = vowels.clone().find(|&i| {
            i + 1 < vowels.end && matches!(lower[i], 'u' | 'ư') && matches!(lower[i + 1], 'o' | 'ô')
        });
        if let Some(i) = pair {
            let before = self.letters.clone();
            self.letters[i].letter = 'ư';
            self.letters[i + 1].letter = 'ơ';
            if self.is_syllable_start() {
                return Outcome::Applied;
            }
            self.letters = before;
        }
        let horned: Vec<usize> = vowels
            .clone()
            .filter(|&i| matches!(lower[i], 'ă' | 'ơ' | 'ư'))
            .collect();
        if !horned.is_empty() {
            if horned.iter().any(|&i| self.letters[i].lone_w) {
                return Outcome::Unwound;
            }
            for i in horned {
                self.letters[i].letter = base(lower[i]);
            }
            return Outcome::Undone;
        }
        for i in vowels.clone() {
            if let Some(horned) = with_horn(lower[i])
                && self.try_letter(i, horned)
            {
                return Outcome::Applied;
            }
        }
        // Only the "i" of a final "gi" so far: "giw" → "giư".
        let after_gi = vowels.len() == 1
            && vowels.end == lower.len()
            && lower[vowels.start] == 'i'
            && vowels.start > 0
            && lower[vowels.start - 1] == 'g';
        if vowels.is_empty() || after_gi {
            self.letters.push(Glyph {
                letter: 'ư',
                upper,
                lone_w: true,
            });
            if self.is_syllable_start() {
                return Outcome::Applied;
            }
            self.letters.pop();
        }
        Outcome::Literal
    }

    /// `s f r x j`: sets the tone; the same tone again takes it off.
    fn set_tone(&mut self, tone: Tone) -> Outcome {
        if !self.letters.iter().any(|l| is_vowel(l.letter)) {
            return Outcome::Literal;
        }
        if self.tone == tone {
            self.tone = Tone::Level;
            return Outcome::Undone;
        }
        let before = self.tone;
        self.tone = tone;
        if self.is_syllable_start() {
            Outcome::Applied
        } else {
            self.tone = before;
            Outcome::Literal
        }
    }

    /// `z`: takes the tone off; with no tone, it is a letter.
    fn clear_tone(&mut self) -> Outcome {
        if self.tone == Tone::Level {
            Outcome::Literal
        } else {
            self.tone = Tone::Level;
            Outcome::Applied
        }
    }
}

/// Types a key into literal text. Capital "DD" still makes "Đ" there, so
/// abbreviations keep their Đ: "HDDND" → "HĐND", "DDBQH" → "ĐBQH"; a third
/// "D" gives "DD" back, as in a word.
fn push_literal(text: &mut String, key: char) {
    if key == 'D' {
        if text.ends_with('D') {
            text.pop();
            text.push('Đ');
            return;
        }
        if text.ends_with('Đ') {
            text.pop();
            text.push_str("DD");
            return;
        }
    }
    text.push(key);
}

/// Telex keys that type `text` (a modifier key after its vowel, the tone
/// key last): "việ" → "vieej". `None` if `text` holds something other than
/// letters, or more than one tone mark.
fn encode(text: &str) -> Option<String> {
    let mut keys = String::new();
    let mut tone = None;
    for written in text.chars() {
        let (letter, marked, upper) = letters::read(written)?;
        let (first, second) = match letter {
            'â' => ('a', Some('a')),
            'ă' => ('a', Some('w')),
            'ê' => ('e', Some('e')),
            'ô' => ('o', Some('o')),
            'ơ' => ('o', Some('w')),
            'ư' => ('u', Some('w')),
            'đ' => ('d', Some('d')),
            other => (other, None),
        };
        for key in std::iter::once(first).chain(second) {
            keys.push(if upper { key.to_ascii_uppercase() } else { key });
        }
        if marked != Tone::Level {
            if tone.is_some() {
                return None;
            }
            tone = Some((marked, upper));
        }
    }
    if let Some((marked, upper)) = tone {
        let key = marked.key()?;
        keys.push(if upper { key.to_ascii_uppercase() } else { key });
    }
    Some(keys)
}
