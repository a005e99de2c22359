//! How many threads omd may use, decided in one place: the cores the machine offers, or
//! `OMD_THREADS` when set (a shared CI runner can keep omd to one).

/// The environment variable that sets how many threads omd uses (default: one per core, at
/// most [`MAX_THREADS`]): `1` does all the work on the main thread; more reads answers files on
/// that many threads, and lets the stages after them use a second thread (a JSON report's plan
/// is made on one while the report is written on another, which may start a third for a while).
pub const THREADS_VARIABLE: &str = "OMD_THREADS";
/// The most threads omd starts, however many cores there are.
pub const MAX_THREADS: usize = 16;

/// Plans of fewer steps than this make their reasons, their report's roadmap and their JSON on
/// one thread: a second would cost more than it saves.
pub const STEPS_FOR_TWO_THREADS: usize = 2048;
/// Engagements of fewer answers than this (answers files times questions) are scored on one
/// thread.
pub const ANSWERS_FOR_TWO_THREADS: usize = 4096;

/// The threads omd may use: `OMD_THREADS` when it is a whole number above 0, else one per core;
/// at most [`MAX_THREADS`].
pub fn available() -> usize {
    std::env::var(THREADS_VARIABLE)
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(MAX_THREADS)
}

/// Runs `a` and `b` and returns both results: `b` on a second thread when `worth_it` and omd may
/// use more than one, else one after the other on this thread. Either way the results are the
/// same; a panic in either is passed on.
pub fn join<A, B, RA, RB>(worth_it: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA,
    B: FnOnce() -> RB + Send,
    RB: Send,
{
    if !worth_it || available() < 2 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(b);
        let first = a();
        let second = second
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, second)
    })
}

/// `work` done on `0..count` in two halves, the second on another thread as [`join`] decides,
/// and the results in order: for work whose items do not depend on one another.
pub fn in_halves<R: Send>(
    worth_it: bool,
    count: usize,
    work: impl Fn(std::ops::Range<usize>) -> Vec<R> + Sync,
) -> Vec<R> {
    let half = count / 2;
    let (mut first, second) = join(worth_it, || work(0..half), || work(half..count));
    first.extend(second);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_returns_both_results_in_order_either_way() {
        for worth_it in [false, true] {
            let (a, b) = join(worth_it, || 1 + 1, || "two".to_string());
            assert_eq!((a, b.as_str()), (2, "two"));
        }
    }

    #[test]
    fn in_halves_keeps_the_order_either_way() {
        for worth_it in [false, true] {
            for count in [0, 1, 2, 7] {
                let squares = in_halves(worth_it, count, |range| range.map(|i| i * i).collect());
                assert_eq!(squares, (0..count).map(|i| i * i).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn join_runs_the_second_on_another_thread_only_when_worth_it() {
        let here = std::thread::current().id();
        let (_, elsewhere) = join(false, || (), || std::thread::current().id());
        assert_eq!(elsewhere, here);
        if available() >= 2 {
            let (_, elsewhere) = join(true, || (), || std::thread::current().id());
            assert_ne!(elsewhere, here);
        }
    }
}
