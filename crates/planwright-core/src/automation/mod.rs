//! Automation rules: trigger → conditions → actions, evaluated purely
//! (`event + state → actions`), applied with loop protection and a trace.
//!
//! - `rules.rs`: [`Rule`] and its [`Trigger`], [`Condition`]s and
//!   [`RuleAction`]s;
//! - `trace.rs`: [`Event`]s in, [`Firing`]s, [`Effect`]s and the [`Trace`]
//!   out;
//! - `mod.rs`: [`Automation`]: evaluation and the cascading run.

mod rules;
mod trace;

pub use rules::{CompareOp, Condition, Recipient, Rule, RuleAction, Trigger, priority_at_least};
pub use trace::{Effect, Event, Firing, Notification, Outcome, Trace, TraceStep};

use std::collections::{BTreeSet, VecDeque};

use chrono::NaiveDateTime;

use crate::workflow::{Board, StateCategory, WorkItem};
use crate::{Error, ItemId, Key, StateId};

/// A set of rules.
///
/// # Example
///
/// ```
/// use planwright_core::{Automation, Board, Event, Rule, RuleAction, Trigger, WorkItem, Workflow};
/// # let now = planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap().and_hms_opt(9, 0, 0).unwrap();
///
/// let mut board = Board::new("ops", Workflow::kanban());
/// let rules = Automation::new(vec![
///     Rule::new("triage", Trigger::ItemCreated).then(RuleAction::Transition { to: "ready".into() }),
///     Rule::new("tag-ready", Trigger::StatusChanged { from: None, to: Some("ready".into()) })
///         .then(RuleAction::AddTag("triaged".into())),
/// ])?;
/// let id = board.add_item(WorkItem::new("OPS-1"), now)?;
/// let trace = rules.run(&mut board, Event::ItemCreated { item: id }, now, 5)?;
/// assert_eq!(trace.steps.len(), 2); // triage, then tag-ready fired by its effect
/// assert!(board.item(id).unwrap().tags().contains("triaged"));
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "AutomationRepr", into = "AutomationRepr")
)]
pub struct Automation {
    rules: Vec<Rule>,
}

fn state_key(board: &Board, s: StateId) -> String {
    board
        .workflow()
        .state(s)
        .map(|st| st.key.to_string())
        .unwrap_or_default()
}

/// The serialised form of an [`Automation`], read through
/// [`Automation::new`].
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct AutomationRepr {
    rules: Vec<Rule>,
}

#[cfg(feature = "serde")]
impl From<Automation> for AutomationRepr {
    fn from(a: Automation) -> Self {
        AutomationRepr { rules: a.rules }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<AutomationRepr> for Automation {
    type Error = Error;

    fn try_from(r: AutomationRepr) -> Result<Self, Error> {
        Automation::new(r.rules)
    }
}

impl Automation {
    /// A rule set.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] / [`Error::DuplicateKey`] for rule keys.
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut seen = BTreeSet::new();
        for r in &rules {
            let key = Key::for_entity(crate::Entity::Rule, r.key.as_str())?;
            if !seen.insert(r.key.clone()) {
                return Err(Error::DuplicateKey {
                    entity: crate::Entity::Rule,
                    key,
                });
            }
        }
        Ok(Automation { rules })
    }

    /// The most firings one [`Automation::run`] considers (its total work
    /// limit).
    pub const MAX_STEPS: usize = 10_000;

    /// The rules.
    #[must_use]
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The items an event concerns for a trigger.
    fn items_for(
        &self,
        trigger: &Trigger,
        event: &Event,
        board: &Board,
        now: NaiveDateTime,
    ) -> Vec<ItemId> {
        match (trigger, event) {
            (Trigger::ItemCreated, Event::ItemCreated { item }) => vec![*item],
            (
                Trigger::StatusChanged { from, to },
                Event::StatusChanged {
                    item,
                    from: f,
                    to: t,
                },
            ) => {
                let ok = from.as_ref().is_none_or(|k| state_key(board, *f) == *k)
                    && to.as_ref().is_none_or(|k| state_key(board, *t) == *k);
                if ok { vec![*item] } else { vec![] }
            }
            (Trigger::FieldChanged { field }, Event::FieldChanged { item, field: f })
                if field == f =>
            {
                vec![*item]
            }
            (Trigger::WipLimitReached { state }, Event::StatusChanged { item, to, .. }) => {
                let full = board
                    .wip_report()
                    .iter()
                    .any(|l| l.state == *to && l.limit.max.is_some_and(|m| l.count >= m));
                if full && state.as_ref().is_none_or(|k| state_key(board, *to) == *k) {
                    vec![*item]
                } else {
                    vec![]
                }
            }
            (Trigger::DueWithin { minutes }, Event::Tick) => board
                .items()
                .filter(|(_, it)| {
                    let done = board
                        .workflow()
                        .state(it.state())
                        .is_ok_and(|s| s.category == StateCategory::Done);
                    !done
                        && it.get_due().is_some_and(|d| {
                            // A window past chrono's range covers every date.
                            chrono::Duration::try_minutes(*minutes)
                                .and_then(|w| now.checked_add_signed(w))
                                .is_none_or(|limit| d <= limit)
                        })
                })
                .map(|(id, _)| id)
                .collect(),
            (Trigger::RecurringDue { template }, Event::RecurringDue { item }) => {
                let matches = board
                    .item(*item)
                    .and_then(WorkItem::recurring)
                    .is_some_and(|rid| {
                        template.as_ref().is_none_or(|k| {
                            board
                                .recurring()
                                .nth(rid.index())
                                .is_some_and(|(_, r)| r.key == k.as_str())
                        })
                    });
                if matches { vec![*item] } else { vec![] }
            }
            _ => vec![],
        }
    }

    /// Which rules fire on `event` for which items, with their effects
    /// (templates filled from the item). Pure: nothing changes. In rule
    /// order, then item id order.
    ///
    /// # Complexity
    ///
    /// O(R × (items the trigger selects) × conditions) for R rules.
    #[must_use]
    pub fn evaluate(&self, event: &Event, board: &Board, now: NaiveDateTime) -> Vec<Firing> {
        let mut out = Vec::new();
        for rule in &self.rules {
            for id in self.items_for(&rule.trigger, event, board, now) {
                let Some(item) = board.item(id) else { continue };
                if !rule.condition.holds(item, board) {
                    continue;
                }
                // Effects see the earlier effects of the same firing: a
                // notification to the assignee after an assignment goes to
                // the new assignee.
                let mut assignee: Option<Option<String>> = None;
                let mut effects = Vec::with_capacity(rule.actions.len());
                for a in &rule.actions {
                    if let RuleAction::Assign { person } = a {
                        assignee = Some(person.clone());
                    }
                    if let Some(e) = effect(a, item, assignee.as_ref(), board, &rule.key) {
                        effects.push(e);
                    }
                }
                out.push(Firing {
                    rule: rule.key.clone(),
                    item: id,
                    effects,
                });
            }
        }
        out
    }

    /// Runs the rules on `event` and applies their effects to `board`;
    /// effects yield new events that may fire further rules, breadth first,
    /// up to `max_depth` levels. Within one chain (the cascade started by a
    /// firing of the original event) no rule fires twice: that and the depth
    /// limit stop loops. Effects the board refuses (a transition the
    /// workflow forbids, a full WIP limit) are recorded in the trace; the
    /// run goes on. At most [`Automation::MAX_STEPS`] firings are considered
    /// in one run: rules that trigger each other can otherwise cascade
    /// combinatorially (one chain per order in which they fire); past the
    /// limit the run stops and says so in [`Trace::truncated`].
    ///
    /// # Errors
    ///
    /// None today; the `Result` keeps room for fallible effects.
    ///
    /// # Complexity
    ///
    /// At most [`Automation::MAX_STEPS`] firings, each O(rules × conditions +
    /// effects); memory O(steps × rules) for the chains' fired sets.
    pub fn run(
        &self,
        board: &mut Board,
        event: Event,
        now: NaiveDateTime,
        max_depth: usize,
    ) -> Result<Trace, Error> {
        let mut trace = Trace::default();
        // (event, depth, rules fired in this chain)
        let mut queue: VecDeque<(Event, usize, Option<BTreeSet<String>>)> =
            VecDeque::from([(event, 0, None)]);
        while let Some((ev, depth, chain)) = queue.pop_front() {
            let desc = describe(&ev, board);
            for firing in self.evaluate(&ev, board, now) {
                if trace.steps.len() >= Self::MAX_STEPS {
                    trace.truncated = true;
                    return Ok(trace);
                }
                let item_key = board
                    .item(firing.item)
                    .map(|i| i.key().to_owned())
                    .unwrap_or_default();
                let effects_text: Vec<String> = firing
                    .effects
                    .iter()
                    .map(|e| describe_effect(e, board))
                    .collect();
                let mut fired = chain.clone().unwrap_or_default();
                let outcome = if depth > max_depth {
                    Outcome::DepthLimit
                } else if !fired.insert(firing.rule.clone()) {
                    Outcome::AlreadyFired
                } else {
                    let mut refused = Vec::new();
                    for e in &firing.effects {
                        match apply(board, firing.item, e, now, &mut trace) {
                            Ok(Some(next)) => {
                                queue.push_back((next, depth + 1, Some(fired.clone())))
                            }
                            Ok(None) => {}
                            Err(err) => refused.push(err.to_string()),
                        }
                    }
                    if refused.is_empty() {
                        Outcome::Applied
                    } else {
                        Outcome::PartlyApplied(refused)
                    }
                };
                trace.steps.push(TraceStep {
                    depth,
                    rule: firing.rule.clone(),
                    item: item_key,
                    event: desc.clone(),
                    effects: effects_text,
                    outcome,
                });
            }
        }
        Ok(trace)
    }
}

fn fill(template: &str, item: &WorkItem, board: &Board, rule: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &rest[open + 1..open + close];
        let value = match name {
            "key" => item.key().to_owned(),
            "title" => item.display_title().to_owned(),
            "state" => state_key(board, item.state()),
            "assignee" => item.get_assignee().unwrap_or("nobody").to_owned(),
            "priority" => item.get_priority().to_string(),
            "due" => item
                .get_due()
                .map(|d| d.to_string())
                .unwrap_or_else(|| "no due date".into()),
            "rule" => rule.to_owned(),
            f if f.starts_with("field.") => item
                .fields()
                .get(&f[6..])
                .map(ToString::to_string)
                .unwrap_or_default(),
            other => format!("{{{other}}}"),
        };
        out.push_str(&value);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

fn effect(
    action: &RuleAction,
    item: &WorkItem,
    assignee: Option<&Option<String>>,
    board: &Board,
    rule: &str,
) -> Option<Effect> {
    Some(match action {
        RuleAction::Transition { to } => Effect::Transition(board.workflow().state_id(to)?),
        RuleAction::Assign { person } => Effect::Assign(person.clone()),
        RuleAction::SetField { name, value } => Effect::SetField(name.clone(), value.clone()),
        RuleAction::AddTag(t) => Effect::AddTag(fill(t, item, board, rule)),
        RuleAction::RemoveTag(t) => Effect::RemoveTag(fill(t, item, board, rule)),
        RuleAction::FollowUp {
            suffix,
            title,
            tags,
        } => Effect::FollowUp {
            key: format!("{}-{}", item.key(), fill(suffix, item, board, rule)),
            title: fill(title, item, board, rule),
            tags: tags.clone(),
        },
        RuleAction::Notify { to, message } => Effect::Notify(Notification {
            recipient: match to {
                Recipient::Assignee => match assignee {
                    Some(a) => a.clone()?,
                    None => item.get_assignee()?.to_owned(),
                },
                Recipient::Person(p) => p.clone(),
            },
            message: fill(message, item, board, rule),
            rule: rule.to_owned(),
        }),
    })
}

/// Applies one effect; returns the event it causes.
fn apply(
    board: &mut Board,
    id: ItemId,
    e: &Effect,
    now: NaiveDateTime,
    trace: &mut Trace,
) -> Result<Option<Event>, Error> {
    Ok(match e {
        Effect::Transition(to) => {
            let from = board
                .item(id)
                .map(WorkItem::state)
                .ok_or(Error::UnknownId {
                    entity: crate::Entity::Item,
                    id: id.get(),
                })?;
            if from == *to {
                return Ok(None);
            }
            board.move_item(id, *to, now)?;
            Some(Event::StatusChanged {
                item: id,
                from,
                to: *to,
            })
        }
        Effect::Assign(p) => {
            board.set_assignee(id, p.clone())?;
            Some(Event::FieldChanged {
                item: id,
                field: "assignee".into(),
            })
        }
        Effect::SetField(name, value) => {
            board.set_field(id, name, Some(value.clone()))?;
            Some(Event::FieldChanged {
                item: id,
                field: name.clone(),
            })
        }
        Effect::AddTag(t) => board.add_tag(id, t)?.then(|| Event::FieldChanged {
            item: id,
            field: "tags".into(),
        }),
        Effect::RemoveTag(t) => board.remove_tag(id, t)?.then(|| Event::FieldChanged {
            item: id,
            field: "tags".into(),
        }),
        Effect::FollowUp { key, title, tags } => {
            let mut item = WorkItem::new(key.clone()).title(title.clone());
            for t in tags {
                item = item.tag(t.clone());
            }
            let new = board.add_item(item, now)?;
            trace.created.push(new);
            Some(Event::ItemCreated { item: new })
        }
        Effect::Notify(n) => {
            trace.notifications.push(n.clone());
            None
        }
    })
}

fn describe(ev: &Event, board: &Board) -> String {
    let key = |id: &ItemId| {
        board
            .item(*id)
            .map(|i| i.key().to_owned())
            .unwrap_or_default()
    };
    match ev {
        Event::ItemCreated { item } => format!("{} created", key(item)),
        Event::StatusChanged { item, from, to } => {
            format!(
                "{} moved {} -> {}",
                key(item),
                state_key(board, *from),
                state_key(board, *to)
            )
        }
        Event::FieldChanged { item, field } => format!("{} changed {field}", key(item)),
        Event::Tick => "time check".to_owned(),
        Event::RecurringDue { item } => format!("{} spawned", key(item)),
    }
}

fn describe_effect(e: &Effect, board: &Board) -> String {
    match e {
        Effect::Transition(s) => format!("move to {}", state_key(board, *s)),
        Effect::Assign(Some(p)) => format!("assign {p}"),
        Effect::Assign(None) => "unassign".to_owned(),
        Effect::SetField(n, v) => format!("set {n} = {v}"),
        Effect::AddTag(t) => format!("tag {t}"),
        Effect::RemoveTag(t) => format!("untag {t}"),
        Effect::FollowUp { key, .. } => format!("create {key}"),
        Effect::Notify(n) => format!("notify {}: {}", n.recipient, n.message),
    }
}
