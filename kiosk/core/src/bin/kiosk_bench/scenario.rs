//! What the bench does: write the papers, time page turns, and read the
//! paper through in a process of its own to weigh it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use kiosk_core::papers::PaperCache;
use kiosk_core::render::{RenderStats, Renderer, Viewer};
use protocol::ids::{DocumentId, MeetingId, Sha256};
use protocol::meeting::{Classification, Document};

use crate::paper::{Rng, make_paper};
use crate::report::{Memory, Row, Samples, Target, latency_table, mb, mib, ms};
use crate::{Args, OTHER_PAPERS, text};

/// The big paper's key in the renderer.
const DOC: &str = "big";
/// The thumbnail strip's images: 64 px frames less a 3 px border each side.
const THUMBNAIL_WIDTH: u32 = 58;
/// Thumbnails the strip shows at once at 1920 px (88 px each).
const THUMBNAILS: u32 = 20;
/// Design §6: the seat's memory with the big paper open and 20 papers
/// cached, in MB (10^6 bytes).
const MEMORY_TARGET_MB: u64 = 120;

/// The papers in the seat's paper cache (`kiosk_core::papers::PaperCache`
/// in `<dir>/cache`), as the current meeting's documents; the big one first.
#[derive(Debug)]
pub(crate) struct Papers {
    pub(crate) dir: PathBuf,
    pub(crate) big: Sha256,
    pub(crate) others: Vec<Sha256>,
    pub(crate) big_bytes: u64,
    pub(crate) other_bytes: u64,
}

impl Papers {
    fn cache_dir(dir: &Path) -> PathBuf {
        dir.join("cache")
    }

    fn list_file(dir: &Path) -> PathBuf {
        dir.join("papers.list")
    }

    /// The papers `write_papers` put in `dir` (for the memory child).
    fn in_dir(dir: &Path) -> Result<Self> {
        let list = std::fs::read_to_string(Self::list_file(dir)).context("no papers.list")?;
        let mut shas = list
            .lines()
            .map(|l| Sha256::from_hex(l.trim()).context("bad hash in papers.list"));
        let big = shas.next().context("papers.list is empty")??;
        Ok(Self {
            dir: Self::cache_dir(dir),
            big,
            others: shas.collect::<Result<_>>()?,
            big_bytes: 0,
            other_bytes: 0,
        })
    }

    fn open_cache(&self) -> Result<PaperCache> {
        PaperCache::open(&self.dir)
            .with_context(|| format!("cannot open the paper cache in {}", self.dir.display()))
    }
}

/// Makes the big paper (a draft resolution of `args.pages` pages) and the
/// 20 others, and stores them in a paper cache in `dir` as one meeting's
/// documents.
pub(crate) fn write_papers(args: &Args, dir: &Path) -> Result<Papers> {
    let mut pdfs = Vec::new();
    let (kind, title) = text::PAPERS[0];
    pdfs.push((title, make_paper(kind, title, args.pages, 1)));
    for (i, pages) in OTHER_PAPERS.into_iter().enumerate() {
        let (kind, title) = text::PAPERS[(i + 1) % text::PAPERS.len()];
        pdfs.push((title, make_paper(kind, title, pages, 2 + i as u64)));
    }
    let documents = pdfs
        .iter()
        .enumerate()
        .map(|(i, (title, bytes))| {
            Ok(Document {
                id: DocumentId::new(format!("d{i:02}"))?,
                title: (*title).to_owned(),
                sha256: Sha256::of(bytes),
                size: bytes.len() as u64,
                media_type: "application/pdf".to_owned(),
                classification: Classification::Normal,
                item: None,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let papers = Papers {
        dir: Papers::cache_dir(dir),
        big: documents[0].sha256,
        others: documents[1..].iter().map(|d| d.sha256).collect(),
        big_bytes: documents[0].size,
        other_bytes: documents[1..].iter().map(|d| d.size).sum(),
    };
    let cache = papers.open_cache()?;
    cache.set_meeting(&MeetingId::new("bench")?, &documents)?;
    for (doc, (_, bytes)) in documents.iter().zip(&pdfs) {
        cache.insert(doc, bytes)?;
    }
    let list = documents.iter().fold(String::new(), |mut out, d| {
        let _ = writeln!(out, "{}", d.sha256.to_hex());
        out
    });
    std::fs::write(Papers::list_file(dir), list).context("cannot write papers.list")?;
    Ok(papers)
}

/// Renders the big paper's first two pages, a middle one and the last
/// (an appendix table) into `dir` as binary PPM images.
pub(crate) fn save_pages(args: &Args, papers: &Papers, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let cache = papers.open_cache()?;
    let renderer = Renderer::start(args.pdfium.clone(), args.budget)?;
    renderer.open(DOC, cache.source(&papers.big)?)?;
    for page in [0, 1, args.pages / 2, args.pages - 1] {
        let image = renderer.render(DOC, page, args.width, 1.0)?;
        let mut ppm = format!("P6\n{} {}\n255\n", image.width, image.height).into_bytes();
        ppm.extend(image.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]));
        let path = dir.join(format!("page-{:03}.ppm", page + 1));
        std::fs::write(&path, ppm).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Page-turn latencies of the big paper.
#[derive(Debug, Default)]
pub(crate) struct Latency {
    pub(crate) library: PathBuf,
    start: Samples,
    source: Samples,
    open: Samples,
    cold_first: Samples,
    cold_turn: Samples,
    prefetched: Samples,
    /// Prefetched turns whose page was not in the cache after all.
    misses: u32,
    neighbours: Samples,
    warm: Samples,
    stats: RenderStats,
}

/// Times the four cases of the bench.
pub(crate) fn latency(args: &Args, papers: &Papers, progress: impl Fn(&str)) -> Result<Latency> {
    let width = args.width;
    let cache = papers.open_cache()?;
    let start =
        || Renderer::start(args.pdfium.clone(), args.budget).context("cannot start the renderer");
    let mut l = Latency::default();

    progress(&format!(
        "cold first page: {} fresh renderers",
        args.cold_opens
    ));
    for _ in 0..args.cold_opens {
        let t = Instant::now();
        let renderer = start()?;
        l.start.push(t.elapsed());
        l.library = renderer.library_path().to_path_buf();
        let t = Instant::now();
        let source = cache.source(&papers.big)?;
        l.source.push(t.elapsed());
        let info = renderer.open(DOC, source)?;
        l.open.push(t.elapsed());
        renderer.render(DOC, 0, width, 1.0)?;
        l.cold_first.push(t.elapsed());
        ensure!(
            info.pages == args.pages,
            "the paper has {} pages, not {}",
            info.pages,
            args.pages
        );
    }

    progress(&format!(
        "cold page turns: {} pages in random order",
        args.cold_turns
    ));
    let renderer = start()?;
    renderer.open(DOC, cache.source(&papers.big)?)?;
    renderer.render(DOC, 0, width, 1.0)?;
    let mut order: Vec<u32> = (1..args.pages).collect();
    Rng::new(7).shuffle(&mut order);
    for &page in order.iter().take(args.cold_turns) {
        ensure!(
            renderer.cached(DOC, page, width, 1.0).is_none(),
            "page {page} was cached"
        );
        let t = Instant::now();
        renderer.render(DOC, page, width, 1.0)?;
        l.cold_turn.push(t.elapsed());
    }
    drop(renderer);

    progress(&format!(
        "prefetched turns: reading pages 1 to {}",
        args.read + 1
    ));
    let renderer = start()?;
    let viewer = Viewer::new(renderer.clone());
    renderer.open(DOC, cache.source(&papers.big)?)?;
    viewer.turn_to(DOC, 0, width)?;
    renderer.settle();
    for page in 1..=args.read {
        if renderer.cached(DOC, page, width, 1.0).is_none() {
            l.misses += 1;
        }
        let t = Instant::now();
        viewer.turn_to(DOC, page, width)?;
        l.prefetched.push(t.elapsed());
        renderer.settle();
        l.neighbours.push(t.elapsed());
    }

    progress(&format!("warm: {} cached pages again", args.warm));
    let cached: Vec<u32> = (0..args.pages)
        .filter(|&p| renderer.cached(DOC, p, width, 1.0).is_some())
        .collect();
    ensure!(!cached.is_empty(), "no page is cached after reading");
    for &page in cached.iter().cycle().take(args.warm) {
        let t = Instant::now();
        renderer.render(DOC, page, width, 1.0)?;
        l.warm.push(t.elapsed());
    }
    l.stats = renderer.stats();
    Ok(l)
}

impl Latency {
    pub(crate) fn table(&self) -> String {
        let rows = [
            Row {
                case: "renderer start (PDFium bound)",
                samples: &self.start,
                target: None,
            },
            Row {
                case: "cold first page",
                samples: &self.cold_first,
                target: Some(Target { p95_ms: 150.0 }),
            },
            Row {
                case: "  of which cache source()",
                samples: &self.source,
                target: None,
            },
            Row {
                case: "  of which source + open",
                samples: &self.open,
                target: None,
            },
            Row {
                case: "cold page turn",
                samples: &self.cold_turn,
                target: None,
            },
            Row {
                case: "prefetched turn",
                samples: &self.prefetched,
                target: Some(Target { p95_ms: 50.0 }),
            },
            Row {
                case: "  turn + neighbours rendered",
                samples: &self.neighbours,
                target: None,
            },
            Row {
                case: "warm (page in LRU)",
                samples: &self.warm,
                target: None,
            },
        ];
        let mut out = latency_table(&rows);
        let s = &self.stats;
        let _ = write!(
            out,
            "# times: request -> RGBA page in hand (what the UI wraps in a SharedPixelBuffer)\n\
             # cold first page: fresh renderer; PaperCache::source, open (page tree walked), render page 1; \
             the first in this process took {} ms\n\
             # cold page turn: paper open, page never rendered, nothing prefetched\n\
             # prefetched turn: Viewer::turn_to(p+1) after turn_to(p) and its prefetches finished; \
             {} of {} were not cached\n\
             # turn + neighbours: the same turn until the new neighbours are rendered too \
             (how fast one can flip and still hit)\n\
             # after reading: {} pages cached ({} MiB of {} MiB), {} evicted, {} rendered, \
             {} prefetched\n",
            ms(self.cold_first.first()),
            self.misses,
            self.prefetched.len(),
            s.cache_entries,
            mib(s.cache_bytes as u64 / 1024),
            mib(s.cache_budget as u64 / 1024),
            s.evictions,
            s.rendered,
            s.prefetched,
        );
        out
    }
}

/// Memory after each step of the scenario, from the child process.
#[derive(Debug, Default)]
pub(crate) struct MemoryReport {
    steps: Vec<(String, Memory)>,
    notes: Vec<String>,
}

/// Runs the memory scenario in a fresh process of this program.
pub(crate) fn memory_in_child(args: &Args, dir: &Path) -> Result<MemoryReport> {
    let exe = std::env::current_exe().context("cannot find this program")?;
    let mut cmd = Command::new(&exe);
    cmd.arg("--memory-child")
        .arg(dir)
        .args(["--width", &args.width.to_string()])
        .args(["--budget-bytes", &args.budget.to_string()])
        .args(["--pages", &args.pages.to_string()])
        .args(["--read", &args.read.to_string()]);
    if let Some(lib) = &args.pdfium {
        cmd.arg("--pdfium").arg(lib);
    }
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !out.status.success() {
        bail!("the memory scenario failed: {}", out.status);
    }
    let mut report = MemoryReport::default();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            ["memory", label, rss, peak] => report.steps.push((
                (*label).to_owned(),
                Memory {
                    rss_kib: rss.parse().context("bad rss")?,
                    peak_kib: peak.parse().context("bad peak")?,
                },
            )),
            ["note", note] => report.notes.push((*note).to_owned()),
            _ => bail!("the memory scenario printed {line:?}"),
        }
    }
    Ok(report)
}

/// The memory scenario, run as the child: what a seat's renderer holds with
/// the papers cached, each looked at, and the big paper read through.
pub(crate) fn memory_child(args: &Args, dir: &Path) -> Result<()> {
    let papers = Papers::in_dir(dir)?;
    let step = |label: &str| -> Result<()> {
        let m = Memory::now()?;
        println!("memory\t{label}\t{}\t{}", m.rss_kib, m.peak_kib);
        Ok(())
    };
    step("process started")?;
    let cache = papers.open_cache()?;
    step("paper cache opened")?;
    let renderer = Renderer::start(args.pdfium.clone(), args.budget)?;
    step("renderer started, PDFium bound")?;
    for (i, sha) in papers.others.iter().enumerate() {
        let key = format!("paper-{i:02}");
        renderer.open(key.as_str(), cache.source(sha)?)?;
        renderer.render(&key, 0, args.width, 1.0)?;
    }
    renderer.settle();
    step(&format!(
        "{} papers opened, page 1 of each",
        papers.others.len()
    ))?;
    let viewer = Viewer::new(renderer.clone());
    renderer.open(DOC, cache.source(&papers.big)?)?;
    viewer.turn_to(DOC, 0, args.width)?;
    for page in 0..THUMBNAILS.min(args.pages) {
        renderer.thumbnail(DOC, page, THUMBNAIL_WIDTH)?;
    }
    renderer.settle();
    for page in 1..=args.read {
        viewer.turn_to(DOC, page, args.width)?;
        renderer.settle();
    }
    step(&format!(
        "{}-page paper read (pages 1-{}, prefetch, thumbnails)",
        args.pages,
        args.read + 1
    ))?;
    let s = renderer.stats();
    println!(
        "note\tcache after reading: {} pages, {} MiB of the {} MiB budget; PDFium holds {} papers open",
        s.cache_entries,
        mib(s.cache_bytes as u64 / 1024),
        mib(s.cache_budget as u64 / 1024),
        s.open_documents,
    );
    Ok(())
}

impl MemoryReport {
    pub(crate) fn table(&self, args: &Args) -> String {
        let mut out = format!(
            "{:<58} {:>8} {:>8}  target (design §6)\n",
            "memory (a process of its own)", "rss_MB", "peak_MB"
        );
        let last = self.steps.len().saturating_sub(1);
        for (i, (label, m)) in self.steps.iter().enumerate() {
            let target = if i == last {
                let verdict = if m.peak_kib * 1024 <= MEMORY_TARGET_MB * 1_000_000 {
                    "met"
                } else {
                    "MISSED"
                };
                format!("peak <= {MEMORY_TARGET_MB}: {verdict}")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "{label:<58} {:>8} {:>8}  {target}",
                mb(m.rss_kib),
                mb(m.peak_kib)
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "# {note}");
        }
        let _ = writeln!(
            out,
            "# rss_MB: VmRSS after the step; peak_MB: VmHWM so far (MB = 10^6 bytes); {} papers \
             besides the big one in the paper cache, opened through source(); pages {} px wide\n\
             # the seat's whole process adds the Slint UI (window buffer, fonts) and MQTT to this",
            OTHER_PAPERS.len(),
            args.width,
        );
        out
    }
}
