//! The genetic algorithm's parameters ([`GaConfig`]), their serialised
//! form and their validation.

/// Parameters of the genetic algorithm.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "GaConfigRepr", into = "GaConfigRepr")
)]
#[non_exhaustive]
pub struct GaConfig {
    /// Population size; 0 chooses one from the budget (about
    /// `1.2 · sqrt(budget / 3)`, between 16 and 256). A population of one
    /// is a mutation-only search: each child is a mutation of the single
    /// member, and the better of the two survives (on equal makespans the
    /// child with [`GaConfig::drift`], else the one first by a hash of the
    /// schedule).
    pub population: usize,
    /// Probability per list position of moving its activity to a random
    /// feasible position, for half of the children; the other half get four
    /// times this (exploration besides exploitation). `None` (the default):
    /// [`GaConfig::auto_mutation`] of the instance's size. The rate is the
    /// mean over the search; see [`GaConfig::mutation_sweep`].
    pub mutation: Option<f64>,
    /// How far the mutation rate sweeps as the budget is spent
    /// ([`Budget::progress`](crate::rcpsp::Budget::progress)): linearly from `1 + sweep` times the rate at
    /// the start to `1 − sweep` times it at the end; 0 keeps it constant.
    /// Default 1: twice the rate at first, none at the end, where children
    /// are pure crossovers of a converged population. Measured with the
    /// runner (5,000 schedules; J30 seeds 1–12 / J60 seeds 1–8, and again
    /// on J30 seeds 13–24 / J60 seeds 9–16; J120-like seeds 1–6) against 0:
    /// 0.0185 / 10.919 → 0.0163 / 10.910 %, 0.0177 / 10.924 → 0.0179 /
    /// 10.902 %, 33.99 → 33.87 %; 0.5 gives 0.0183 / 10.909, 0.75 0.0181 /
    /// 10.913, and −0.5 (rising) would give 0.0214 / 10.947. At 50,000 on
    /// J60 (seeds 1–2) 10.566 → 10.570 %.
    pub mutation_sweep: f64,
    /// Double justification rounds per child (each round is two schedules
    /// and repeats only while it improves); 0 disables it. See
    /// [`GaConfig::single_pass`].
    pub justification_rounds: u32,
    /// Justify a child by one right pass (one schedule) instead of double
    /// rounds: the child keeps the right-justified schedule, shifted to
    /// start at 0, and its start order as its list, so its own children
    /// are decoded forward from a right-justified order — the left pass
    /// happens there. The search's best is left-justified once at the end
    /// (one schedule of the budget is kept for it). Only with constant
    /// capacities (a shifted schedule stays feasible); otherwise, and with
    /// `justification_rounds` 0, as if `false`. Measured with the runner
    /// (5,000 schedules, J30 seeds 1–12, J60 seeds 1–8, J120-like seeds
    /// 1–6; niche 0.3, parallel share 0.25) against `false`: J30 0.0262 →
    /// 0.0258 %, J60 10.998 → 10.962 %, J120-like 34.36 → 34.10 %; at
    /// 50,000 J60 (seeds 1–4) 10.627 → 10.626 %, J120-like (seed 1) 34.25 →
    /// 34.11 %. A child costs two schedules instead of three, so the
    /// per-child work weighs more: about 10 % fewer schedules per second.
    pub single_pass: bool,
    /// Generations without a new best before the population is renewed
    /// (the best quarter is kept).
    pub restart_after: u32,
    /// Probability of the peak crossover (the child keeps the activities of
    /// the mother's most resource-intensive stretch together) instead of the
    /// two-point crossover, at the start of the search; it moves linearly
    /// to [`GaConfig::peak_crossover_end`] as the budget is spent.
    pub peak_crossover: f64,
    /// Probability of the peak crossover when the budget is spent. Default
    /// 0.25, from 0.75 at the start: with the mutation sweep, against a
    /// constant 0.5 (5,000 schedules, J30 seeds 1–12 / J60 seeds 1–8 and
    /// J30 13–24 / J60 9–16): 0.0163 / 10.910 → 0.0153 / 10.892 %, 0.0179
    /// / 10.902 → 0.0157 / 10.895 %; J120-like (seeds 1–6) 33.87 → 33.88
    /// %; J60 at 50,000 (seeds 1–2) 10.570 → 10.556 %. Rising (0.25 →
    /// 0.75) 0.0165 / 10.903, 1 → 0 0.0190 / 10.905.
    pub peak_crossover_end: f64,
    /// Probability that a child is decoded backward (the reversed list on the
    /// reversed network, then left-justified) instead of forward.
    pub backward: f64,
    /// Probability that a child decoded forward is decoded by the parallel
    /// scheme (a non-delay schedule, list positions as priorities; then
    /// justified as every child) instead of the serial one — Hartmann's
    /// observation that the two schemes reach different schedules, used as
    /// a fixed share. Only on classic instances (finish-to-start links
    /// without leads, constant capacities); others always decode serially.
    /// Default 0.1: with single-pass justification (5,000 schedules, J30
    /// seeds 1–12, J60 seeds 1–8, J120-like seeds 1–6) 0 gives 0.0290 % /
    /// 10.992 % / 34.11 %, 0.1 0.0222 / 10.947 / 34.11, 0.15 0.0272 /
    /// 10.950 / 34.04, 0.25 0.0258 / 10.961 / 34.10, 0.35 0.0242 / 10.967
    /// / 34.18 — the same within noise from 0.1 up, and a parallel pass
    /// costs about three serial ones, so the smallest share that keeps the
    /// gain.
    pub parallel: f64,
    /// Niche radius of the survivor selection at the start of the search,
    /// as a share of the activities: of two schedules whose start times
    /// differ in at most `niche · n` activities, only the better one
    /// survives a generation while the population can be filled with
    /// schedules farther apart (Pétrowski's clearing). The radius then
    /// moves linearly to [`GaConfig::niche_end`] as the budget is spent
    /// ([`Budget::progress`](crate::rcpsp::Budget::progress)). Both 0: the plain (μ + λ) selection of the
    /// best distinct schedules. A constant 0.3 against none, measured with
    /// the runner (5,000 schedules, J30 seeds 1–12, J60 seeds 1–8): J30
    /// 0.042 → 0.026 % from the optimum, J60 11.01 → 11.00 %; at 50,000
    /// (J60 seeds 1–2) 10.70 → 10.62 %. Default 0.7, narrowing to 0.
    pub niche: f64,
    /// Niche radius when the budget is spent (see [`GaConfig::niche`]).
    /// Default 0: wide niches explore early, the search narrows to the
    /// best schedules at the end. Measured with the runner (5,000
    /// schedules, J30 seeds 1–12, J60 seeds 1–8, J120-like seeds 1–6) from
    /// a constant 0.3 (0.0222 % / 10.947 % / 34.11 %): 0.6 → 0 gives 0.0200
    /// / 10.926 / 34.05, 0.7 → 0 0.0185 / 10.919 / 33.99, 0.8 → 0 0.0195 /
    /// 10.926 / 33.97, 1.0 → 0 0.0223 / 10.940, 0.5 → 0 0.0228 / 10.935;
    /// at 50,000 on J60 (seeds 1–2) 10.610 → 10.569 % (0.6 → 0) and
    /// 10.553 % (0.8 → 0). With a wall-clock limit give the budget a pace
    /// check ([`Budget::pace_by`](crate::rcpsp::Budget::pace_by)) so that the radius follows the clock.
    pub niche_end: f64,
    /// Among schedules of equal makespan the survivor selection keeps the
    /// newest first, so the population drifts across a plateau of equal
    /// makespans instead of holding the schedules that reached it first;
    /// `false`: equal makespans ordered by a hash of the schedule, the GA
    /// before (byte for byte). Default `true`. A repeated schedule keeps
    /// its first copy's age, so only new schedules drift. Measured with
    /// the runner against `false` (5,000 schedules; J30 seeds 1–12 / J60
    /// seeds 1–8, then J30 13–24 / J60 9–16): 0.0153 / 10.892 → 0.0183 /
    /// 10.858 % and 0.0157 / 10.895 → 0.0155 / 10.871 %; J120-like (seeds
    /// 1–6) 33.88 → 33.68 %; at 50,000 J60 (seeds 1–4) 10.554 → 10.540 %,
    /// the 46 J60 instances above the best known (seeds 2–13) 1.050 →
    /// 0.934 % from it, J120-like (seeds 1–3) 32.63 → 32.45 %, J30 (seeds
    /// 1–3) 0.003 → 0.005 %.
    pub drift: bool,
}

/// The serialised form of a [`GaConfig`], checked by
/// [`GaConfig::validate`]; missing fields take their defaults.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct GaConfigRepr {
    population: usize,
    mutation: Option<f64>,
    mutation_sweep: f64,
    justification_rounds: u32,
    single_pass: bool,
    restart_after: u32,
    peak_crossover: f64,
    peak_crossover_end: f64,
    backward: f64,
    parallel: f64,
    niche: f64,
    niche_end: f64,
    drift: bool,
}

#[cfg(feature = "serde")]
impl Default for GaConfigRepr {
    fn default() -> Self {
        GaConfig::default().into()
    }
}

#[cfg(feature = "serde")]
impl From<GaConfig> for GaConfigRepr {
    fn from(c: GaConfig) -> Self {
        GaConfigRepr {
            population: c.population,
            mutation: c.mutation,
            mutation_sweep: c.mutation_sweep,
            justification_rounds: c.justification_rounds,
            single_pass: c.single_pass,
            restart_after: c.restart_after,
            peak_crossover: c.peak_crossover,
            peak_crossover_end: c.peak_crossover_end,
            backward: c.backward,
            parallel: c.parallel,
            niche: c.niche,
            niche_end: c.niche_end,
            drift: c.drift,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<GaConfigRepr> for GaConfig {
    type Error = crate::Error;

    fn try_from(r: GaConfigRepr) -> Result<Self, crate::Error> {
        let c = GaConfig {
            population: r.population,
            mutation: r.mutation,
            mutation_sweep: r.mutation_sweep,
            justification_rounds: r.justification_rounds,
            single_pass: r.single_pass,
            restart_after: r.restart_after,
            peak_crossover: r.peak_crossover,
            peak_crossover_end: r.peak_crossover_end,
            backward: r.backward,
            parallel: r.parallel,
            niche: r.niche,
            niche_end: r.niche_end,
            drift: r.drift,
        };
        c.validate()?;
        Ok(c)
    }
}

impl Default for GaConfig {
    fn default() -> Self {
        GaConfig {
            population: 0,
            mutation: None,
            mutation_sweep: 1.0,
            justification_rounds: 1,
            single_pass: true,
            restart_after: 30,
            peak_crossover: 0.75,
            peak_crossover_end: 0.25,
            backward: 0.25,
            parallel: 0.1,
            niche: 0.7,
            niche_end: 0.0,
            drift: true,
        }
    }
}

impl GaConfig {
    /// The mutation probability per list position for `n` activities when
    /// none is set: `80 / n²`, between 0.002 and 0.2 — about 2.5 moves per
    /// child on J30, 1.3 on J60, 0.65 on J120. Measured with the runner
    /// (seeds 1–3, 5,000 schedules, mean of the three) against the former
    /// fixed 0.04: J30 0.068 → 0.050 % from the optimum, J60 11.08 →
    /// 11.06 % and generated J120-like sets 34.95 → 34.13 % above the
    /// critical-path bound; larger instances want fewer moves per child.
    #[must_use]
    pub fn auto_mutation(n: usize) -> f64 {
        let n = n.max(1) as f64;
        (80.0 / (n * n)).clamp(0.002, 0.2)
    }

    /// The largest explicit population accepted.
    pub const MAX_POPULATION: usize = 100_000;

    /// Checks every parameter: probabilities in [0, 1], a population of at
    /// most [`GaConfig::MAX_POPULATION`] (0 = from the budget), at most 64
    /// justification rounds. [`GeneticAlgorithm`](crate::rcpsp::GeneticAlgorithm)
    /// calls it before searching, so a configuration written field by field
    /// (or deserialised) is refused with an error, never a panic.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidParameter`] naming the first bad parameter.
    pub fn validate(&self) -> Result<(), crate::Error> {
        let probability = |name: &'static str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(crate::Error::InvalidParameter {
                    name,
                    value: v.to_string(),
                    expected: "a probability in [0, 1]",
                })
            }
        };
        if let Some(m) = self.mutation {
            probability("GA mutation", m)?;
        }
        probability("GA mutation sweep", self.mutation_sweep)?;
        probability("GA peak crossover", self.peak_crossover)?;
        probability("GA final peak crossover", self.peak_crossover_end)?;
        probability("GA backward share", self.backward)?;
        probability("GA parallel share", self.parallel)?;
        probability("GA niche radius", self.niche)?;
        probability("GA final niche radius", self.niche_end)?;
        if self.population > Self::MAX_POPULATION {
            return Err(crate::Error::InvalidParameter {
                name: "GA population",
                value: self.population.to_string(),
                expected: "0 (from the budget) to 100000",
            });
        }
        if self.justification_rounds > 64 {
            return Err(crate::Error::InvalidParameter {
                name: "GA justification rounds",
                value: self.justification_rounds.to_string(),
                expected: "0 to 64",
            });
        }
        Ok(())
    }
}
