//! The file itself: numbered objects in id order, streams deflated, and a
//! cross-reference table.

use std::fmt::Write as _;

/// How hard streams are deflated: a fixed level, so the same paper always
/// gives the same bytes.
const DEFLATE_LEVEL: u8 = 6;

/// A PDF being written, object by object.
#[derive(Debug, Default)]
pub(crate) struct Objects {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Objects {
    fn begin(&mut self, id: usize) {
        if self.out.is_empty() {
            self.out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        }
        assert_eq!(id, self.offsets.len() + 1, "typeset: objects out of order");
        self.offsets.push(self.out.len());
        self.out
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    }

    /// Object `id`, whose body is `body` (a dictionary, most often).
    pub(crate) fn object(&mut self, id: usize, body: &str) {
        self.begin(id);
        self.out.extend_from_slice(body.as_bytes());
        self.out.extend_from_slice(b"\nendobj\n");
    }

    /// Stream object `id`: `data` deflated, with `entries` added to its
    /// dictionary (" /Length1 123", or nothing).
    pub(crate) fn stream(&mut self, id: usize, entries: &str, data: &[u8]) {
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(data, DEFLATE_LEVEL);
        self.begin(id);
        self.out.extend_from_slice(
            format!(
                "<< /Length {} /Filter /FlateDecode{entries} >>\nstream\n",
                deflated.len()
            )
            .as_bytes(),
        );
        self.out.extend_from_slice(&deflated);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    /// The file, with `root` as its catalog.
    pub(crate) fn finish(mut self, root: usize) -> Vec<u8> {
        let size = self.offsets.len() + 1;
        let xref = self.out.len();
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f \n");
        for offset in &self.offsets {
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {size} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        );
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}

/// A number as PDF content wants it: at most two decimals, no trailing
/// zeros ("12", "40.5", "-83.33").
pub(crate) fn num(value: f32) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" | "" => "0".to_owned(),
        _ => text.to_owned(),
    }
}
