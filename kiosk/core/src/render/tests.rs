//! Renderer tests against the real PDFium (found as `cargo xtask setup` puts
//! it; a missing library fails the test, saying so). Test papers are made by
//! phonghop's own writer, `typeset`; `typeset_papers` checks its papers in
//! PDFium.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::cache::{PageCache, PageKey};
use super::viewer::neighbours_of;
use super::*;

mod typeset_papers;

/// Generous: only reached if the worker hangs, which is the bug it catches.
const DEADLINE: Duration = Duration::from_mins(2);

fn start(budget: usize) -> Renderer {
    Renderer::start(None, budget).unwrap_or_else(|err| panic!("{err}"))
}

fn with_paper(pages: u32) -> Renderer {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    renderer
        .open("paper", typeset::filler_pdf(pages))
        .expect("the test paper opens");
    renderer
}

fn is_dark(px: [u8; 4]) -> bool {
    u16::from(px[0]) + u16::from(px[1]) + u16::from(px[2]) < 3 * 128
}

fn dark_pixels(page: &RenderedPage, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| page.pixel(x, y).is_some_and(is_dark))
        .count()
}

#[test]
fn opening_a_paper_reports_its_page_count_and_page_sizes() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let info = renderer
        .open("paper", typeset::filler_pdf(7))
        .expect("opens");
    assert_eq!(info.pages, 7);
    assert_eq!(info.page_sizes.len(), 7);
    assert!(info.page_sizes.iter().all(|size| *size
        == PageSize {
            width: 595.0,
            height: 842.0
        }));
}

#[test]
fn page_one_at_800_px_is_an_800_px_wide_opaque_rgba_bitmap_dark_where_the_text_is() {
    let renderer = with_paper(3);
    let page = renderer.render("paper", 0, 800, 1.0).expect("renders");

    assert_eq!(page.width, 800);
    assert_eq!(
        page.height, 1132,
        "A4 keeps its aspect ratio: 800 * 842 / 595"
    );
    assert_eq!(page.rgba.len(), 800 * 1132 * 4);
    assert!(
        page.rgba.chunks_exact(4).all(|px| px[3] == 255),
        "every pixel opaque"
    );

    // The title "Page 1 of 3" sits 56 pt from the left and 74 pt from the top (18 pt type).
    let scale = 800.0 / 595.0;
    let at = |pt: f32| super::pixels_from_f64(f64::from(pt * scale));
    let title = dark_pixels(&page, at(56.0), at(56.0), at(200.0), at(80.0));
    assert!(
        title > 200,
        "the title is drawn in dark pixels (found {title})"
    );
    let margin = dark_pixels(&page, 0, 0, at(50.0), at(50.0));
    assert_eq!(margin, 0, "the top-left margin is blank");
    assert_eq!(
        page.pixel(0, 0),
        Some([255, 255, 255, 255]),
        "paper is white"
    );
}

#[test]
fn a_truncated_paper_is_refused_as_bad_and_the_renderer_carries_on() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let mut bytes = typeset::filler_pdf(6);
    bytes.truncate(bytes.len() / 2);

    let err = renderer
        .open("cut", bytes)
        .expect_err("a truncated paper is refused");
    assert!(matches!(err, RenderError::BadPdf(_)), "got {err:?}");

    renderer
        .open("good", typeset::filler_pdf(2))
        .expect("a good paper still opens");
    let page = renderer.render("good", 1, 300, 1.0).expect("and renders");
    assert_eq!(page.width, 300);
}

#[test]
fn garbage_and_empty_bytes_are_refused_as_bad_and_the_renderer_carries_on() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let garbage: Vec<u8> = (0..4096_u32)
        .map(|i| u8::try_from(i * 7919 % 251).expect("below 251"))
        .collect();
    let cases: [(&str, Vec<u8>); 4] = [
        ("garbage", garbage),
        ("empty", Vec::new()),
        ("header only", b"%PDF-1.7\n".to_vec()),
        ("text", b"Bien ban hop, not a pdf at all".to_vec()),
    ];
    for (name, bytes) in cases {
        let err = renderer.open(name, bytes).expect_err(name);
        assert!(matches!(err, RenderError::BadPdf(_)), "{name}: got {err:?}");
        assert!(
            matches!(
                renderer.render(name, 0, 100, 1.0),
                Err(RenderError::UnknownDocument(_))
            ),
            "{name}: a refused paper is not kept"
        );
    }

    renderer
        .open("good", typeset::filler_pdf(1))
        .expect("a good paper still opens");
    assert!(renderer.render("good", 0, 200, 1.0).is_ok());
}

#[test]
fn the_page_cache_evicts_least_recently_used_pages_to_stay_within_its_budget() {
    // Size one page first, then budget for three and a half of them.
    let page_bytes = {
        let probe = with_paper(1);
        probe
            .render("paper", 0, 400, 1.0)
            .expect("renders")
            .byte_size()
    };
    let budget = page_bytes * 7 / 2;
    let renderer = start(budget);
    renderer
        .open("paper", typeset::filler_pdf(8))
        .expect("opens");

    for page in 0..5 {
        renderer.render("paper", page, 400, 1.0).expect("renders");
        let stats = renderer.stats();
        assert!(
            stats.cache_bytes <= budget,
            "over budget after page {page}: {stats:?}"
        );
    }
    let stats = renderer.stats();
    assert_eq!(stats.cache_entries, 3);
    assert_eq!(stats.cache_bytes, 3 * page_bytes);
    assert_eq!(stats.evictions, 2);

    // Pages 2, 3, 4 are cached; reading page 2 again makes page 3 the oldest.
    renderer.render("paper", 2, 400, 1.0).expect("cache hit");
    assert_eq!(renderer.stats().cache_hits, 1);
    renderer.render("paper", 5, 400, 1.0).expect("renders");

    assert!(
        renderer.cached("paper", 3, 400, 1.0).is_none(),
        "least recently used went"
    );
    for page in [2, 4, 5] {
        assert!(
            renderer.cached("paper", page, 400, 1.0).is_some(),
            "page {page} stays"
        );
    }
    assert!(renderer.cached("paper", 0, 400, 1.0).is_none());
    assert_eq!(renderer.stats().evictions, 3);
}

#[test]
fn the_cache_counts_bytes_replaces_same_keys_and_skips_pages_bigger_than_the_budget() {
    let page = |bytes: usize| {
        Arc::new(RenderedPage {
            width: 1,
            height: 1,
            rgba: vec![255; bytes],
        })
    };
    let overhead = page(0).byte_size();
    let mut cache = PageCache::new(3 * (100 + overhead));
    for p in 0..3 {
        cache.insert(PageKey::new("a", p, 10), page(100));
    }
    assert_eq!(cache.bytes(), 3 * (100 + overhead));

    cache.insert(PageKey::new("a", 0, 10), page(50));
    assert_eq!(cache.len(), 3, "same key replaced, not added");
    assert_eq!(cache.bytes(), 2 * (100 + overhead) + 50 + overhead);
    assert_eq!(cache.evictions(), 0);

    cache.insert(PageKey::new("b", 0, 10), page(10_000));
    assert_eq!(cache.len(), 3, "a page over the whole budget is not cached");

    cache.insert(PageKey::new("b", 1, 10), page(100));
    assert_eq!(cache.evictions(), 1);
    assert!(
        !cache.contains(&PageKey::new("a", 1, 10)),
        "the oldest went"
    );

    cache.remove_doc("a");
    assert_eq!(cache.len(), 1);
    assert_eq!(cache.bytes(), 100 + overhead);
}

#[test]
fn search_finds_text_on_the_right_pages_whatever_its_case() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let pages: [&[&str]; 4] = [
        &["Agenda", "Opening of the session"],
        &["Budget report", "The budget for 2026 is balanced"],
        &["Nothing to see"],
        &["Appendix", "BUDGET tables"],
    ];
    renderer
        .open("paper", typeset::lines_pdf(&pages))
        .expect("opens");

    let hits = renderer.search("paper", "bUdGeT").expect("searches");
    let on: Vec<u32> = hits.iter().map(|hit| hit.page).collect();
    assert_eq!(on, [1, 1, 3]);
    for hit in &hits {
        assert!(!hit.rects.is_empty());
        for r in &hit.rects {
            assert!(r.width > 0.0 && r.height > 0.0, "{r:?}");
            assert!(r.x >= 0.0 && r.y >= 0.0 && r.x + r.width <= 1.0 && r.y + r.height <= 1.0);
        }
    }
    // "Budget report" is the title: top of the page, near the left margin.
    let title = &hits[0].rects[0];
    assert!(title.y < 0.15 && title.x < 0.2, "{title:?}");

    assert!(
        renderer
            .search("paper", "quorum")
            .expect("searches")
            .is_empty()
    );
    assert!(
        renderer
            .search("paper", "   ")
            .expect("searches")
            .is_empty()
    );
}

#[test]
fn search_reaches_every_page_of_a_long_paper() {
    let renderer = with_paper(30);
    let hits = renderer.search("paper", "page").expect("searches");
    let on: Vec<u32> = hits.iter().map(|hit| hit.page).collect();
    assert_eq!(
        on,
        (0..30).collect::<Vec<_>>(),
        "one title per page, nothing else"
    );
    let hits = renderer.search("paper", "page 17 of").expect("searches");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].page, 16);
}

#[test]
fn search_matches_vietnamese_ignoring_case_but_not_diacritics() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let pages: [&[&str]; 3] = [
        &["Chương trình kỳ họp", "Báo cáo tình hình kinh tế"],
        &["NGHỊ QUYẾT", "Về kế hoạch phát triển năm 2026"],
        &["Dự thảo nghị quyết sửa đổi", "Ý kiến của đại biểu"],
    ];
    renderer
        .open("paper", typeset::lines_pdf(&pages))
        .expect("opens");

    let pages_of = |query: &str| -> Vec<u32> {
        renderer
            .search("paper", query)
            .expect("searches")
            .iter()
            .map(|hit| hit.page)
            .collect()
    };
    assert_eq!(pages_of("nghị quyết"), [1, 2]);
    assert_eq!(pages_of("NGHỊ QUYẾT"), [1, 2]);
    assert_eq!(pages_of("đại biểu"), [2]);
    assert_eq!(pages_of("ĐẠI BIỂU"), [2]);
    assert!(
        pages_of("nghi quyet").is_empty(),
        "diacritics count as typed"
    );
    assert!(
        pages_of("nghĩ").is_empty(),
        "a different tone is a different word"
    );
}

#[test]
fn thumbnails_are_small() {
    let renderer = with_paper(4);
    let thumb = renderer.thumbnail("paper", 2, 160).expect("renders");
    assert_eq!(thumb.width, 160);
    assert_eq!(thumb.height, 226);
    assert!(thumb.byte_size() < 160 * 1024);
    let full = renderer.render("paper", 2, 1280, 1.0).expect("renders");
    assert!(thumb.byte_size() * 50 < full.byte_size());
}

#[test]
fn a_direct_render_is_not_stuck_behind_queued_prefetches_or_thumbnails() {
    let renderer = with_paper(40);
    let log: Arc<Mutex<Vec<(&'static str, u64)>>> = Arc::default();
    let (finished_tx, finished_rx) = mpsc::channel();

    // Hold the worker so everything below is queued before anything runs.
    let pause = renderer.pause();
    renderer.prefetch("paper", 1..40, 500);
    let note = |label: &'static str| {
        let (log, renderer, finished) = (Arc::clone(&log), renderer.clone(), finished_tx.clone());
        move |result: Result<Arc<RenderedPage>, RenderError>| {
            assert!(result.is_ok(), "{label}: {result:?}");
            let prefetched = renderer.stats().prefetched;
            log.lock().expect("log").push((label, prefetched));
            let _ = finished.send(());
        }
    };
    renderer.thumbnail_async("paper", 5, 160, note("thumbnail"));
    renderer.render_async("paper", 0, 500, 1.0, note("direct"));
    drop(pause);

    for _ in 0..2 {
        finished_rx
            .recv_timeout(DEADLINE)
            .expect("both requests answered");
    }
    assert_eq!(
        *log.lock().expect("log"),
        [("direct", 0), ("thumbnail", 0)],
        "direct first, then the thumbnail, both before any prefetch"
    );

    renderer.settle();
    assert_eq!(
        renderer.stats().prefetched,
        39,
        "the prefetches ran afterwards"
    );
    assert!(renderer.cached("paper", 39, 500, 1.0).is_some());
}

#[test]
fn a_new_prefetch_replaces_the_one_still_queued_for_the_same_paper() {
    let renderer = with_paper(40);
    let pause = renderer.pause();
    renderer.prefetch("paper", 0..20, 300);
    renderer.prefetch("paper", [30, 31], 300);
    drop(pause);
    renderer.settle();
    assert_eq!(renderer.stats().prefetched, 2);
    assert!(renderer.cached("paper", 30, 300, 1.0).is_some());
    assert!(renderer.cached("paper", 0, 300, 1.0).is_none());
}

#[test]
fn turning_to_a_page_renders_it_and_prefetches_two_neighbours_each_side() {
    let renderer = with_paper(10);
    let viewer = Viewer::new(renderer.clone());

    let page = viewer.turn_to("paper", 5, 600).expect("renders");
    assert_eq!(page.width, 600);
    renderer.settle();
    for neighbour in [3, 4, 6, 7] {
        assert!(
            renderer.cached("paper", neighbour, 600, 1.0).is_some(),
            "page {neighbour}"
        );
    }
    assert_eq!(renderer.stats().prefetched, 4);

    let hits = renderer.stats().cache_hits;
    viewer.turn_to("paper", 6, 600).expect("renders");
    assert_eq!(
        renderer.stats().cache_hits,
        hits + 1,
        "the next page was ready"
    );

    // At the end of the paper there is nothing to prefetch past it.
    viewer.turn_to("paper", 9, 600).expect("renders");
    renderer.settle();
    assert!(renderer.cached("paper", 8, 600, 1.0).is_some());
}

#[test]
fn neighbours_are_nearest_first_and_forward_before_backward() {
    assert_eq!(neighbours_of(5, 2), [6, 4, 7, 3]);
    assert_eq!(neighbours_of(0, 2), [1, 2]);
    assert_eq!(neighbours_of(1, 2), [2, 0, 3]);
    assert!(neighbours_of(4, 0).is_empty());
}

#[test]
fn zoom_multiplies_the_width_and_shares_the_cache_with_the_same_pixel_width() {
    let renderer = with_paper(2);
    let zoomed = renderer.render("paper", 0, 400, 2.0).expect("renders");
    assert_eq!(zoomed.width, 800);
    let same = renderer
        .cached("paper", 0, 800, 1.0)
        .expect("same bitmap, same entry");
    assert!(Arc::ptr_eq(&zoomed, &same));

    for (width, zoom) in [(0, 1.0), (100, 0.0), (100, -1.0), (100, f32::NAN)] {
        assert!(
            matches!(
                renderer.render("paper", 0, width, zoom),
                Err(RenderError::InvalidRequest(_))
            ),
            "width {width} zoom {zoom}"
        );
    }
    let huge = renderer
        .render("paper", 0, 4000, 100.0)
        .expect("capped, not refused");
    assert!(
        huge.width > 3000 && huge.width <= MAX_RENDER_WIDTH,
        "{huge:?}"
    );
    assert!(u64::from(huge.width) * u64::from(huge.height) <= MAX_RENDER_PIXELS);
}

#[test]
fn unknown_papers_and_pages_past_the_end_are_errors() {
    let renderer = with_paper(3);
    assert_eq!(
        renderer.render("other", 0, 100, 1.0),
        Err(RenderError::UnknownDocument("other".into()))
    );
    assert_eq!(
        renderer.render("paper", 3, 100, 1.0),
        Err(RenderError::PageOutOfRange { page: 3, pages: 3 })
    );
    assert!(matches!(
        renderer.search("other", "x"),
        Err(RenderError::UnknownDocument(_))
    ));
}

#[test]
fn closing_a_paper_forgets_it_and_drops_its_cached_pages() {
    let renderer = with_paper(3);
    renderer.render("paper", 0, 300, 1.0).expect("renders");
    assert_eq!(renderer.stats().cache_entries, 1);

    renderer.close("paper");
    renderer.settle();
    let stats = renderer.stats();
    assert_eq!(
        (stats.cache_entries, stats.cache_bytes, stats.open_documents),
        (0, 0, 0)
    );
    assert!(matches!(
        renderer.render("paper", 0, 300, 1.0),
        Err(RenderError::UnknownDocument(_))
    ));
}

#[test]
fn reopening_a_key_replaces_the_paper_and_its_cached_pages() {
    let renderer = with_paper(3);
    let before = renderer.render("paper", 0, 300, 1.0).expect("renders");
    let pages: [&[&str]; 1] = [&["A different first page"]];
    let info = renderer
        .open("paper", typeset::lines_pdf(&pages))
        .expect("opens");
    assert_eq!(info.pages, 1);
    let after = renderer.render("paper", 0, 300, 1.0).expect("renders");
    assert!(!Arc::ptr_eq(&before, &after));
    assert_ne!(before.rgba, after.rgba);
}

#[test]
fn a_paper_opens_from_a_file_and_many_papers_stay_usable_with_few_held_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let renderer = start(DEFAULT_BUDGET_BYTES);
    for n in 0..6_u32 {
        let path = dir.path().join(format!("paper-{n}.pdf"));
        std::fs::write(&path, typeset::filler_pdf(n + 1)).expect("writes");
        let info = renderer
            .open(format!("paper-{n}"), path)
            .expect("opens from a file");
        assert_eq!(info.pages, n + 1);
    }
    assert!(
        renderer.stats().open_documents <= 3,
        "{:?}",
        renderer.stats()
    );

    // The first paper was closed in PDFium to make room; it reloads lazily.
    let page = renderer
        .render("paper-0", 0, 200, 1.0)
        .expect("reloads and renders");
    assert_eq!(page.width, 200);

    let missing = dir.path().join("missing.pdf");
    assert!(matches!(
        renderer.open("missing", missing),
        Err(RenderError::Io(_))
    ));
}

#[test]
fn a_library_path_that_is_not_there_is_an_error_that_says_how_to_get_it() {
    let err = Renderer::start(Some("/nonexistent/libpdfium.so".into()), 1024)
        .expect_err("no library there");
    assert!(
        matches!(err, RenderError::LibraryNotFound { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("run cargo xtask setup"), "{err}");
}

#[test]
fn dropping_the_renderer_answers_queued_requests_with_stopped() {
    let renderer = with_paper(5);
    let (tx, rx) = mpsc::channel();
    let pause = renderer.pause();
    renderer.render_async("paper", 1, 300, 1.0, move |result| {
        let _ = tx.send(result);
    });
    // Stop while the worker is held; release it so the worker can exit.
    renderer.inner.queue.stop();
    drop(pause);
    drop(renderer);
    assert_eq!(
        rx.recv_timeout(DEADLINE).expect("answered"),
        Err(RenderError::Stopped)
    );
}

#[test]
fn rendering_a_page_1280_px_wide_prints_cold_warm_and_prefetched_timings() {
    let renderer = start(DEFAULT_BUDGET_BYTES);
    let bytes = Arc::new(typeset::filler_pdf(300));

    let t = Instant::now();
    renderer.open("paper", Arc::clone(&bytes)).expect("opens");
    let open = t.elapsed();

    let t = Instant::now();
    let first = renderer.render("paper", 0, 1280, 1.0).expect("renders");
    let cold = t.elapsed();
    assert_eq!((first.width, first.height), (1280, 1811));

    let t = Instant::now();
    renderer.render("paper", 1, 1280, 1.0).expect("renders");
    let warm = t.elapsed();

    let t = Instant::now();
    renderer.render("paper", 1, 1280, 1.0).expect("cache hit");
    let hit = t.elapsed();

    let viewer = Viewer::new(renderer.clone());
    viewer.turn_to("paper", 100, 1280).expect("renders");
    renderer.settle();
    let t = Instant::now();
    viewer.turn_to("paper", 101, 1280).expect("prefetched");
    let turn = t.elapsed();

    let t = Instant::now();
    let thumb = renderer.thumbnail("paper", 200, 160).expect("renders");
    let thumbnail = t.elapsed();
    assert_eq!(thumb.width, 160);

    println!(
        "300-page paper ({} KiB): open {open:?}, page 1 at 1280 px cold {cold:?}, \
         next page (document open) {warm:?}, cache hit {hit:?}, \
         prefetched page turn {turn:?}, thumbnail 160 px {thumbnail:?}",
        bytes.len() / 1024
    );
}
