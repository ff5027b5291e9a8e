//! Resources: people, teams, equipment.

use std::collections::BTreeMap;

use crate::{CalendarId, Money, Units};

/// What kind of resource this is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ResourceKind {
    /// A person.
    #[default]
    Person,
    /// A team or pool of interchangeable people.
    Team,
    /// A machine, room or other equipment.
    Equipment,
}

/// A resource of a [`Project`](crate::Project): capacity, calendar, cost rate
/// and skills.
///
/// # Example
///
/// ```
/// use planwright_core::{Money, Project, Resource, Units};
///
/// let mut project = Project::new("p");
/// let team = project.add_resource(
///     Resource::team("testers")
///         .capacity(Units::percent(300))
///         .rate(Money::major(70))
///         .skill("testing", 4),
/// )?;
/// assert_eq!(project.resource(team).unwrap().capacity, Units::percent(300));
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Resource {
    /// Unique key within the project.
    pub key: String,
    /// Display name (the key when empty).
    pub name: String,
    /// Person, team or equipment.
    pub kind: ResourceKind,
    /// Maximum units available at once (100 % = one full-time unit).
    pub capacity: Units,
    /// Resource calendar; the project calendar when `None`.
    pub calendar: Option<CalendarId>,
    /// Cost per working hour at 100 %.
    pub rate: Money,
    /// Skills with levels 1 (novice) to 5 (expert).
    pub skills: BTreeMap<String, u8>,
}

impl Resource {
    fn with_kind(key: String, kind: ResourceKind) -> Self {
        Resource {
            key,
            name: String::new(),
            kind,
            capacity: Units::FULL,
            calendar: None,
            rate: Money::ZERO,
            skills: BTreeMap::new(),
        }
    }

    /// A person, full time.
    #[must_use]
    pub fn person(key: impl Into<String>) -> Self {
        Resource::with_kind(key.into(), ResourceKind::Person)
    }

    /// A team; set its size with [`Resource::capacity`].
    #[must_use]
    pub fn team(key: impl Into<String>) -> Self {
        Resource::with_kind(key.into(), ResourceKind::Team)
    }

    /// A piece of equipment.
    #[must_use]
    pub fn equipment(key: impl Into<String>) -> Self {
        Resource::with_kind(key.into(), ResourceKind::Equipment)
    }

    /// The display name: `name`, or the key when the name is empty.
    #[must_use]
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.key
        } else {
            &self.name
        }
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the maximum units.
    #[must_use]
    pub fn capacity(mut self, capacity: Units) -> Self {
        self.capacity = capacity;
        self
    }

    /// Uses a resource calendar.
    #[must_use]
    pub fn calendar(mut self, calendar: CalendarId) -> Self {
        self.calendar = Some(calendar);
        self
    }

    /// Sets the hourly cost rate.
    #[must_use]
    pub fn rate(mut self, rate: Money) -> Self {
        self.rate = rate;
        self
    }

    /// Adds a skill at a level (1–5).
    #[must_use]
    pub fn skill(mut self, skill: impl Into<String>, level: u8) -> Self {
        self.skills.insert(skill.into(), level);
        self
    }

    /// The resource's level in `skill`, 0 when it lacks it.
    #[must_use]
    pub fn skill_level(&self, skill: &str) -> u8 {
        self.skills.get(skill).copied().unwrap_or(0)
    }
}
