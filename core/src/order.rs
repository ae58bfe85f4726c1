//! A sort without the standard library's: each `sort_unstable` instantiation is 2 to 3.5 KB of
//! wasm, and the npm package has a size budget. Heapsort takes O(n log n) in every case (a
//! hostile request may hold a million items) in a few hundred bytes, and allocates nothing.

/// Sorts `items` ascending by `less`, not stably.
pub fn heap_sort_by<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    let len = items.len();
    for start in (0..len / 2).rev() {
        sift_down(items, start, len, &less);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end, &less);
    }
}

/// Moves `items[root]` down the heap `items[..end]` until its children are not greater.
fn sift_down<T>(items: &mut [T], mut root: usize, end: usize, less: &impl Fn(&T, &T) -> bool) {
    let heap = items.get_mut(..end).unwrap_or_default();
    loop {
        let mut child = 2 * root + 1;
        let (Some(left), right) = (heap.get(child), heap.get(child + 1)) else {
            return;
        };
        if right.is_some_and(|right| less(left, right)) {
            child += 1;
        }
        match (heap.get(root), heap.get(child)) {
            (Some(parent), Some(greater)) if less(parent, greater) => heap.swap(root, child),
            _ => return,
        }
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut rng = Rng::new(7);
        for len in [0, 1, 2, 3, 10, 101, 1000] {
            let mut items: Vec<usize> = (0..len).map(|_| rng.below(50)).collect();
            let mut expected = items.clone();
            expected.sort_unstable();
            heap_sort_by(&mut items, |a, b| a < b);
            assert_eq!(items, expected, "{len}");
        }
        let mut words = vec!["SRV", "A", "CNAME", "AAAA", "A"];
        heap_sort_by(&mut words, |a, b| a < b);
        assert_eq!(words, ["A", "A", "AAAA", "CNAME", "SRV"]);
    }
}
