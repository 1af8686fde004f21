//! Property tests: random distributions, and random corrections of them, through `build` and
//! `hold_back`, audited as the public would see them.

use super::audit::{Revision, audit};
use super::{Answer, facts, tiny};
use yousaid::publishing::aggregate::Facts;
use yousaid::publishing::revisions::hold_back;
use yousaid::publishing::summary::{Summary, build};

/// A tiny deterministic PRNG (SplitMix64), so the property tests need no `rand` crate.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }

    /// Mostly small counts, so that suppression actually happens, with some zeros.
    pub fn count(&mut self) -> u64 {
        match self.below(4) {
            0 => 0,
            1 => self.below(5),
            _ => self.below(30),
        }
    }

    /// One respondent, skewed so that some options are rare.
    fn answer(&mut self, skew: &[u64; 5]) -> Answer {
        let role = match self.below(10) {
            0..7 => 0,
            7..9 => 1,
            _ => 2,
        };
        let score = (self.below(5) != 0).then(|| {
            let mut pick = self.below(skew.iter().sum());
            let mut value = 1;
            for &w in skew {
                if pick < w {
                    break;
                }
                pick -= w;
                value += 1;
            }
            value
        });
        let topics = [self.below(2) == 0, self.below(4) == 0, self.below(9) == 0];
        Answer {
            role,
            score,
            topics,
        }
    }

    fn answers(&mut self, n: u64, skew: &[u64; 5]) -> Vec<Answer> {
        (0..n).map(|_| self.answer(skew)).collect()
    }

    fn skew(&mut self) -> [u64; 5] {
        [0; 5].map(|_| self.below(6))
    }
}

fn revision_facts(rng: &mut SplitMix, now: &[Answer], before: &[Answer], excluded: i64) -> Facts {
    let formats = i64::try_from(rng.count()).unwrap();
    let prices = i64::try_from(rng.count()).unwrap();
    facts(
        now,
        before,
        excluded,
        &[("Formats", formats), ("Prices", prices)],
    )
}

fn check(revisions: &[(Summary, Facts)]) {
    let audited: Vec<Revision> = revisions
        .iter()
        .map(|(summary, facts)| Revision { summary, facts })
        .collect();
    let problems = audit(&tiny(), &audited);
    assert!(
        problems.is_empty(),
        "{problems:?}\nin {:#?}",
        revisions.iter().map(|(s, _)| s).collect::<Vec<_>>()
    );
}

#[test]
fn random_distributions_publish_no_figure_that_fixes_a_suppressed_count() {
    let mut rng = SplitMix(3);
    for _ in 0..600 {
        let skew = rng.skew();
        let n = rng.below(70);
        let now = rng.answers(n, &skew);
        let m = rng.below(40);
        let before = rng.answers(m, &skew);
        let excluded = i64::try_from(rng.count()).unwrap();
        let f = revision_facts(&mut rng, &now, &before, excluded);
        let summary = build(&tiny(), &f, &Default::default());
        check(&[(summary, f)]);
    }
}

#[test]
fn random_corrections_give_no_small_change_away_against_any_earlier_revision() {
    let mut rng = SplitMix(5);
    for _ in 0..300 {
        let skew = rng.skew();
        let (m, n) = (rng.below(40), rng.below(60));
        let before = rng.answers(m, &skew);
        let mut now = rng.answers(n, &skew);
        let mut excluded = 0;
        let mut revisions: Vec<(Summary, Facts)> = Vec::new();
        for _ in 0..3 {
            let f = revision_facts(&mut rng, &now, &before, excluded);
            let mut summary = build(&tiny(), &f, &Default::default());
            let earlier: Vec<Summary> = revisions.iter().rev().map(|(s, _)| s.clone()).collect();
            hold_back(&mut summary, &earlier);
            revisions.push((summary, f));
            check(&revisions);
            // The correction: a few late responses, some marked as spam, or many late ones.
            let late = match rng.below(3) {
                0 => rng.below(3),
                1 => rng.below(8),
                _ => 5 + rng.below(30),
            };
            now.extend(rng.answers(late, &skew));
            for _ in 0..rng.below(3) {
                if !now.is_empty() {
                    let i = usize::try_from(rng.below(now.len() as u64)).unwrap();
                    now.remove(i);
                    excluded += 1;
                }
            }
        }
    }
}
