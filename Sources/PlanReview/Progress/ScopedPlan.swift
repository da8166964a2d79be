import PlanReviewContract

/// A plan restricted to some sectors, so the existing `PathwayCalculator` gives that scope's
/// planned and target lines (docs/DOMAIN.md, "Progress": reports that cover only some sectors,
/// e.g. ProjectZero's energy account, are compared with the plan for those sectors).
///
/// Restricted: the inventory entries and the actions of the scope; `history` points of the scope's
/// sectors, plus a total for each year that has all of them; BAU scaled by the scope's base-year
/// share; a target whose sectors include the whole scope becomes a target for the scope (an
/// all-sector target is read as the same cut in every sector); one inside the scope stays as it
/// is; one that only overlaps it is left out.
enum ScopedPlan {
    static func restrict(_ job: Job, to sectors: Set<GPCSector>, baselineTco2e: Double) -> Job {
        var job = job
        var plan = job.plan
        guard var inventory = plan.inventory else { return job }
        let scopeBaseline = inventory.entries.reduce(0.0) { $0 + (sectors.contains($1.sector) ? ($1.tco2e ?? 0) : 0) }
        inventory.entries = inventory.entries.filter { sectors.contains($0.sector) }
        var history = (inventory.history ?? []).filter { $0.sector.map(sectors.contains) == true }
        for year in Set(history.map(\.year)).sorted() {
            let parts = history.filter { $0.year == year }
            if parts.count == sectors.count { history.append(EmissionsPoint(year: year, tco2e: parts.reduce(0) { $0 + $1.tco2e })) }
        }
        inventory.history = history.isEmpty ? nil : history
        plan.inventory = inventory
        plan.targets = plan.targets?.compactMap { target in
            let covered = target.sectors.map(Set.init) ?? Set(GPCSector.allCases)
            var t = target
            if covered.isSuperset(of: sectors) {
                t.sectors = nil
                return t
            }
            return covered.isSubset(of: sectors) ? t : nil
        }
        let share = baselineTco2e != 0 ? scopeBaseline / baselineTco2e : 1
        plan.businessAsUsual = plan.businessAsUsual?.map { EmissionsPoint(year: $0.year, tco2e: $0.tco2e * share) }
        plan.actions = plan.actions?.filter { sectors.contains($0.sector) }
        plan.carbonBudget = nil
        plan.manko = nil
        job.plan = plan
        return job
    }
}
