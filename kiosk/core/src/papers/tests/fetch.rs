//! Downloads and the prefetcher, against the stand-in and its knobs.

use central_standin::Lie;

use super::*;

#[tokio::test]
async fn a_fetched_paper_is_checked_and_read_from_its_own_file() {
    let bytes = pdf(3);
    let server = Server::start(&[&bytes]).await;
    let (dir, cache) = open_cache();
    let paper = doc(1, "Chương trình hội nghị", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    assert_eq!(cache.status(&paper.sha256), PaperStatus::Missing);

    within(fetcher(&cache, &server.base).fetch(&paper))
        .await
        .expect("the paper arrives");

    assert_eq!(cache.status(&paper.sha256), PaperStatus::Ready);
    let PdfSource::File(path) = cache.source(&paper.sha256).expect("readable") else {
        panic!("an unclassified paper is read from its file");
    };
    assert_eq!(path, dir.path().join("blobs").join(paper.sha256.to_hex()));
    assert_eq!(std::fs::read(&path).expect("the file"), bytes);
    assert_eq!(blob_names(dir.path()), [paper.sha256.to_hex()]);
    let progress = cache.progress();
    assert_eq!(
        (progress.ready, progress.total, progress.percent()),
        (1, 1, 100)
    );
}

#[tokio::test]
async fn a_download_cut_into_pieces_resumes_where_it_stopped() {
    let bytes = pdf(40);
    let size = bytes.len() as u64;
    let server = Server::start(&[&bytes]).await;
    let piece = 16_000u64;
    server.standin.set_max_bytes_per_request(Some(16_000));
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Báo cáo", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);

    let err = within(fetcher.fetch(&paper))
        .await
        .expect_err("cut after one piece");
    assert!(
        matches!(err.kind, FetchErrorKind::Interrupted { have: 16_000, .. }),
        "{err}"
    );
    assert!(err.is_retryable());
    assert_eq!(
        cache.status(&paper.sha256),
        PaperStatus::Partial { have: 16_000, size }
    );

    let outcome = within(fetcher.prefetch()).await;
    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if p.is_complete()),
        "{outcome:?}"
    );
    assert_eq!(read_source(&cache, &paper.sha256), bytes);
    let stats = server.standin.stats();
    assert_eq!(
        stats.document_requests,
        size.div_ceil(piece),
        "one request per piece"
    );
    // Restarting each time would serve a piece per request and never finish;
    // resuming serves every byte once.
    assert_eq!(stats.document_bytes, size);
}

#[tokio::test]
async fn a_truncated_paper_is_an_error_and_is_not_counted_as_ready() {
    let bytes = pdf(10);
    let server = Server::start(&[&bytes]).await;
    server.standin.set_lie(Some(Lie::TruncatedDocument));
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Tờ trình", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");

    let err = within(fetcher(&cache, &server.base).fetch(&paper))
        .await
        .expect_err("the body is cut short");

    assert!(
        matches!(err.kind, FetchErrorKind::Interrupted { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("\"Tờ trình\""),
        "the error names the paper: {err}"
    );
    assert!(matches!(
        cache.status(&paper.sha256),
        PaperStatus::Partial { .. }
    ));
    assert_eq!(cache.progress().ready, 0);
    assert!(matches!(
        cache.source(&paper.sha256),
        Err(PaperError::NotCached(_))
    ));
}

#[tokio::test]
async fn a_paper_whose_bytes_do_not_match_its_hash_is_deleted_and_reported() {
    let bytes = pdf(4);
    let server = Server::start(&[&bytes]).await;
    server.standin.set_lie(Some(Lie::BadDocumentHash));
    let (dir, cache) = open_cache();
    let paper = doc(1, "Nghị quyết", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);

    let err = within(fetcher.fetch(&paper)).await.expect_err("a bad copy");

    assert!(matches!(err.kind, FetchErrorKind::HashMismatch), "{err}");
    assert!(
        err.to_string()
            .contains("the controller sent a paper whose hash does not match"),
        "{err}"
    );
    assert!(!err.is_retryable());
    assert!(blob_names(dir.path()).is_empty(), "nothing is kept");
    assert!(
        matches!(cache.status(&paper.sha256), PaperStatus::Failed { reason } if reason.contains("hash"))
    );
    let progress = cache.progress();
    assert_eq!((progress.ready, progress.failed), (0, 1));

    // The prefetcher does not hammer a server that lies: the paper stays failed.
    server.standin.reset_stats();
    let outcome = within(fetcher.prefetch()).await;
    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if p.failed == 1),
        "{outcome:?}"
    );
    assert_eq!(server.standin.stats().requests, 0);
}

#[tokio::test]
async fn a_paper_the_server_does_not_have_fails_while_the_others_arrive() {
    let (first, second, unknown) = (pdf(2), pdf(3), pdf(5));
    let server = Server::start(&[&first, &second]).await;
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Chương trình", &first, Classification::Normal),
        doc(2, "Không có trên máy chủ", &unknown, Classification::Normal),
        doc(3, "Báo cáo", &second, Classification::Normal),
    ];
    cache.set_meeting(&meeting("m1"), &papers).expect("set");

    let outcome = within(fetcher(&cache, &server.base).prefetch()).await;

    let PrefetchOutcome::Settled(progress) = outcome else {
        panic!("the prefetch settles: {outcome:?}");
    };
    assert_eq!((progress.ready, progress.failed, progress.total), (2, 1, 3));
    assert!(!progress.is_complete() && progress.is_settled());
    assert_eq!(cache.status(&papers[0].sha256), PaperStatus::Ready);
    assert_eq!(cache.status(&papers[2].sha256), PaperStatus::Ready);
    let PaperStatus::Failed { reason } = cache.status(&papers[1].sha256) else {
        panic!("the unknown paper failed");
    };
    assert!(reason.contains("HTTP 404"), "{reason}");
    assert_eq!(
        blob_names(dir.path()).len(),
        2,
        "no empty download is left behind"
    );
}

#[tokio::test]
async fn prefetch_reports_progress_until_every_paper_is_ready() {
    let papers_bytes = [pdf(30), pdf(1), pdf(8)];
    let refs: Vec<&[u8]> = papers_bytes.iter().map(Vec::as_slice).collect();
    let server = Server::start(&refs).await;
    server.standin.set_max_bytes_per_request(Some(20_000));
    let (_dir, cache) = open_cache();
    let papers: Vec<Document> = papers_bytes
        .iter()
        .zip(1..)
        .map(|(b, n)| doc(n, &format!("Tài liệu {n}"), b, Classification::Normal))
        .collect();
    cache.set_meeting(&meeting("m1"), &papers).expect("set");
    let total: u64 = papers.iter().map(|p| p.size).sum();
    let mut progress = cache.subscribe();
    assert_eq!(
        *progress.borrow_and_update(),
        SyncProgress {
            ready: 0,
            total: 3,
            bytes_ready: 0,
            bytes_total: total,
            failed: 0,
        }
    );

    let task = fetcher(&cache, &server.base).spawn_prefetch();
    let mut seen = Vec::new();
    within(async {
        loop {
            progress.changed().await.expect("the cache is alive");
            let p = *progress.borrow_and_update();
            seen.push(p);
            if p.is_complete() {
                break;
            }
        }
    })
    .await;

    let outcome = within(task).await.expect("the prefetch task ends");
    assert!(matches!(outcome, PrefetchOutcome::Settled(p) if p.is_complete()));
    let last = seen.last().expect("progress was reported");
    assert_eq!(
        (last.ready, last.bytes_ready, last.percent()),
        (3, total, 100)
    );
    assert!(
        seen.len() > 3,
        "bytes are reported during a download: {seen:?}"
    );
    assert!(
        seen.windows(2)
            .all(|w| w[0].bytes_ready <= w[1].bytes_ready && w[0].ready <= w[1].ready),
        "progress only grows: {seen:?}"
    );
    for p in &papers {
        assert_eq!(cache.status(&p.sha256), PaperStatus::Ready);
    }
}

#[tokio::test]
async fn a_server_error_is_retried_until_the_paper_arrives() {
    let bytes = pdf(2);
    let server = Server::start(&[&bytes]).await;
    server.standin.set_failure(Some(503));
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Dự thảo", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);

    let err = within(fetcher.fetch(&paper))
        .await
        .expect_err("the server is down");
    assert!(
        matches!(err.kind, FetchErrorKind::Status(503)) && err.is_retryable(),
        "{err}"
    );
    assert_eq!(
        cache.status(&paper.sha256),
        PaperStatus::Missing,
        "a 503 is not a failure of the paper"
    );

    let task = fetcher.spawn_prefetch();
    let standin = server.standin.clone();
    wait_until("the prefetcher has tried again twice", || {
        standin.stats().requests >= 3
    })
    .await;
    server.standin.set_failure(None);

    let outcome = within(task).await.expect("the prefetch task ends");
    assert!(
        matches!(outcome, PrefetchOutcome::Settled(p) if p.is_complete()),
        "{outcome:?}"
    );
    assert_eq!(read_source(&cache, &paper.sha256), bytes);
}

#[tokio::test]
async fn prefetch_stops_when_another_meeting_is_set_or_it_is_aborted() {
    let bytes = pdf(2);
    let server = Server::start(&[&bytes]).await;
    server.standin.set_delay(Duration::from_hours(1));
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Chương trình", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);

    let task = fetcher.spawn_prefetch();
    let standin = server.standin.clone();
    wait_until("the download has begun", || standin.stats().requests >= 1).await;
    cache
        .set_meeting(&meeting("m2"), &[])
        .expect("another meeting");
    assert_eq!(
        within(task).await.expect("the task ends"),
        PrefetchOutcome::MeetingChanged
    );

    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("back to m1");
    let task = fetcher.spawn_prefetch();
    wait_until("the second download has begun", || {
        standin.stats().requests >= 2
    })
    .await;
    task.abort();
    assert!(within(task).await.is_err_and(|e| e.is_cancelled()));

    // Nothing is left holding the paper: a new fetch goes through.
    server.standin.set_delay(Duration::ZERO);
    within(fetcher.fetch(&paper))
        .await
        .expect("fetched after the abort");
    assert_eq!(cache.status(&paper.sha256), PaperStatus::Ready);
}

#[tokio::test]
async fn an_answer_from_the_wrong_offset_restarts_from_byte_zero() {
    let bytes = pdf(12);
    let size = bytes.len();
    let server = Server::start(&[&bytes]).await;
    server.standin.set_max_bytes_per_request(Some(5_000));
    let (_dir, cache) = open_cache();
    let paper = doc(1, "Báo cáo", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");
    within(fetcher(&cache, &server.base).fetch(&paper))
        .await
        .expect_err("a first piece");
    assert!(matches!(
        cache.status(&paper.sha256),
        PaperStatus::Partial { have: 5_000, .. }
    ));

    // This server answers a range request with the paper from byte 0 as a 206.
    let body = bytes.clone();
    let (base, requests) = raw_server(move |start| match start {
        Some(_) => http_response(
            "206 Partial Content",
            &[
                format!("Content-Length: {size}"),
                format!("Content-Range: bytes 0-{}/{size}", size - 1),
            ],
            &body,
        ),
        None => http_response("200 OK", &[format!("Content-Length: {size}")], &body),
    })
    .await;
    within(fetcher(&cache, &base).fetch(&paper))
        .await
        .expect("the paper arrives from byte 0");

    assert_eq!(
        requests.load(Ordering::SeqCst),
        2,
        "a range request, then the whole paper"
    );
    assert_eq!(read_source(&cache, &paper.sha256), bytes);
}

#[tokio::test]
async fn a_server_that_sends_more_than_the_size_is_refused_and_nothing_is_kept() {
    let bytes = pdf(3);
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"%% and then some");
    let (base, _) = raw_server(move |_| http_response("200 OK", &[], &longer)).await;
    let (dir, cache) = open_cache();
    let paper = doc(1, "Phụ lục", &bytes, Classification::Normal);
    cache
        .set_meeting(&meeting("m1"), std::slice::from_ref(&paper))
        .expect("set");

    let err = within(fetcher(&cache, &base).fetch(&paper))
        .await
        .expect_err("too many bytes");

    assert!(matches!(err.kind, FetchErrorKind::TooLong { .. }), "{err}");
    assert!(err.to_string().contains("sent more than"), "{err}");
    assert!(blob_names(dir.path()).is_empty(), "the .part is deleted");
    assert!(matches!(
        cache.status(&paper.sha256),
        PaperStatus::Failed { .. }
    ));
}

#[tokio::test]
async fn papers_are_read_with_the_server_gone() {
    let (first, second) = (pdf(2), pdf(4));
    let mut server = Server::start(&[&first, &second]).await;
    let (dir, cache) = open_cache();
    let papers = [
        doc(1, "Chương trình", &first, Classification::Normal),
        doc(2, "Báo cáo", &second, Classification::Normal),
    ];
    cache
        .set_meeting(&meeting("m1"), &papers[..1])
        .expect("set");
    let fetcher = fetcher(&cache, &server.base);
    within(fetcher.fetch(&papers[0])).await.expect("fetched");

    server.shut_down().await;
    cache
        .set_meeting(&meeting("m1"), &papers)
        .expect("a paper more");
    let err = within(fetcher.fetch(&papers[1]))
        .await
        .expect_err("no server");
    assert!(
        matches!(err.kind, FetchErrorKind::Unreachable(_)) && err.is_retryable(),
        "{err}"
    );

    assert_eq!(read_source(&cache, &papers[0].sha256), first);
    drop((fetcher, cache));
    let reopened = PaperCache::open(dir.path()).expect("reopens offline");
    assert_eq!(reopened.current_meeting(), Some(meeting("m1")));
    assert_eq!(read_source(&reopened, &papers[0].sha256), first);
    let progress = reopened.progress();
    assert_eq!((progress.ready, progress.total), (1, 2));
}
