//! A small deterministic random generator (SplitMix64): every simulation takes a seed, and the
//! same input with the same seed gives the same output on every platform, native or wasm.

/// SplitMix64, good enough for picking records and shuffling; not for cryptography.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// A generator for one labelled stream of a seed, so independent choices (each query, each
    /// record type) do not share a sequence.
    pub fn stream(seed: u64, label: &str) -> Self {
        Self::new(seed ^ fnv1a(label.as_bytes()))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (0 when `bound` is 0), without modulo bias worth noticing here.
    pub fn below(&mut self, bound: usize) -> usize {
        if bound == 0 {
            return 0;
        }
        let wide = u128::from(self.next_u64()) * (bound as u128);
        usize::try_from(wide >> 64).unwrap_or(0)
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// `count` distinct items chosen at random, in random order.
    pub fn choose<T: Clone>(&mut self, items: &[T], count: usize) -> Vec<T> {
        self.sample_indexes(items.len(), count)
            .into_iter()
            .filter_map(|i| items.get(i).cloned())
            .collect()
    }

    /// `count` distinct indexes below `n`, in random order, in O(count) time and space
    /// (Floyd's algorithm, then a shuffle), so picking 8 of 1,000 records stays cheap.
    pub fn sample_indexes(&mut self, n: usize, count: usize) -> Vec<usize> {
        let count = count.min(n);
        let mut picked: Vec<usize> = Vec::with_capacity(count);
        for j in (n - count)..n {
            let t = self.below(j + 1);
            if picked.contains(&t) {
                picked.push(j);
            } else {
                picked.push(t);
            }
        }
        self.shuffle(&mut picked);
        picked
    }

    /// Lower-case letters and digits, as AWS uses in operation IDs.
    pub fn alphanumeric(&mut self, length: usize) -> String {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        (0..length)
            .map(|_| {
                char::from(
                    ALPHABET
                        .get(self.below(ALPHABET.len()))
                        .copied()
                        .unwrap_or(b'a'),
                )
            })
            .collect()
    }

    /// Lower-case hex digits, as in ECS task and container-instance IDs.
    pub fn hex(&mut self, length: usize) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        (0..length)
            .map(|_| char::from(HEX.get(self.below(16)).copied().unwrap_or(b'0')))
            .collect()
    }
}

/// FNV-1a, to turn labels and string seeds into numbers.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_seeds_differ() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..4)
            .map({
                let mut r = Rng::new(8);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn choose_gives_distinct_items_and_covers_everything_over_many_draws() {
        let items: Vec<u32> = (0..20).collect();
        let mut seen = [0u32; 20];
        let mut rng = Rng::new(1);
        for _ in 0..2_000 {
            let picked = rng.choose(&items, 8);
            let mut sorted = picked.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), 8);
            for p in picked {
                seen[p as usize] += 1;
            }
        }
        // Each item is picked with probability 8/20: about 800 times in 2,000 draws.
        assert!(seen.iter().all(|&n| (650..950).contains(&n)), "{seen:?}");
    }

    #[test]
    fn sample_indexes_is_uniform_enough() {
        let mut rng = Rng::new(5);
        let mut seen = [0u32; 10];
        for _ in 0..10_000 {
            let picked = rng.sample_indexes(10, 3);
            assert_eq!(picked.len(), 3);
            assert!(picked.iter().all(|&i| i < 10));
            assert!(picked[0] != picked[1] && picked[1] != picked[2] && picked[0] != picked[2]);
            for i in picked {
                seen[i] += 1;
            }
        }
        assert!(
            seen.iter().all(|&n| (2_700..3_300).contains(&n)),
            "{seen:?}"
        );
        assert_eq!(rng.sample_indexes(3, 8).len(), 3);
        assert!(rng.sample_indexes(0, 8).is_empty());
    }

    #[test]
    fn below_and_ids() {
        let mut rng = Rng::new(3);
        assert_eq!(rng.below(0), 0);
        assert!((0..1000).all(|_| rng.below(5) < 5));
        let id = rng.alphanumeric(32);
        assert_eq!(id.len(), 32);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    }
}
