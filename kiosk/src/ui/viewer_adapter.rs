//! The paper viewer (`ViewerAdapter`). Pages are images rendered elsewhere
//! (PDFium, on a worker thread): hand them over as a
//! [`slint::SharedPixelBuffer`], which is `Send`, and set them from the event
//! loop with [`set_page_image`].

use protocol::meeting::Classification;
use slint::{ComponentHandle, Image, Rgba8Pixel, SharedPixelBuffer};

use super::agenda_adapter::classification;
use super::generated::Thumbnail;
use super::{AppWindow, ViewerAdapter, count, int, model};

/// What the viewer shows around the page image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewerView {
    pub title: String,
    pub classification: Classification,
    /// From 1.
    pub page: u32,
    pub page_count: u32,
    /// The page is being rendered.
    pub loading: bool,
    pub zoom_percent: u32,
    /// "Theo người trình bày" is on.
    pub following: bool,
    /// The presenter's page in this paper, if they are in it.
    pub presenter_page: Option<u32>,
    /// Text drawn across classified pages (who holds this copy).
    pub watermark: Option<String>,
    pub note_count: u32,
}

/// Pushes everything but the images.
pub fn show(window: &AppWindow, view: &ViewerView) {
    let adapter = window.global::<ViewerAdapter>();
    adapter.set_title(view.title.as_str().into());
    adapter.set_classification(classification(view.classification));
    adapter.set_page(int(view.page));
    adapter.set_page_count(int(view.page_count));
    adapter.set_loading(view.loading);
    adapter.set_zoom_percent(int(view.zoom_percent));
    adapter.set_following(view.following);
    adapter.set_presenter_page(view.presenter_page.map_or(0, int));
    adapter.set_watermark(view.watermark.as_deref().unwrap_or("").into());
    adapter.set_note_count(int(view.note_count));
}

/// Shows a rendered page and marks loading done.
pub fn set_page_image(window: &AppWindow, page: SharedPixelBuffer<Rgba8Pixel>) {
    let adapter = window.global::<ViewerAdapter>();
    adapter.set_page_image(Image::from_rgba8(page));
    adapter.set_loading(false);
}

/// Shows the thumbnails strip: (page from 1, small image) in order.
pub fn set_thumbnails(window: &AppWindow, thumbnails: Vec<(u32, SharedPixelBuffer<Rgba8Pixel>)>) {
    let rows = thumbnails
        .into_iter()
        .map(|(page, image)| Thumbnail {
            page: int(page),
            image: Image::from_rgba8(image),
        })
        .collect();
    window.global::<ViewerAdapter>().set_thumbnails(model(rows));
}

/// The delegate asked for a page (previous, next, swipe, thumbnail), from 1.
pub fn on_page_requested(window: &AppWindow, f: impl Fn(u32) + 'static) {
    window
        .global::<ViewerAdapter>()
        .on_page_requested(move |page| {
            if let Some(page) = count(page).filter(|p| *p >= 1) {
                f(page);
            }
        });
}

/// The delegate touched zoom in.
pub fn on_zoom_in(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ViewerAdapter>().on_zoom_in(f);
}

/// The delegate touched zoom out.
pub fn on_zoom_out(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ViewerAdapter>().on_zoom_out(f);
}

/// The delegate switched "Theo người trình bày" on or off.
pub fn on_follow_toggled(window: &AppWindow, f: impl Fn(bool) + 'static) {
    window.global::<ViewerAdapter>().on_follow_toggled(f);
}

/// The delegate touched "Ghi chú".
pub fn on_notes_requested(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ViewerAdapter>().on_notes_requested(f);
}

/// The delegate touched "Góp ý" (a comment on this page).
pub fn on_comment_requested(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ViewerAdapter>().on_comment_requested(f);
}

/// The delegate touched the back arrow.
pub fn on_close_requested(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<ViewerAdapter>().on_close_requested(f);
}
