//! Named iterator types returned by the containers.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::{Task, TaskId};

/// The items of a container with their ids, in id order: what
/// [`Project::tasks`](crate::Project::tasks),
/// [`Project::resources`](crate::Project::resources),
/// [`Board::items`](crate::Board::items) and the other listings return.
pub struct Entries<'a, I, T> {
    inner: core::iter::Enumerate<core::slice::Iter<'a, T>>,
    id: PhantomData<fn() -> I>,
}

impl<'a, I, T> Entries<'a, I, T> {
    /// The entries of a slice whose positions are the ids.
    #[must_use]
    pub fn new(items: &'a [T]) -> Self {
        Entries {
            inner: items.iter().enumerate(),
            id: PhantomData,
        }
    }
}

impl<I, T> Clone for Entries<'_, I, T> {
    fn clone(&self) -> Self {
        Entries {
            inner: self.inner.clone(),
            id: PhantomData,
        }
    }
}

impl<I, T> fmt::Debug for Entries<'_, I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entries")
            .field("remaining", &self.inner.len())
            .finish()
    }
}

impl<'a, I: From<u32>, T> Iterator for Entries<'a, I, T> {
    type Item = (I, &'a T);

    fn next(&mut self) -> Option<Self::Item> {
        // Containers hold at most `u32::MAX` items (ids are issued checked).
        self.inner.next().map(|(i, t)| (I::from(i as u32), t))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<Self::Item> {
        self.inner.nth(n).map(|(i, t)| (I::from(i as u32), t))
    }
}

impl<I: From<u32>, T> DoubleEndedIterator for Entries<'_, I, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back().map(|(i, t)| (I::from(i as u32), t))
    }
}

impl<I: From<u32>, T> ExactSizeIterator for Entries<'_, I, T> {}

impl<I: From<u32>, T> FusedIterator for Entries<'_, I, T> {}

/// The direct children of a summary task, in id order
/// ([`Project::children`](crate::Project::children)).
#[derive(Clone, Debug)]
pub struct Children<'a> {
    pub(crate) tasks: Entries<'a, TaskId, Task>,
    pub(crate) parent: TaskId,
}

impl Iterator for Children<'_> {
    type Item = TaskId;

    fn next(&mut self) -> Option<TaskId> {
        let parent = self.parent;
        self.tasks
            .find(|(_, t)| t.parent == Some(parent))
            .map(|(id, _)| id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.tasks.size_hint().1)
    }
}

impl FusedIterator for Children<'_> {}
