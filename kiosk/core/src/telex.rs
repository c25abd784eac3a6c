//! Telex input for the on-screen keyboard: key presses in, Vietnamese text
//! out, as Unikey and EVKey do it in Telex mode. Pure logic; the keyboard
//! calls [`TelexBuffer::push`] and [`TelexBuffer::backspace`] and shows
//! [`TelexBuffer::text`].
//!
//! # Keys
//!
//! | keys | gives | | keys | tone |
//! |------|-------|-|------|------|
//! | `aa` `ee` `oo` | â ê ô | | `s` | sắc: á |
//! | `aw` `ow` `uw` | ă ơ ư | | `f` | huyền: à |
//! | `uow`          | ươ    | | `r` | hỏi: ả |
//! | `w` (no vowel yet) | ư | | `x` | ngã: ã |
//! | `dd`           | đ     | | `j` | nặng: ạ |
//! |                |       | | `z` | takes the tone off |
//!
//! A mark key reaches back over the word: "Vieetj", "Vietej" and "vieejt"
//! all give "Việt"; "dduwowcj" and "dduocwj" give "được". As in Unikey, a
//! `w` with no vowel before it in the word (at its start or after
//! consonants) is "ư": "w" → "ư", "nhwxng" → "những", "giwx" → "giữ".
//! Typing the same mark key again takes the mark off and types the letter,
//! as Unikey does: "ass" → "as", "aaa" → "aa", "ddd" → "dd", "ww" → "w".
//!
//! Upper case is kept letter by letter ("VIEETJ" → "VIỆT", "Vieetj" →
//! "Việt"). Any key that is not a letter (space, punctuation, digit) ends
//! the word and is typed as it is. Output is NFC: every letter is one
//! precomposed code point, from the module's own vowel × tone table.
//!
//! # Where the tone mark goes
//!
//! The tone belongs to the syllable and is drawn where modern spelling
//! puts it, again after every key, so it moves as letters arrive: "hoaf"
//! shows "hòa", one more "n" makes it "hoàn". A vowel with a mark (ă â ê ô
//! ơ ư) takes the tone (of "ươ" the ơ: "người"); `qu` and `gi` count as
//! consonants ("quý", "giá"); with a final consonant the last vowel takes
//! it ("toán"); of three vowels the middle ("khoái"); of two the first
//! ("mía", "múa").
//!
//! Open `oa`, `oe`, `uy` are the one place where two styles are in use.
//! The default, [`ToneStyle::Old`], writes "hòa", "khỏe", "thúy": that is
//! still the dominant form in the legal and administrative texts these
//! meeting rooms handle (the country's name as legal texts write it,
//! "Cộng hòa xã hội chủ nghĩa Việt Nam"), so a delegate's comment matches
//! the papers around it. [`ToneStyle::New`] ("hoà", "khoẻ", "thuý", the
//! style some newer publications follow) is there for a deployment that
//! wants it. The style changes nothing else.
//!
//! # English words
//!
//! The keyboard has no language switch in the middle of a sentence, so
//! words that are not Vietnamese must survive Telex. The heuristic is in
//! the spirit of EVKey's and Unikey's "restore keys of invalid words":
//!
//! 1. A key applies a mark or tone only if the word can still become a
//!    Vietnamese syllable: initial, rhyme and tone are checked against
//!    spelling tables (a stop final `c ch p t` takes only sắc or nặng), and
//!    a plain vowel counts as one that may still get its mark, so "nguoi"
//!    waits for its "w". Otherwise the key is a plain letter.
//! 2. The moment the letters can no longer begin a Vietnamese syllable,
//!    the word shows its keys as typed and Telex stops for the rest of it.
//!    `f j w z` are never letters of a syllable, nor are clusters like
//!    "pd", "nd", "ml", so "Windows", "web", "email", "PDF", "Excel",
//!    "Google", "meeting" come out as typed. One exception: capital "DD"
//!    still makes "Đ", so abbreviations keep it ("HDDND" → "HĐND",
//!    "DDBQH" → "ĐBQH", "NDD-CP" → "NĐ-CP"); lower-case "address" stays.
//! 3. When the word ends, a word with a vowel that is not a whole syllable
//!    goes back to its keys: "use" showed "úe" on the way to a possible
//!    "uế" and ends as "use". A word without a vowel stays as composed, so
//!    "dd" is "đ" (the currency sign).
//!
//! Limits: an English word that is also a whole Vietnamese spelling is
//! still converted: "as" → "á", "is" → "í", "this" → "thí", "bus" → "bú",
//! "test" → "tét", "now" → "nơ", "data" → "dât", "did" → "đi". A doubled
//! tone key undoes the tone, so "pass" gives "pas" (type "passs"); after an
//! undo that leaves no syllable the word is literal. Only a dictionary
//! would do better; the keyboard's "EN" mode ([`TelexBuffer::set_vietnamese`])
//! is the way out. The spelling tables are lenient (a rare rhyme wrongly
//! rejected would make a real word impossible to type), so a few non-words
//! pass. Loanword rhymes with "oo" are typed with a third "o" ("xooong" →
//! "xoong", "sooocs" → "soóc").
//!
//! # Backspace
//!
//! As in Unikey, backspace deletes the last visible character, not the
//! last key: "Việt" ⌫ is "Việ", one more ⌫ is "Vi" (the tone went with its
//! vowel). The word stays live, so "Việ" + "t" is "Việt" again. If what is
//! left has its tone mark where the rules would not put it, the mark moves
//! there ("hoàn" ⌫ is "hòa"). Backspace over the space after a word reopens
//! the word: "Vieet ⌫ j" gives "Việt".
//!
//! The buffer only types at its end; a UI that moves a cursor keeps the
//! text itself and starts a new buffer at the cursor.

mod letters;
mod spelling;
#[cfg(test)]
mod tests;
mod word;

use word::Word;

/// Where the tone mark goes on open `oa`, `oe`, `uy` (all else is fixed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ToneStyle {
    /// On the first vowel: "hòa", "khỏe", "thúy". The form of most state
    /// documents, and the default.
    #[default]
    Old,
    /// On the second vowel: "hoà", "khoẻ", "thuý".
    New,
}

/// Text typed in Telex, one key at a time: finished text, then the word
/// being composed.
#[derive(Clone, Debug)]
pub struct TelexBuffer {
    /// Text before the current word, as it will stay.
    finished: String,
    word: Word,
    style: ToneStyle,
    /// Off: keys are typed as they are (the keyboard's "EN" mode).
    vietnamese: bool,
}

impl Default for TelexBuffer {
    fn default() -> Self {
        TelexBuffer::new()
    }
}

impl TelexBuffer {
    /// An empty buffer, Telex on, [`ToneStyle::Old`].
    pub fn new() -> TelexBuffer {
        TelexBuffer::with_style(ToneStyle::default())
    }

    /// An empty buffer, Telex on, with the given tone style.
    pub fn with_style(style: ToneStyle) -> TelexBuffer {
        TelexBuffer {
            finished: String::new(),
            word: Word::default(),
            style,
            vietnamese: true,
        }
    }

    pub fn style(&self) -> ToneStyle {
        self.style
    }

    /// Turns Telex on or off (off: every key is typed as it is). Ends the
    /// current word.
    pub fn set_vietnamese(&mut self, on: bool) {
        self.commit();
        self.vietnamese = on;
    }

    pub fn is_vietnamese(&self) -> bool {
        self.vietnamese
    }

    /// Types one key. ASCII letters go through Telex; a Vietnamese letter
    /// from a long press joins the word as if typed; anything else ends the
    /// word and is typed as it is.
    pub fn push(&mut self, key: char) {
        if !self.vietnamese {
            self.finished.push(key);
        } else if key.is_ascii_alphabetic() || letters::read(key).is_some() {
            self.word.push(key, self.style);
        } else {
            self.commit();
            self.finished.push(key);
        }
    }

    /// Types every key of `keys` in turn.
    pub fn push_str(&mut self, keys: &str) {
        for key in keys.chars() {
            self.push(key);
        }
    }

    /// Deletes the last visible character (see the module docs). Nothing
    /// happens on an empty buffer.
    pub fn backspace(&mut self) {
        if !self.word.is_empty() {
            self.word = self.word.backspace(self.style);
            return;
        }
        self.finished.pop();
        if self.vietnamese {
            self.reopen();
        }
    }

    /// Everything typed so far, the current word as it shows now.
    pub fn text(&self) -> String {
        let mut text = self.finished.clone();
        text.push_str(&self.word.render(self.style));
        text
    }

    /// The word still being composed (the keyboard may underline it).
    pub fn composing(&self) -> String {
        self.word.render(self.style)
    }

    /// Ends the current word, as a space would, without typing anything.
    pub fn commit(&mut self) {
        let word = std::mem::take(&mut self.word);
        self.finished.push_str(&word.finish(self.style));
    }

    /// Ends the current word and hands over the whole text, leaving the
    /// buffer empty.
    pub fn take(&mut self) -> String {
        self.commit();
        std::mem::take(&mut self.finished)
    }

    /// Replaces the text (a draft being edited); typing goes on after it.
    pub fn set_text(&mut self, text: &str) {
        self.word = Word::default();
        text.clone_into(&mut self.finished);
    }

    pub fn clear(&mut self) {
        self.set_text("");
    }

    pub fn is_empty(&self) -> bool {
        self.finished.is_empty() && self.word.is_empty()
    }

    /// After a backspace into finished text: letters at its end become the
    /// current word again.
    fn reopen(&mut self) {
        let start = self
            .finished
            .char_indices()
            .rev()
            .take_while(|&(_, c)| letters::read(c).is_some())
            .last()
            .map(|(i, _)| i);
        if let Some(start) = start {
            let tail = self.finished.split_off(start);
            self.word = Word::from_text(&tail, self.style);
        }
    }
}

/// The text a sequence of Telex keys types, with the default style.
pub fn telex(keys: &str) -> String {
    let mut buffer = TelexBuffer::new();
    buffer.push_str(keys);
    buffer.take()
}
