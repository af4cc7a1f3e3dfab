//! How hard sessctl may work the Redis server while the applications use it (`--pace`).
//!
//! Redis runs one command at a time: while it answers sessctl, every other client waits. At full
//! speed (three connections, each always with a request queued) a scan of a million sessions
//! made the applications' `GET` p99 fourteen times worse. A paced scan keeps one request in flight
//! across all its connections, keeps each request small, and rests after each one for half the
//! time it took (or longer): the server spends at most two thirds of its time on sessctl, and a
//! client that arrives during one of sessctl's requests waits for that request only.
//!
//! `auto` also watches the server: the time a request takes, per key, against the fastest seen.
//! When the server slows down (other clients keep it busy), the rests grow, up to 8 times; when
//! it recovers, they shrink back, as gh-ost and pt-archiver throttle themselves.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How hard to work the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pace {
    /// One request in flight, small requests, a rest half as long as each request took, longer
    /// when the server slows down.
    #[default]
    Auto,
    /// As `auto`, with requests of fewer keys and rests three times as long.
    Gentle,
    /// At most this many keys scanned per second (and never faster than `auto`).
    Rate(u32),
    /// No pacing: three connections keep the server busy. For emergencies.
    Full,
}

impl Pace {
    /// Parses `--pace`: `auto`, `gentle`, `full`, or a rate of keys per second (`2000/s`, `2000`).
    ///
    /// # Errors
    /// A message naming the accepted forms.
    pub fn parse(s: &str) -> Result<Pace, String> {
        let t = s.trim().to_ascii_lowercase();
        match t.as_str() {
            "auto" => return Ok(Pace::Auto),
            "gentle" => return Ok(Pace::Gentle),
            "full" => return Ok(Pace::Full),
            _ => {}
        }
        let n = t.strip_suffix("/s").unwrap_or(&t);
        match n.parse::<u32>() {
            Ok(n) if n > 0 => Ok(Pace::Rate(n)),
            _ => Err(format!(
                "`{s}` is not a pace: use auto, gentle, full, or keys per second (2000/s)"
            )),
        }
    }

    /// Requests may overlap (several connections each with a request queued).
    pub fn concurrent(self) -> bool {
        self == Pace::Full
    }

    /// The most keys one request names (a `MGET` part, a pipeline of sizes or TTLs), and the
    /// most bytes of values one `MGET` asks for: small requests, so that another client never
    /// waits long behind one.
    pub fn part_limits(self, full_bytes: u64) -> (usize, u64) {
        match self {
            Pace::Full => (usize::MAX, full_bytes),
            _ => (self.keys_per_request(), PACED_BYTES.min(full_bytes)),
        }
    }

    /// The `SCAN` COUNT hint to use for a requested one.
    pub fn scan_count(self, requested: usize) -> usize {
        match self {
            Pace::Full => requested,
            _ => requested.min(self.keys_per_request()),
        }
    }

    fn keys_per_request(self) -> usize {
        match self {
            // A second's worth at most, so that the rate is kept within a second.
            Pace::Rate(n) => PACED_KEYS.min(n as usize),
            // Shorter requests: another client waits less behind each.
            Pace::Gentle => GENTLE_KEYS,
            _ => PACED_KEYS,
        }
    }
}

impl std::fmt::Display for Pace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pace::Auto => f.write_str("auto"),
            Pace::Gentle => f.write_str("gentle"),
            Pace::Rate(n) => write!(f, "{n}/s"),
            Pace::Full => f.write_str("full"),
        }
    }
}

/// Keys per request when paced.
pub const PACED_KEYS: usize = 500;
/// Keys per request at the `gentle` pace.
pub const GENTLE_KEYS: usize = 200;
/// Bytes of values per `MGET` when paced.
pub const PACED_BYTES: u64 = 1 << 20;
/// `auto`'s rest after a request, in proportion to the time it took (which includes the round
/// trip and sessctl's own reading of the reply: the server was busy for less).
const AUTO_REST: f64 = 0.5;
/// `gentle`'s.
const GENTLE_REST: f64 = 1.5;
/// The longest rest after one request.
const MAX_REST: Duration = Duration::from_millis(250);
/// How far `auto` stretches its rests when the server slows down.
const MAX_SLOW: f64 = 8.0;

/// Paces the requests of one store's connections.
#[derive(Debug)]
pub struct Pacer {
    pace: Pace,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    /// The fastest time seen for each kind of request and size (keys rounded down to a power of
    /// two: a request's fixed cost makes a small one slower per key).
    best: [[f64; SIZES]; KINDS],
    /// How much slower than the fastest seen recent requests were (a moving average; 1: as
    /// fast).
    load: f64,
    /// The current stretch of rests (1: none).
    slow: f64,
    /// Rests taken, in total.
    rested: Duration,
    /// With a rate: when the next `SCAN` may start.
    next_scan: Option<Instant>,
}

/// Kinds of request, each with its own fastest time per key.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// `SCAN` (per key of the COUNT hint).
    Scan = 0,
    /// A pipeline of `STRLEN`/`HLEN`/`PTTL`/`TYPE` (per key).
    Small = 1,
    /// Values: `MGET`, `HGETALL` (per key).
    Values = 2,
    /// A check-and-delete or expire script (per session).
    Write = 3,
}
const KINDS: usize = 4;
const SIZES: usize = 24;

impl Pacer {
    /// A pacer for `pace`.
    pub fn new(pace: Pace) -> Pacer {
        Pacer {
            pace,
            state: Mutex::new(State {
                best: [[f64::INFINITY; SIZES]; KINDS],
                load: 1.0,
                slow: 1.0,
                rested: Duration::ZERO,
                next_scan: None,
            }),
        }
    }

    /// The pace it keeps.
    pub fn pace(&self) -> Pace {
        self.pace
    }

    /// Time spent resting so far.
    pub fn rested(&self) -> Duration {
        self.state.lock().map(|s| s.rested).unwrap_or_default()
    }

    /// Runs one request of `kind` naming `keys` keys, paced: unless the pace is `full`, no other
    /// request of this store runs meanwhile, and the rest that follows is taken before the next
    /// one starts.
    pub fn run<T>(&self, kind: Kind, keys: usize, request: impl FnOnce() -> T) -> T {
        if self.pace.concurrent() {
            return request();
        }
        if let (Pace::Rate(n), Kind::Scan) = (self.pace, kind) {
            self.keep_rate(keys, n);
        }
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let start = Instant::now();
        let out = request();
        let took = start.elapsed();
        let rest = state.rest(self.pace, kind, keys, took);
        if !rest.is_zero() {
            std::thread::sleep(rest);
            state.rested += rest;
        }
        out
    }

    /// Waits (without holding up the other connections) until a `SCAN` of `keys` keys keeps
    /// the scan within `rate` keys per second.
    fn keep_rate(&self, keys: usize, rate: u32) {
        let wait = {
            let mut state = match self.state.lock() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            let now = Instant::now();
            let start = state.next_scan.map_or(now, |t| t.max(now));
            state.next_scan = Some(start + Duration::from_secs_f64(keys as f64 / f64::from(rate)));
            start - now
        };
        if !wait.is_zero() {
            std::thread::sleep(wait);
            if let Ok(mut s) = self.state.lock() {
                s.rested += wait;
            }
        }
    }
}

impl State {
    /// The rest after a request of `kind` for `keys` keys that took `took`.
    fn rest(&mut self, pace: Pace, kind: Kind, keys: usize, took: Duration) -> Duration {
        let size = (usize::BITS - keys.leading_zeros()) as usize;
        let per_key = took.as_secs_f64() / keys.max(1) as f64;
        let best = &mut self.best[kind as usize][size.min(SIZES - 1)];
        // The fastest seen drifts up slowly, so that one lucky request does not make every later
        // one look slow.
        *best = per_key.min(*best * 1.002);
        // A slow server is a run of slow requests, not one: jitter (a late wake-up, another
        // process on the CPU) makes single requests several times slower, and the smaller the
        // request, the more often.
        let ratio = (per_key / *best).min(10.0);
        self.load = 0.9 * self.load + 0.1 * ratio;
        if self.load > 2.0 {
            self.slow = (self.slow * 1.2).min(MAX_SLOW);
        } else {
            self.slow = (self.slow * 0.8).max(1.0);
        }
        let rest = match pace {
            Pace::Full => return Duration::ZERO,
            // A rate is kept by `keep_rate`; each request still rests as with `auto`.
            Pace::Auto | Pace::Rate(_) => took.mul_f64(AUTO_REST * self.slow),
            Pace::Gentle => took.mul_f64(GENTLE_REST * self.slow),
        };
        rest.min(MAX_REST)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form() {
        assert_eq!(Pace::parse("auto"), Ok(Pace::Auto));
        assert_eq!(Pace::parse("Gentle"), Ok(Pace::Gentle));
        assert_eq!(Pace::parse("full"), Ok(Pace::Full));
        assert_eq!(Pace::parse("2000/s"), Ok(Pace::Rate(2000)));
        assert_eq!(Pace::parse("500"), Ok(Pace::Rate(500)));
        for bad in ["", "0", "0/s", "fast", "-5/s", "1.5/s"] {
            assert!(
                Pace::parse(bad).unwrap_err().contains("is not a pace"),
                "{bad}"
            );
        }
        for p in [Pace::Auto, Pace::Gentle, Pace::Full, Pace::Rate(7)] {
            assert_eq!(Pace::parse(&p.to_string()), Ok(p));
        }
    }

    fn state() -> State {
        State {
            best: [[f64::INFINITY; SIZES]; KINDS],
            load: 1.0,
            slow: 1.0,
            rested: Duration::ZERO,
            next_scan: None,
        }
    }

    #[test]
    fn auto_rests_half_as_long_as_a_request_took_and_longer_when_the_server_slows_down() {
        let mut s = state();
        let ms = Duration::from_millis;
        let us = Duration::from_micros;
        assert_eq!(s.rest(Pace::Auto, Kind::Values, 100, ms(2)), ms(1));
        assert_eq!(s.rest(Pace::Auto, Kind::Values, 100, ms(2)), ms(1));
        // A small request is slower per key, not a sign of a slow server.
        assert_eq!(s.rest(Pace::Auto, Kind::Values, 1, ms(1)), us(500));
        // One request ten times slower is jitter: no stretch.
        assert_eq!(s.rest(Pace::Auto, Kind::Values, 100, ms(20)), ms(10));
        assert_eq!(s.rest(Pace::Auto, Kind::Values, 100, ms(2)), ms(1));
        // Request after request ten times slower per key: the rests stretch.
        let rests: Vec<Duration> = (0..20)
            .map(|_| s.rest(Pace::Auto, Kind::Values, 100, ms(20)))
            .collect();
        assert!(rests[19] > rests[5] && rests[5] > ms(10), "{rests:?}");
        assert!(rests[19] <= MAX_REST);
        // Back to normal: the stretch shrinks back to none.
        let back = (0..100)
            .map(|_| s.rest(Pace::Auto, Kind::Values, 100, ms(2)))
            .last()
            .unwrap();
        assert_eq!(back, ms(1));
        // Other kinds keep their own fastest time: a slow SCAN is not taken for a slow server.
        assert_eq!(s.rest(Pace::Auto, Kind::Scan, 100, ms(9)), us(4500));
    }

    #[test]
    fn gentle_rests_three_times_as_long_as_auto_and_full_never() {
        let ms = Duration::from_millis;
        assert_eq!(state().rest(Pace::Gentle, Kind::Scan, 100, ms(2)), ms(3));
        assert_eq!(Pace::Gentle.scan_count(1000), GENTLE_KEYS);
        // A rate rests after each request as auto does (and keeps its rate between scans).
        assert_eq!(
            state().rest(Pace::Rate(10), Kind::Values, 250, ms(10)),
            ms(5)
        );
        assert_eq!(state().rest(Pace::Full, Kind::Values, 250, ms(10)), ms(0));
    }

    #[test]
    fn a_rate_spaces_the_scans() {
        // 50 keys at 1000/s: 50 ms per SCAN.
        let p = Pacer::new(Pace::Rate(1000));
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..5 {
            p.run(Kind::Scan, 50, || starts.push(Instant::now()));
        }
        // Each SCAN is booked 50 ms after the one before, so the i-th starts no earlier than
        // i × 50 ms after the first booking (the millisecond allows for the time from waking up
        // to the request). Two starts may be closer than 50 ms when the one before woke late:
        // the schedule, not the thread's wake-ups, keeps the rate. The next one is booked 50 ms
        // after the fifth.
        for (i, s) in starts.iter().enumerate() {
            let due = Duration::from_millis(50 * i as u64);
            assert!(*s - t0 + Duration::from_millis(1) >= due, "{i}: {starts:?}");
        }
        let next = p.state.lock().unwrap().next_scan.unwrap();
        assert!(next - t0 >= Duration::from_millis(250));
        assert_eq!(Pace::Rate(100).scan_count(1000), 100);
        assert_eq!(Pace::Auto.scan_count(1000), PACED_KEYS);
        assert_eq!(Pace::Full.scan_count(1000), 1000);
    }
}
