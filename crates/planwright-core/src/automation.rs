//! Automation rules: trigger → conditions → actions, evaluated purely
//! (`event + state → actions`), applied with loop protection and a trace.

use core::fmt;
use std::collections::{BTreeSet, VecDeque};

use chrono::NaiveDateTime;

use crate::workflow::{Board, FieldValue, StateCategory, WorkItem};
use crate::{Error, ItemId, Key, Priority, StateId};

/// What starts a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Trigger {
    /// An item was created.
    ItemCreated,
    /// An item changed state; `None` matches any state.
    StatusChanged {
        /// Previous state key.
        from: Option<String>,
        /// New state key.
        to: Option<String>,
    },
    /// A field, tag set (`tags`) or assignee (`assignee`) changed.
    FieldChanged {
        /// The field's name.
        field: String,
    },
    /// On a [`Event::Tick`]: an unfinished item is due within this many
    /// minutes of `now` (or overdue).
    DueWithin {
        /// The window in minutes.
        minutes: i64,
    },
    /// An item entered a state that is now at its WIP maximum.
    WipLimitReached {
        /// Only this state (`None`: any).
        state: Option<String>,
    },
    /// A recurring occurrence was spawned.
    RecurringDue {
        /// Only this template key (`None`: any).
        template: Option<String>,
    },
}

/// A comparison operator of a [`Condition::Field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// At most.
    Le,
    /// Greater than.
    Gt,
    /// At least.
    Ge,
    /// Text contains.
    Contains,
}

impl CompareOp {
    fn test(self, a: &FieldValue, b: &FieldValue) -> bool {
        use FieldValue::*;
        let ord = match (a, b) {
            (Text(x), Text(y)) if self == CompareOp::Contains => return x.contains(y.as_str()),
            (Text(x), Text(y)) => x.cmp(y),
            (Number(x), Number(y)) => x.cmp(y),
            (Flag(x), Flag(y)) => x.cmp(y),
            (Date(x), Date(y)) => x.cmp(y),
            _ => return self == CompareOp::Ne,
        };
        match self {
            CompareOp::Eq => ord.is_eq(),
            CompareOp::Ne => ord.is_ne(),
            CompareOp::Lt => ord.is_lt(),
            CompareOp::Le => ord.is_le(),
            CompareOp::Gt => ord.is_gt(),
            CompareOp::Ge => ord.is_ge(),
            CompareOp::Contains => false,
        }
    }
}

/// A condition on the item a rule fires for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Condition {
    /// Always true.
    Always,
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A custom field compares to a value (a missing field only satisfies
    /// `Ne`).
    Field {
        /// Field name.
        name: String,
        /// Operator.
        op: CompareOp,
        /// Value.
        value: FieldValue,
    },
    /// The item has the tag.
    Tag(String),
    /// The item's priority compares to a value.
    Priority {
        /// Operator.
        op: CompareOp,
        /// Value, 0–1000.
        value: u16,
    },
    /// The item's assignee is this person (`None`: unassigned).
    Assignee(Option<String>),
    /// The item is in this state.
    State(String),
}

impl Condition {
    fn holds(&self, item: &WorkItem, board: &Board) -> bool {
        match self {
            Condition::Always => true,
            Condition::All(v) => v.iter().all(|c| c.holds(item, board)),
            Condition::Any(v) => v.iter().any(|c| c.holds(item, board)),
            Condition::Not(c) => !c.holds(item, board),
            Condition::Field { name, op, value } => match item.fields().get(name) {
                Some(v) => op.test(v, value),
                None => *op == CompareOp::Ne,
            },
            Condition::Tag(t) => item.tags().contains(t),
            Condition::Priority { op, value } => op.test(
                &FieldValue::Number(i64::from(item.priority_value().value())),
                &FieldValue::Number(i64::from(*value)),
            ),
            Condition::Assignee(p) => item.assignee_key() == p.as_deref(),
            Condition::State(s) => board
                .workflow()
                .state(item.state())
                .is_ok_and(|st| st.key == s.as_str()),
        }
    }
}

/// Who receives a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Recipient {
    /// The item's assignee (skipped when unassigned).
    Assignee,
    /// A named person or channel.
    Person(String),
}

/// What a rule does. Text may use placeholders filled from the item:
/// `{key}`, `{title}`, `{state}`, `{assignee}`, `{priority}`, `{due}`,
/// `{rule}` and `{field.NAME}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RuleAction {
    /// Move the item to a state.
    Transition {
        /// State key.
        to: String,
    },
    /// Assign (or unassign) the item.
    Assign {
        /// Person key.
        person: Option<String>,
    },
    /// Set a custom field.
    SetField {
        /// Field name.
        name: String,
        /// Value.
        value: FieldValue,
    },
    /// Add a tag.
    AddTag(String),
    /// Remove a tag.
    RemoveTag(String),
    /// Create a follow-up item keyed `{key}-{suffix}`.
    FollowUp {
        /// Key suffix.
        suffix: String,
        /// Title template.
        title: String,
        /// Tags of the new item.
        tags: Vec<String>,
    },
    /// Emit a notification intent (the application delivers it).
    Notify {
        /// Recipient.
        to: Recipient,
        /// Message template.
        message: String,
    },
}

/// An automation rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Rule {
    /// Unique key.
    pub key: String,
    /// When it starts.
    pub trigger: Trigger,
    /// What must hold for the item.
    pub condition: Condition,
    /// What it does, in order.
    pub actions: Vec<RuleAction>,
}

impl Rule {
    /// A rule without conditions or actions yet.
    #[must_use]
    pub fn new(key: impl Into<String>, trigger: Trigger) -> Self {
        Rule {
            key: key.into(),
            trigger,
            condition: Condition::Always,
            actions: Vec::new(),
        }
    }

    /// Sets the condition.
    #[must_use]
    pub fn when(mut self, condition: Condition) -> Self {
        self.condition = condition;
        self
    }

    /// Adds an action.
    #[must_use]
    pub fn then(mut self, action: RuleAction) -> Self {
        self.actions.push(action);
        self
    }
}

/// Something that happened on a board.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Event {
    /// An item was created.
    ItemCreated {
        /// The item.
        item: ItemId,
    },
    /// An item changed state.
    StatusChanged {
        /// The item.
        item: ItemId,
        /// Previous state.
        from: StateId,
        /// New state.
        to: StateId,
    },
    /// A field changed.
    FieldChanged {
        /// The item.
        item: ItemId,
        /// The field (`tags`, `assignee` for those).
        field: String,
    },
    /// Time passed: due-date rules look at every item.
    Tick,
    /// A recurring occurrence was spawned as `item`.
    RecurringDue {
        /// The new item.
        item: ItemId,
    },
}

/// A notification intent for the application to deliver.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Notification {
    /// Who.
    pub recipient: String,
    /// What.
    pub message: String,
    /// The rule that sent it.
    pub rule: String,
}

/// A concrete action, templates filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Effect {
    /// Move to a state.
    Transition(StateId),
    /// Assign.
    Assign(Option<String>),
    /// Set a field.
    SetField(String, FieldValue),
    /// Add a tag.
    AddTag(String),
    /// Remove a tag.
    RemoveTag(String),
    /// Create an item.
    FollowUp {
        /// Its key.
        key: String,
        /// Its title.
        title: String,
        /// Its tags.
        tags: Vec<String>,
    },
    /// Notify.
    Notify(Notification),
}

/// A rule firing for an item, with its effects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Firing {
    /// The rule.
    pub rule: String,
    /// The item.
    pub item: ItemId,
    /// What it does.
    pub effects: Vec<Effect>,
}

/// What happened to a firing when applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Outcome {
    /// Every effect was applied.
    Applied,
    /// Some effects were refused by the board (the message says which and
    /// why); the others were applied.
    PartlyApplied(Vec<String>),
    /// Not run: the rule already fired in this chain.
    AlreadyFired,
    /// Not run: the chain reached the depth limit.
    DepthLimit,
}

/// One line of a [`Trace`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TraceStep {
    /// 0 for rules fired by the original event, 1 for rules fired by their
    /// effects, and so on.
    pub depth: usize,
    /// The rule.
    pub rule: String,
    /// The item's key.
    pub item: String,
    /// The event, in words.
    pub event: String,
    /// The effects, in words.
    pub effects: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
}

impl fmt::Display for TraceStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} on {} ({}): {}",
            "  ".repeat(self.depth),
            self.rule,
            self.item,
            self.event,
            self.effects.join("; ")
        )?;
        match &self.outcome {
            Outcome::Applied => Ok(()),
            Outcome::PartlyApplied(e) => write!(f, " [refused: {}]", e.join("; ")),
            Outcome::AlreadyFired => f.write_str(" [skipped: already fired in this chain]"),
            Outcome::DepthLimit => f.write_str(" [skipped: depth limit]"),
        }
    }
}

/// Everything a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Trace {
    /// Every firing considered, in order.
    pub steps: Vec<TraceStep>,
    /// Notification intents.
    pub notifications: Vec<Notification>,
    /// Items created by follow-ups.
    pub created: Vec<ItemId>,
}

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

impl Automation {
    /// A rule set.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] / [`Error::DuplicateKey`] for rule keys.
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut seen = BTreeSet::new();
        for r in &rules {
            let key = Key::new(r.key.as_str())?;
            if !seen.insert(r.key.clone()) {
                return Err(Error::DuplicateKey {
                    entity: crate::Entity::Key,
                    key,
                });
            }
        }
        Ok(Automation { rules })
    }

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
                        && it
                            .due_date()
                            .is_some_and(|d| d <= now + chrono::Duration::minutes(*minutes))
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
    /// run goes on.
    ///
    /// # Errors
    ///
    /// None today; the `Result` keeps room for fallible effects.
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
            "assignee" => item.assignee_key().unwrap_or("nobody").to_owned(),
            "priority" => item.priority_value().to_string(),
            "due" => item
                .due_date()
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
                    None => item.assignee_key()?.to_owned(),
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

/// Priority helper for conditions: `Condition::Priority { op: Ge, value }`.
#[must_use]
pub fn priority_at_least(p: Priority) -> Condition {
    Condition::Priority {
        op: CompareOp::Ge,
        value: p.value(),
    }
}
