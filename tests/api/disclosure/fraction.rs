//! Exact rationals and the row space of a set of linear equations, by Gaussian elimination.

use std::cmp::Ordering;
use std::ops::{Add, Mul, Neg, Sub};

/// A rational number in lowest terms with a positive denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    n: i128,
    d: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Fraction {
    pub const ZERO: Fraction = Fraction { n: 0, d: 1 };

    pub fn new(n: i128, d: i128) -> Fraction {
        assert!(d != 0, "a fraction with denominator zero");
        let g = gcd(n, d).max(1);
        let sign = if d < 0 { -1 } else { 1 };
        Fraction {
            n: sign * n / g,
            d: sign * d / g,
        }
    }

    pub fn int(n: i128) -> Fraction {
        Fraction { n, d: 1 }
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    fn recip(self) -> Fraction {
        Fraction::new(self.d, self.n)
    }

    pub fn abs(self) -> Fraction {
        Fraction {
            n: self.n.abs(),
            d: self.d,
        }
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, o: &Fraction) -> Option<Ordering> {
        Some((self.n * o.d).cmp(&(o.n * self.d)))
    }
}

impl Add for Fraction {
    type Output = Fraction;
    fn add(self, o: Fraction) -> Fraction {
        Fraction::new(self.n * o.d + o.n * self.d, self.d * o.d)
    }
}

impl Neg for Fraction {
    type Output = Fraction;
    fn neg(self) -> Fraction {
        Fraction {
            n: -self.n,
            d: self.d,
        }
    }
}

impl Sub for Fraction {
    type Output = Fraction;
    fn sub(self, o: Fraction) -> Fraction {
        Fraction::new(self.n * o.d - o.n * self.d, self.d * o.d)
    }
}

impl Mul for Fraction {
    type Output = Fraction;
    fn mul(self, o: Fraction) -> Fraction {
        Fraction::new(self.n * o.n, self.d * o.d)
    }
}

/// The span of the equations added so far, kept in reduced echelon form.
#[derive(Debug, Default, Clone)]
pub struct RowSpace {
    /// (pivot column, row with 1 at the pivot and 0 at every other row's pivot)
    rows: Vec<(usize, Vec<Fraction>)>,
}

impl RowSpace {
    fn reduce(&self, mut v: Vec<Fraction>) -> Vec<Fraction> {
        for (pivot, row) in &self.rows {
            if *pivot < v.len() && !v[*pivot].is_zero() {
                let f = v[*pivot];
                for (x, r) in v.iter_mut().zip(row) {
                    *x = *x - f * *r;
                }
            }
        }
        v
    }

    /// Adds one equation's coefficients (the right-hand side does not matter for what it
    /// determines, only for the values).
    pub fn add(&mut self, v: Vec<Fraction>) {
        let v = self.reduce(v);
        let Some(pivot) = v.iter().position(|x| !x.is_zero()) else {
            return;
        };
        let inv = v[pivot].recip();
        let v: Vec<Fraction> = v.into_iter().map(|x| x * inv).collect();
        for (_, row) in &mut self.rows {
            if row.len() > pivot && !row[pivot].is_zero() {
                let f = row[pivot];
                for (x, r) in row.iter_mut().zip(&v) {
                    *x = *x - f * *r;
                }
            }
        }
        self.rows.push((pivot, v));
    }

    /// Whether the combination `v` of the unknowns is fixed by the equations.
    pub fn contains(&self, v: &[Fraction]) -> bool {
        self.reduce(v.to_vec()).iter().all(|x| x.is_zero())
    }
}

#[test]
fn two_hidden_cells_are_fixed_by_their_sum_and_a_weighted_sum_but_not_by_the_sum_alone() {
    let one = Fraction::int(1);
    let mut space = RowSpace::default();
    space.add(vec![one, one]);
    assert!(space.contains(&[Fraction::int(2), Fraction::int(2)]));
    assert!(!space.contains(&[one, Fraction::ZERO]));
    space.add(vec![one, Fraction::int(2)]);
    assert!(space.contains(&[one, Fraction::ZERO]));
    assert!(space.contains(&[Fraction::ZERO, Fraction::new(3, 7)]));
}
