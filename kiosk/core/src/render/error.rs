//! What can go wrong, for every request.

use std::path::PathBuf;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// No PDFium library where we looked.
    #[error("pdfium library not found (looked in: {looked_in}); run cargo xtask setup")]
    LibraryNotFound {
        /// The places searched, in order.
        looked_in: String,
    },
    /// The library is there but does not load or lacks a function we bind.
    #[error("cannot load pdfium from {path}: {reason}; run cargo xtask setup")]
    LibraryLoad {
        /// The library file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The bytes are not a PDF we can read: empty, truncated, garbage, damaged
    /// or password protected.
    #[error("bad pdf: {0}")]
    BadPdf(String),
    /// The paper's file could not be read.
    #[error("cannot read paper: {0}")]
    Io(String),
    /// No paper is open under this key.
    #[error("no document open as {0:?}")]
    UnknownDocument(String),
    /// The page index is past the end of the paper.
    #[error("page {page} out of range: the document has {pages} pages")]
    PageOutOfRange {
        /// The page asked for (0-based).
        page: u32,
        /// How many pages the paper has.
        pages: u32,
    },
    /// The request itself makes no sense (zero width, zoom not a positive number).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// PDFium failed on a page of a paper that opened.
    #[error("rendering failed: {0}")]
    Pdfium(String),
    /// The renderer has shut down (or its worker died) before answering.
    #[error("renderer stopped")]
    Stopped,
}
