/// Half away from zero to 0.1 (tCO2e, percentages); -0 becomes 0.
@inline(__always) func round1(_ x: Double) -> Double { (x * 10).rounded(.toNearestOrAwayFromZero) / 10 + 0.0 }
/// Half away from zero to 4 decimals (rates and shares).
@inline(__always) func round4(_ x: Double) -> Double { (x * 10_000).rounded(.toNearestOrAwayFromZero) / 10_000 + 0.0 }
