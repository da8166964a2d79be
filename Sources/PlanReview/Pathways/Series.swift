/// The rounded series the benchmark and budget evaluations read.
struct Series {
    let baseYear: Int
    let endYear: Int
    let target: [Double]
    let planned: [Double]
    let residualThreshold: Double

    func index(_ year: Int) -> Int? {
        year >= baseYear && year <= endYear ? year - baseYear : nil
    }
}
