//! Sweeps: the tone table, every syllable of the spelling tables, a page
//! of official text, and every short input.

use super::super::{TelexBuffer, ToneStyle, letters, spelling, telex};

#[test]
fn tone_table_is_precomposed_and_cased() {
    for (lower, upper) in letters::table_rows() {
        for (&l, &u) in lower.iter().zip(upper) {
            assert_eq!(l.to_uppercase().collect::<Vec<_>>(), [u], "{l}");
            assert_eq!(u.to_lowercase().collect::<Vec<_>>(), [l], "{u}");
            for c in [l, u] {
                assert!(is_precomposed(c), "{c:?} is not a precomposed letter");
            }
        }
    }
}

/// An ASCII character or one precomposed Latin letter (the ranges hold no
/// combining mark, U+0300–U+036F): text of these is in NFC.
fn is_precomposed(c: char) -> bool {
    c.is_ascii() || matches!(c, '\u{c0}'..='\u{1b0}' | '\u{1ea0}'..='\u{1ef9}')
}

/// `text` with its tone marks taken off (letters and case kept).
fn untoned(text: &str) -> String {
    text.chars()
        .map(|c| match letters::read(c) {
            Some((letter, _, upper)) => letters::write(letter, letters::Tone::Level, upper),
            None => c,
        })
        .collect()
}

/// Every input of up to three keys from `alphabet` (`<` is backspace).
fn inputs(alphabet: &[char], max: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max {
        last = last
            .iter()
            .flat_map(|prefix| {
                alphabet.iter().map(move |&key| {
                    let mut keys = prefix.clone();
                    keys.push(key);
                    keys
                })
            })
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[test]
fn short_inputs_never_panic_and_give_precomposed_text() {
    let alphabet: Vec<char> = "aeouiydwsfrxjzngqtAWD 1<".chars().collect();
    for keys in inputs(&alphabet, 3) {
        for style in [ToneStyle::Old, ToneStyle::New] {
            let mut buffer = TelexBuffer::with_style(style);
            for key in keys.chars() {
                if key == '<' {
                    // Backspace takes off the last character; only a tone
                    // mark may move.
                    let mut expected = buffer.text();
                    expected.pop();
                    buffer.backspace();
                    assert_eq!(
                        untoned(&buffer.text()),
                        untoned(&expected),
                        "{keys:?}: backspace"
                    );
                } else {
                    buffer.push(key);
                }
                let text = buffer.text();
                assert!(
                    text.chars()
                        .all(|c| letters::read(c).is_some() || c.is_ascii()),
                    "{keys:?} gave {text:?}"
                );
                assert!(text.chars().all(is_precomposed), "{keys:?} gave {text:?}");
            }
            let text = buffer.take();
            assert!(text.chars().all(is_precomposed), "{keys:?} gave {text:?}");
        }
    }
}

/// Words of an official text and the rhymes that are easy to get wrong, in
/// the old style.
const SAMPLE: &str = "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam; \
    Luật Tổ chức Quốc hội đã được sửa đổi, bổ sung một số điều; xét đề nghị của \
    Ủy ban Thường vụ Quốc hội, Quốc hội quyết nghị: thông qua kế hoạch phát \
    triển kinh tế xã hội năm năm giai đoạn hai nghìn hai mươi sáu, bảo đảm quốc \
    phòng an ninh, tăng cường đối ngoại, phòng chống tham nhũng lãng phí tiêu \
    cực. Giữ gìn khuya khuỷu quyển giếng người rượu hươu thuở huơ ngoằn ngoèo \
    khoắng quạu xoáy khuấy ưu yểu uyển oai oái uể huỳnh tuýp quýt quỳnh xuất \
    khuếch huệ thuế ơi ừ ạ ấy ơn ông ước ưng ứng êm ếch ích ình yên yết yếm \
    nghiêng nghề nghĩ ngày ngoài ngủ ghế ghi gà gỗ kẻ kỹ kiến kiểm khoa khỏe \
    khuyên thủy thúy tùy lũy hủy quy quý quỹ quà quả qua giá già giữa giấy \
    gian giao giỏi giúp gió gửi ngửi mưa mùa múa chìa chứa lửa cửa của đưa \
    đứa tươi mười người cười rưỡi bưởi chuối nuôi muối tuổi cuối buổi ruộng \
    muốn uống luôn chuông suốt thuộc buộc cuộc nước bước được trước thước \
    lượng thường hướng mượn vườn lươn cướp mướp ướt lướt hưởng phượng. \
    ĐẢNG CỘNG SẢN VIỆT NAM, Thành phố Hồ Chí Minh, Đà Nẵng, Cần Thơ.";

/// Telex keys for a word: each mark key right after its vowel, the tone
/// key at the end of the word (before its punctuation) or right after the
/// vowel that carries it.
fn keys_for(word: &str, tone_last: bool) -> String {
    let mut keys = String::new();
    let mut tone = None;
    for c in word.chars() {
        let Some((letter, marked, upper)) = letters::read(c) else {
            keys.extend(tone.take());
            keys.push(c);
            continue;
        };
        let typed = match letter {
            'â' => "aa",
            'ă' => "aw",
            'ê' => "ee",
            'ô' => "oo",
            'ơ' => "ow",
            'ư' => "uw",
            'đ' => "dd",
            _ => "",
        };
        let typed = if typed.is_empty() {
            letter.to_string()
        } else {
            typed.to_owned()
        };
        keys.push_str(&if upper { typed.to_uppercase() } else { typed });
        if let Some(key) = marked.key() {
            if tone_last {
                tone = Some(key);
            } else {
                keys.push(key);
            }
        }
    }
    keys.extend(tone);
    keys
}

#[test]
fn words_of_an_official_text_type_back_from_their_keys() {
    for tone_last in [true, false] {
        let keys: Vec<String> = SAMPLE
            .split(' ')
            .map(|word| keys_for(word, tone_last))
            .collect();
        let typed = telex(&keys.join(" "));
        let wrong: Vec<String> = typed
            .split(' ')
            .zip(SAMPLE.split(' '))
            .filter(|(got, want)| got != want)
            .map(|(got, want)| format!("{want:?} typed as {got:?}"))
            .collect();
        assert!(
            wrong.is_empty(),
            "tone last {tone_last}: {}",
            wrong.join(", ")
        );
    }
}

/// Telex keys for a toneless word with every mark key at the end of it
/// ("người" without tone: "nguoiw"; "tiêng": "tienge").
fn late_keys(word: &str) -> String {
    let mut keys = String::new();
    let mut late = String::new();
    for c in word.chars() {
        match c {
            'â' | 'ê' | 'ô' => {
                keys.push(letters::base(c));
                late.push(letters::base(c));
            }
            'ă' | 'ơ' | 'ư' => {
                keys.push(letters::base(c));
                if !late.contains('w') {
                    late.push('w');
                }
            }
            'đ' => keys.push_str("dd"),
            _ => keys.push(c),
        }
    }
    keys + &late
}

/// The one tone mark in `text`, if any.
fn tone_of(text: &str) -> letters::Tone {
    text.chars()
        .filter_map(letters::read)
        .map(|(_, tone, _)| tone)
        .find(|&tone| tone != letters::Tone::Level)
        .unwrap_or_default()
}

#[test]
fn every_syllable_of_the_spelling_tables_types_from_its_keys() {
    let mut wrong = Vec::new();
    let syllables = spelling::syllables();
    assert!(syllables.len() > 3000, "{} syllables", syllables.len());
    for (word, tone) in syllables {
        // Loanword "oo" takes a third "o", see `common_words_compose`.
        if word.contains("oo") {
            continue;
        }
        let tone_key = tone.key().map(String::from).unwrap_or_default();
        for keys in [keys_for(&word, true), late_keys(&word)] {
            let keys = keys + &tone_key;
            let got = telex(&keys);
            if untoned(&got) != word || tone_of(&got) != tone {
                wrong.push(format!("{keys:?} gave {got:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
