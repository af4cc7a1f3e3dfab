//! An ordered parallel map over a batch, on scoped threads: bulk commands use every core while
//! keeping their output in input order. No async runtime and no thread pool to start.

use std::num::NonZeroUsize;
use std::thread;

/// Batches smaller than this run on the calling thread: spawning would cost more than it saves.
const MIN_PARALLEL: usize = 64;

/// How many threads bulk work uses: the machine's cores.
pub fn threads() -> usize {
    thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// Applies `f` to every item, on up to `threads` threads, and returns the results in order.
pub fn map_ordered<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    if threads <= 1 || items.len() < MIN_PARALLEL {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let out = map_ordered(&items, 4, |x| x * 2);
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(map_ordered(&items[..3], 4, |x| *x), vec![0, 1, 2]);
    }
}
