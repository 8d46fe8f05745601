//! The model's list of the entities of one kind: each file's entities, as that file was
//! lowered, one after the other in path order. The entities are never copied into one
//! list: the model is the lowered files, chained.

/// Entities numbered from 0 across the files' lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityList<T> {
    /// Each file's entities (files with none are left out).
    parts: Vec<Vec<T>>,
    /// Where each part starts in the numbering.
    starts: Vec<usize>,
    /// The part of each entity, so that finding one by its number is a lookup (rules
    /// read entities by number, references lead anywhere).
    part_of: Vec<u32>,
    len: usize,
}

impl<T> Default for EntityList<T> {
    fn default() -> Self {
        EntityList {
            parts: Vec::new(),
            starts: Vec::new(),
            part_of: Vec::new(),
            len: 0,
        }
    }
}

impl<T> EntityList<T> {
    /// Add a file's entities after the others.
    pub fn append(&mut self, part: Vec<T>) {
        if !part.is_empty() {
            let number = self.parts.len() as u32;
            self.part_of.extend(std::iter::repeat_n(number, part.len()));
            self.starts.push(self.len);
            self.len += part.len();
            self.parts.push(part);
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, index: usize) -> Option<&T> {
        let part = *self.part_of.get(index)? as usize;
        self.parts[part].get(index - self.starts[part])
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone + '_ {
        self.parts.iter().flatten()
    }

    pub fn first(&self) -> Option<&T> {
        self.parts.first().and_then(|p| p.first())
    }

    /// The files' lists, for work on each in parallel.
    pub(super) fn parts_mut(&mut self) -> &mut [Vec<T>] {
        &mut self.parts
    }
}

impl<T> std::ops::Index<usize> for EntityList<T> {
    type Output = T;
    fn index(&self, index: usize) -> &T {
        self.get(index).expect("an entity id is within its list")
    }
}

impl<'a, T> IntoIterator for &'a EntityList<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<T>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.parts.iter().flatten()
    }
}

impl<T> FromIterator<T> for EntityList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut list = EntityList::default();
        list.append(iter.into_iter().collect());
        list
    }
}

#[cfg(test)]
mod tests {
    use super::EntityList;

    #[test]
    fn entities_are_numbered_across_the_parts() {
        let mut list = EntityList::default();
        list.append(vec!['a', 'b']);
        list.append(vec![]);
        list.append(vec!['c']);
        list.append(vec!['d', 'e', 'f']);
        assert_eq!(list.len(), 6);
        let all: String = list.iter().collect();
        assert_eq!(all, "abcdef");
        for (i, c) in all.chars().enumerate() {
            assert_eq!(list[i], c);
        }
        assert_eq!(list.get(6), None);
        assert_eq!(list.iter().next_back(), Some(&'f'));
        assert!(EntityList::<char>::default().get(0).is_none());
    }
}
