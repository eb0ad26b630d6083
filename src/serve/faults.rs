//! Fault injection: error responses, rate limits, latency and truncated bodies, drawn from a
//! seeded random number generator so that a test gets the same faults on every run.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// The faults a [`Server`](super::Server) injects into collection requests. The default
/// injects none.
///
/// For each request that passes the key, collection and method checks, the server waits
/// `latency`, then returns 429 with probability `rate_limits`, else 500 with probability
/// `server_errors`, else the response page, whose body is cut short with probability
/// `truncated_bodies`. With a client that sends one request at a time, the same seed gives the
/// same faults.
#[derive(Debug, Clone, PartialEq)]
pub struct Faults {
    /// The fraction of requests that get HTTP 500, from 0 to 1.
    pub server_errors: f64,
    /// The fraction of requests that get HTTP 429.
    pub rate_limits: f64,
    /// The `Retry-After` header of a 429 response, in whole seconds.
    pub retry_after: Duration,
    /// The time to wait before answering each request.
    pub latency: Duration,
    /// The fraction of responses whose body stops halfway: the `Content-Length` header gives the
    /// full length, then the connection closes after half the bytes.
    pub truncated_bodies: f64,
    /// The seed of the random number generator.
    pub seed: u64,
}

impl Default for Faults {
    fn default() -> Faults {
        Faults {
            server_errors: 0.0,
            rate_limits: 0.0,
            retry_after: Duration::from_secs(1),
            latency: Duration::ZERO,
            truncated_bodies: 0.0,
            seed: 0,
        }
    }
}

/// The fault chosen for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    RateLimit,
    ServerError,
    Truncate,
}

/// The seeded generator that picks faults.
#[derive(Debug)]
pub(crate) struct FaultPicker {
    faults: Faults,
    rng: Mutex<fastrand::Rng>,
}

impl FaultPicker {
    pub(crate) fn new(faults: Faults) -> FaultPicker {
        let rng = Mutex::new(fastrand::Rng::with_seed(faults.seed));
        FaultPicker { faults, rng }
    }

    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Draws the fault for the next request. It draws one number per probability that is not
    /// zero, so a server without faults keeps its generator untouched.
    pub(crate) fn pick(&self) -> Fault {
        let mut rng = self.rng.lock().unwrap_or_else(PoisonError::into_inner);
        let mut roll = |probability: f64| probability > 0.0 && rng.f64() < probability;
        if roll(self.faults.rate_limits) {
            Fault::RateLimit
        } else if roll(self.faults.server_errors) {
            Fault::ServerError
        } else if roll(self.faults.truncated_bodies) {
            Fault::Truncate
        } else {
            Fault::None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picks(faults: Faults, count: usize) -> Vec<Fault> {
        let picker = FaultPicker::new(faults);
        (0..count).map(|_| picker.pick()).collect()
    }

    #[test]
    fn no_faults_by_default() {
        assert!(picks(Faults::default(), 100)
            .iter()
            .all(|fault| *fault == Fault::None));
    }

    #[test]
    fn same_seed_same_faults() {
        let faults = Faults {
            server_errors: 0.3,
            rate_limits: 0.2,
            truncated_bodies: 0.2,
            seed: 7,
            ..Faults::default()
        };
        let first = picks(faults.clone(), 200);
        assert_eq!(first, picks(faults, 200));
        for fault in [
            Fault::None,
            Fault::RateLimit,
            Fault::ServerError,
            Fault::Truncate,
        ] {
            assert!(first.contains(&fault), "{fault:?} never drawn");
        }
    }

    #[test]
    fn certain_fault_always_drawn() {
        let faults = Faults {
            server_errors: 1.0,
            ..Faults::default()
        };
        assert!(picks(faults, 50)
            .iter()
            .all(|fault| *fault == Fault::ServerError));
    }
}
