//! The seat's local store. The session itself is tested against a real
//! controller in `tests/tests/room/kiosk.rs`.

use protocol::ids::{DocumentId, MeetingId};

use super::{SeatStore, Stroke};

fn ids() -> (MeetingId, DocumentId) {
    (
        MeetingId::new("m-1").expect("id"),
        DocumentId::new("d-1").expect("id"),
    )
}

#[test]
fn notes_and_ink_survive_reopening_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (m, d) = ids();
    {
        let store = SeatStore::open(dir.path()).expect("opens");
        store
            .set_note(&m, &d, 3, "Đề nghị sửa điều 5", 1)
            .expect("saves");
        let stroke = Stroke {
            points: vec![(0.1, 0.2), (0.3, 0.4)],
            width: 0.004,
            color: [200, 0, 0],
        };
        store.add_stroke(&m, &d, 3, &stroke).expect("saves");
        store.add_stroke(&m, &d, 7, &stroke).expect("saves");
    }
    let store = SeatStore::open(dir.path()).expect("reopens");
    assert_eq!(store.note(&m, &d, 3).expect("reads"), "Đề nghị sửa điều 5");
    assert_eq!(store.strokes(&m, &d, 3).expect("reads").len(), 1);
    assert_eq!(store.annotated_pages(&m, &d).expect("reads"), vec![3, 7]);
}

#[test]
fn undo_removes_the_newest_stroke_only_and_an_empty_note_is_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (m, d) = ids();
    let store = SeatStore::open(dir.path()).expect("opens");
    for x in [0.1, 0.5] {
        let s = Stroke {
            points: vec![(x, x)],
            width: 0.01,
            color: [0, 0, 0],
        };
        store.add_stroke(&m, &d, 1, &s).expect("saves");
    }
    assert!(store.undo_stroke(&m, &d, 1).expect("undoes"));
    let left = store.strokes(&m, &d, 1).expect("reads");
    assert_eq!(left.len(), 1);
    assert!((left[0].points[0].0 - 0.1).abs() < f32::EPSILON);
    assert!(store.undo_stroke(&m, &d, 1).expect("undoes"));
    assert!(!store.undo_stroke(&m, &d, 1).expect("nothing left"));

    store.set_note(&m, &d, 2, "x", 1).expect("saves");
    store.set_note(&m, &d, 2, "  ", 2).expect("clears");
    assert_eq!(store.note(&m, &d, 2).expect("reads"), "");
    assert!(store.annotated_pages(&m, &d).expect("reads").is_empty());
}

#[test]
fn notes_of_one_meeting_do_not_show_in_another() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (m, d) = ids();
    let other = MeetingId::new("m-2").expect("id");
    let store = SeatStore::open(dir.path()).expect("opens");
    store.set_note(&m, &d, 1, "riêng", 1).expect("saves");
    assert_eq!(store.note(&other, &d, 1).expect("reads"), "");
}
