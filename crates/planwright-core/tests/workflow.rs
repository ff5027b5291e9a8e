use chrono::Duration as Elapsed;
use planwright_core::{
    Board, Calendar, Error, NonWorkingDay, Recurrence, RecurringWork, StateCategory, WipLimit,
    WipStatus, WorkItem, Workflow,
};
use proptest::prelude::*;

use crate::{date, dt};

fn small_workflow() -> Workflow {
    let mut wf = Workflow::new("wf");
    let todo = wf.add_state("todo", StateCategory::ToDo).unwrap();
    let doing = wf.add_state("doing", StateCategory::InProgress).unwrap();
    let done = wf.add_state("done", StateCategory::Done).unwrap();
    wf.allow(todo, doing).unwrap();
    wf.allow(doing, todo).unwrap();
    wf.allow(doing, done).unwrap();
    wf.set_wip(doing, WipLimit::between(1, 2)).unwrap();
    wf
}

#[test]
fn transitions_wip_and_history() {
    let mut b = Board::new("b", small_workflow());
    let t0 = dt(2026, 11, 2, 9, 0);
    let ids: Vec<_> = (0..3)
        .map(|i| b.add_item(WorkItem::new(format!("I-{i}")), t0).unwrap())
        .collect();
    assert_eq!(b.wip_report()[1].status, WipStatus::Starved);
    b.move_item_to(ids[0], "doing", t0).unwrap();
    b.move_item_to(ids[1], "doing", t0).unwrap();
    assert_eq!(b.wip_report()[1].status, WipStatus::Full);
    let err = b.move_item_to(ids[2], "doing", t0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "moving `I-2` to `doing` would exceed its WIP limit of 2"
    );
    let err = b.move_item_to(ids[2], "done", t0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`I-2` cannot move from `todo` to `done`: the workflow does not allow it"
    );
    let err = b
        .move_item_to(ids[0], "done", t0 - Elapsed::minutes(1))
        .unwrap_err();
    assert!(matches!(err, Error::TimeWentBackwards { .. }));
    b.move_item_to(ids[0], "done", t0 + Elapsed::hours(5))
        .unwrap();
    let h = b.item(ids[0]).unwrap().history();
    assert_eq!(h.len(), 3);
    assert_eq!(h[0].from, None);
    assert_eq!(b.count_in(b.workflow().state_id("done").unwrap()), 1);
    assert!(matches!(
        b.add_item(WorkItem::new("I-0"), t0),
        Err(Error::DuplicateKey { .. })
    ));
    assert!(matches!(
        b.move_item_to(ids[1], "nope", t0),
        Err(Error::UnknownKey { .. })
    ));
    let mut wf = small_workflow();
    assert!(matches!(
        wf.set_wip(planwright_core::StateId::new(0), WipLimit::between(3, 2)),
        Err(Error::InvalidWipLimit { .. })
    ));
}

#[test]
fn recurring_work_spawns_once_per_occurrence_on_working_days() {
    let mut b = Board::new("ops", Workflow::kanban());
    let cal = Calendar::standard("c").with_holiday(date(2026, 12, 1));
    let rule = Recurrence::daily(date(2026, 11, 27), 1).on_non_working(NonWorkingDay::Skip);
    b.add_recurring(
        RecurringWork::new("standup", "Stand-up", rule)
            .unwrap()
            .tag("ritual"),
    )
    .unwrap();
    let now = dt(2026, 11, 26, 8, 0);
    let made = b
        .spawn_recurring(date(2026, 11, 26), date(2026, 12, 2), Some(&cal), now)
        .unwrap();
    let keys: Vec<&str> = made.iter().map(|&i| b.item(i).unwrap().key()).collect();
    assert_eq!(
        keys,
        [
            "standup-2026-11-27",
            "standup-2026-11-30",
            "standup-2026-12-02"
        ]
    );
    assert!(
        b.spawn_recurring(date(2026, 11, 26), date(2026, 12, 2), Some(&cal), now)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        b.item(made[0]).unwrap().get_due(),
        Some(dt(2026, 11, 27, 17, 0))
    );
    assert!(b.item(made[0]).unwrap().tags().contains("ritual"));
}

#[cfg(feature = "serde")]
#[test]
fn board_serde_round_trip_and_tamper_detection() {
    let mut b = Board::new("b", small_workflow());
    let t0 = dt(2026, 11, 2, 9, 0);
    let i = b
        .add_item(
            WorkItem::new("X-1")
                .title("x")
                .field("size", planwright_core::FieldValue::Number(3)),
            t0,
        )
        .unwrap();
    b.move_item_to(i, "doing", t0 + Elapsed::hours(1)).unwrap();
    let json = serde_json::to_string(&b).unwrap();
    let back: Board = serde_json::from_str(&json).unwrap();
    assert_eq!(back, b);
    let mut v = serde_json::to_value(&b).unwrap();
    v["items"][0]["state"] = serde_json::json!(2);
    let err = serde_json::from_value::<Board>(v).unwrap_err().to_string();
    assert!(err.contains("not the last recorded change"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[cfg(feature = "serde")]
    /// Random moves at random times: history stays ordered, the state is the
    /// last change, counts match, and no state exceeds its maximum.
    #[test]
    fn workflow_invariants(ops in prop::collection::vec((0usize..4, 0usize..3, -30i64..120), 0..60)) {
        let mut b = Board::new("b", small_workflow());
        let mut now = dt(2026, 11, 2, 9, 0);
        for k in 0..4 {
            b.add_item(WorkItem::new(format!("I-{k}")), now).unwrap();
        }
        for (item, state, step) in ops {
            now += Elapsed::minutes(step);
            let id = planwright_core::ItemId::new(item as u32);
            let before = b.item(id).unwrap().history().len();
            match b.move_item(id, planwright_core::StateId::new(state as u32), now) {
                Ok(()) => prop_assert_eq!(b.item(id).unwrap().history().len(), before + 1),
                Err(_) => prop_assert_eq!(b.item(id).unwrap().history().len(), before),
            }
        }
        for (_, it) in b.items() {
            let h = it.history();
            prop_assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
            prop_assert_eq!(h.last().unwrap().to, it.state());
            prop_assert!(h.windows(2).all(|w| w[1].from == Some(w[0].to) && b.workflow().allows(w[0].to, w[1].to)));
        }
        for line in b.wip_report() {
            let actual = b.items().filter(|(_, it)| it.state() == line.state).count() as u32;
            prop_assert_eq!(actual, line.count);
            if let Some(max) = line.limit.max { prop_assert!(line.count <= max); }
        }
        #[cfg(feature = "serde")]
        {
            let back: Board = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
            prop_assert_eq!(back, b);
        }
    }
}
