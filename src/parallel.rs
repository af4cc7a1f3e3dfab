//! An ordered parallel map over a batch, on scoped threads: bulk commands use every core while
//! keeping their output in input order. No async runtime and no thread pool to start.

use std::num::NonZeroUsize;
use std::sync::{Mutex, OnceLock};
use std::thread;

/// Batches smaller than this run on the calling thread: spawning would cost more than it saves.
const MIN_PARALLEL: usize = 64;

/// Most threads bulk work uses.
const MAX_THREADS: usize = 8;

/// How many threads bulk work on `items` items uses: one for a batch smaller than
/// [`MIN_PARALLEL`], else the machine's cores (at most [`MAX_THREADS`]). The system is asked once
/// per process, and only for a batch big enough to share: on Linux that reads the cgroup CPU quota,
/// which a one-token decode has no use for.
pub fn threads_for(items: usize) -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    if items < MIN_PARALLEL {
        return 1;
    }
    *CORES.get_or_init(|| {
        thread::available_parallelism().map_or(1, |n| NonZeroUsize::get(n).min(MAX_THREADS))
    })
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

/// Splits `items` into chunks of about `chunk` items, one per element of `scratch` (chunks grow
/// when there are not enough), and applies `f` to each chunk and its scratch value on `threads`
/// threads that take the chunks in turn, so that no thread idles while another has a long queue.
/// Meanwhile the calling thread runs `side` (to read the next batch), then takes chunks too.
/// Returns the chunk results in order, and `side`'s result.
pub fn map_chunks_shared<T, B, R, F, S, G>(
    items: &[T],
    chunk: usize,
    scratch: &mut [B],
    threads: usize,
    f: F,
    side: G,
) -> (Vec<R>, S)
where
    T: Sync,
    B: Send,
    R: Send,
    F: Fn(&[T], &mut B) -> R + Sync,
    G: FnOnce() -> S,
{
    let chunk = chunk.max(items.len().div_ceil(scratch.len().max(1))).max(1);
    let work: Vec<(usize, (&[T], &mut B))> = items
        .chunks(chunk)
        .zip(scratch.iter_mut())
        .enumerate()
        .collect();
    let queue = Mutex::new(work.into_iter());
    let take = || match queue.lock() {
        Ok(mut q) => q.next(),
        // Only a panic inside `next` could poison the lock; the queue is still sound.
        Err(poisoned) => poisoned.into_inner().next(),
    };
    let run = || {
        let mut done = Vec::new();
        while let Some((i, (part, buf))) = take() {
            done.push((i, f(part, buf)));
        }
        done
    };
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(run)).collect();
        let side_result = side();
        let mut done = run();
        for h in handles {
            match h.join() {
                Ok(part) => done.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done.sort_unstable_by_key(|(i, _)| *i);
        (done.into_iter().map(|(_, r)| r).collect(), side_result)
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

    #[test]
    fn shared_chunks_keep_order() {
        let items: Vec<u32> = (0..10_000).collect();
        for (chunk, slots, threads) in [(512, 20, 2), (100, 3, 2), (1, 4, 0), (64, 200, 3)] {
            let mut scratch = vec![0u32; slots];
            let (sums, side) = map_chunks_shared(
                &items,
                chunk,
                &mut scratch,
                threads,
                |c, seen| {
                    *seen += 1;
                    c.to_vec()
                },
                || "read",
            );
            assert_eq!(side, "read");
            assert_eq!(sums.concat(), items, "{chunk} {slots} {threads}");
            assert!(scratch.iter().all(|&n| n <= 1));
        }
        let (out, _) = map_chunks_shared(&items[..0], 8, &mut [(), ()], 2, |c, _| c.len(), || ());
        assert!(out.is_empty());
    }
}
