//! Dense typed ids: one `u32` newtype per entity, issued by its container.

/// Defines a dense `u32` id newtype.
///
/// Ids are issued by their container in insertion order starting at 0 and are
/// never reused. An id from another container is not detected by the type
/// system; containers answer `None` or an error for ids they never issued.
#[macro_export]
#[doc(hidden)]
macro_rules! define_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(u32);

        impl $name {
            /// Creates the id with the given dense index.
            ///
            /// Ids are normally issued by their container; this constructor
            /// exists for engines that store ids in arrays.
            #[must_use]
            pub const fn new(index: u32) -> Self {
                Self(index)
            }

            /// The dense index of this id (0, 1, 2, ... in insertion order).
            #[must_use]
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The raw `u32` value.
            #[must_use]
            pub const fn get(self) -> u32 {
                self.0
            }

            /// The id for a `usize` index, or `None` when it does not fit in `u32`.
            #[must_use]
            pub fn from_index(index: usize) -> Option<Self> {
                u32::try_from(index).ok().map(Self)
            }
        }

        impl From<u32> for $name {
            fn from(index: u32) -> Self {
                Self(index)
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "#{}", self.0)
            }
        }
    };
}

define_id!(
    /// Identifies a task, milestone or summary task within a [`Project`](crate::Project).
    TaskId
);
define_id!(
    /// Identifies a resource (person, team, machine) within a [`Project`](crate::Project).
    ResourceId
);
define_id!(
    /// Identifies a calendar within a [`Project`](crate::Project).
    CalendarId
);
define_id!(
    /// Identifies a dependency link within a [`Project`](crate::Project).
    LinkId
);
define_id!(
    /// Identifies a baseline snapshot within a [`Project`](crate::Project).
    BaselineId
);
define_id!(
    /// Identifies a stakeholder within a [`Project`](crate::Project).
    StakeholderId
);
define_id!(
    /// Identifies a state of a [`Workflow`](crate::Workflow).
    StateId
);
define_id!(
    /// Identifies a work item on a [`Board`](crate::Board).
    ItemId
);
define_id!(
    /// Identifies a recurring work template on a [`Board`](crate::Board).
    RecurringId
);
