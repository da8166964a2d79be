import PlanReview
import PlanReviewContract
/// The Markdown report (GitHub-flavoured tables): the same content as the text report, for
/// wikis, issues and case files.
extension PlanReport {
    public func markdown() -> String {
        var out: [String] = []
        out.append("# \(term(.reportTitle)): \(md(municipalityText))")
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        out.append("| \(term(.municipality)) | \(md(municipalityText)) |")
        if let planTitle { out.append("| \(term(.plan)) | \(md(planTitle)) |") }
        out.append("| \(term(.ruleset)) | \(md(rulesetText)) |")
        out.append("| \(term(.jobId)) | `\(result.jobId.isEmpty ? "–" : result.jobId)` |")
        if let generatedAt { out.append("| \(term(.reviewedOn)) | \(md(ReportText.longDate(generatedAt, language)))\(result.worker.map { " (\(md($0.id)) \(md($0.version)))" } ?? "") |") }
        out.append("")
        out.append("## \(term(.verdict)): \(verdictTitle)")
        out.append("")
        out.append(verdictExplanation)
        if let s = result.scores {
            out.append("")
            out.append("| \(term(.overall)) | \(term(.pillar)) 1 | \(term(.pillar)) 2 | \(term(.pillar)) 3 |")
            out.append("|---:|---:|---:|---:|")
            out.append("| **\(num(s.overall))** | \(num(s.pillars.pillar1)) | \(num(s.pillars.pillar2)) | \(num(s.pillars.pillar3)) |")
        }
        if let errors = result.errors {
            out.append("")
            out.append("## \(term(.errors))")
            out.append("")
            out.append(term(.rejectedIntro))
            out.append("")
            out.append("| \(term(.pointer)) | \(term(.reason)) |")
            out.append("|---|---|")
            for e in errors { out.append("| `\(e.pointer.isEmpty ? term(.wholeBody) : e.pointer)` | \(md(e.reason)) |") }
        }
        let fix = fixFirst
        if !fix.isEmpty {
            out.append("")
            out.append("## \(term(.fixFirst))")
            out.append("")
            for (n, item) in fix.prefix(Self.fixFirstLimit).enumerated() {
                out.append("\(n + 1). **\(item.rule.capf) \(md(item.title))** (\(md(fixFirstDetail(item))))")
            }
            if fix.count > Self.fixFirstLimit { out.append("\n+ \(fix.count - Self.fixFirstLimit) \(term(.fixFirstMore))") }
        }
        if !mankoLines.isEmpty {
            out.append("")
            out.append("## \(term(.manko))")
            out.append("")
            for line in mankoLines { out.append("- \(md(line))") }
        }
        section(&out, .toFix, [.fail, .incomplete])
        section(&out, .warnings, [.warn])

        if let p = result.pathway {
            out.append("")
            out.append("## \(term(.pathway)) (\(term(.tonnes)))")
            out.append("")
            out.append("| \(term(.year)) | \(term(.target)) | \(term(.bau)) | \(term(.planned)) | \(term(.gap)) |")
            out.append("|---:|---:|---:|---:|---:|")
            for year in keyYears(p) {
                let i = year - p.baseYear
                out.append("| \(year) | \(tonnes(p.targetTco2e[i])) | \(tonnes(p.businessAsUsualTco2e[i])) | \(tonnes(p.plannedTco2e[i])) | \(tonnes(p.gapTco2e[i])) |")
            }
            out.append("")
            out.append("- \(term(.netZeroPlanned)): \(netZeroText ?? "–")")
            if let share = p.actionsShareOf2030Reduction { out.append("- \(term(.actionsCover)): \(percent(share * 100))") }
            if !p.benchmarks.isEmpty {
                out.append("")
                out.append("### \(term(.benchmarks))")
                out.append("")
                out.append("| \(term(.benchmark)) | \(term(.year)) | \(term(.required)) | \(term(.plannedReduction)) | | \(term(.planTarget)) | |")
                out.append("|---|---:|---:|---:|---|---:|---|")
                for b in p.benchmarks {
                    out.append("| \(md(benchmarkLabel(b))) (\(b.referenceYear)) | \(b.year) | \(percent(b.reductionPercent)) | \(b.plannedReductionPercent.map(percent) ?? "–") | \(benchmarkVerdictPlanned(b)) | \(b.planReductionPercent.map(percent) ?? "–") | \(benchmarkVerdict(b)) |")
                }
            }
            if let b = p.budget {
                out.append("")
                out.append("### \(term(.budget))")
                out.append("")
                out.append("- \(term(.budgetTotal)): \(tonnes(b.budgetTco2e)) t (\(b.fromYear)–\(b.toYear))")
                out.append("- \(term(.budgetRate)): \(percent(b.annualReductionRate * 100)); \(term(.budget95)) \(wholeYear(b.year95PercentUsed))")
                out.append("- \(term(.budgetPlanned)): \(tonnes(b.plannedCumulativeTco2e)) t; \(term(.budgetOvershoot).lowercased()): \(tonnes(b.overshootTco2e)) t; \(b.yearExhaustedUnderPlan.map { "\(term(.budgetExhausted).lowercased()) \($0)" } ?? term(.notBy2100))")
            }
            actionsSection(&out, p)
            if !result.notes.isEmpty {
                out.append("")
                out.append("### \(term(.inputNotes))")
                out.append("")
                for note in result.notes { out.append("- \(md(note.message))") }
            }
            if !p.notes.isEmpty {
                out.append("")
                out.append("### \(term(.notes))")
                out.append("")
                for note in p.notes { out.append("- \(md(note.message))") }
            }
        }

        let passed = result.rules.filter { $0.status == .pass || $0.status == .notApplicable }
        if !passed.isEmpty {
            out.append("")
            out.append("## \(term(.passedRules)) / \(term(.notApplicableRules).lowercased())")
            out.append("")
            out.append("| CAPF | \(term(.rule)) | \(term(.status)) |")
            out.append("|---|---|---|")
            for r in passed { out.append("| \(r.capf) | \(md(title(r))) | \(ReportText.status(r.status, language)) |") }
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append("\(term(.contentHash)): `\(result.contentHash ?? "–")`")
        return out.joined(separator: "\n") + "\n"
    }

    private func section(_ out: inout [String], _ heading: ReportText.Term, _ statuses: [RuleStatus]) {
        let groups = grouped(statuses)
        guard !groups.isEmpty else { return }
        out.append("")
        out.append("## \(term(heading))")
        for (pillar, rules) in groups {
            out.append("")
            out.append("### \(md(pillarHeading(pillar)))")
            out.append("")
            for rule in rules {
                let status = ReportText.status(rule.status, language)
                let severity = rule.severity == .essential ? ", **\(ReportText.severity(.essential, language))**" : ""
                out.append("- **\(rule.capf) \(md(title(rule)))** (\(status)\(severity), `\(rule.id)`)  ")
                out.append("  \(md(rule.message))  ")
                if !rule.evidence.isEmpty { out.append("  \(term(.evidence)): " + rule.evidence.map { "`\($0)`" }.joined(separator: ", ")) }
            }
        }
    }

    private func actionsSection(_ out: inout [String], _ p: Pathway) {
        out.append("")
        out.append("### \(term(.actions))")
        out.append("")
        let rows = actionRows
        guard !rows.isEmpty else {
            guard !p.sectorContributions.isEmpty else { return out.append(md(term(.actionsNotInResult))) }
            out.append(md(term(.actionsFromResult)))
            out.append("")
            out.append("| \(term(.sector)) | \(term(.sectorActions)) | \(term(.fullEffect)) |")
            out.append("|---|---:|---:|")
            for c in p.sectorContributions where c.actionCount > 0 {
                out.append("| \(md(ReportText.sector(c.sector, language))) | \(c.actionCount) | \(tonnes(c.fullEffectReductionTco2e)) |")
            }
            return
        }
        out.append("| \(term(.actionId)) | \(term(.actionTitle)) | \(term(.sector)) | \(term(.fullEffect)) | \(term(.costPerTonne)) | \(term(.owner)) | \(term(.actionStatus)) |")
        out.append("|---|---|---|---:|---:|---|---|")
        for row in rows {
            out.append("| \(md(row.id)) | \(md(row.title)) | \(md(ReportText.sector(row.sector, language))) | \(row.fullEffectTco2e.map(tonnes) ?? "–") | \(costText(row)) | \(md(row.owner ?? "–")) | \(md(statusText(row))) |")
        }
        out.append("")
        out.append(md(term(.costNote)))
    }

    private func num(_ v: Double) -> String { NumberText.oneDecimal(v, language) }

    /// Escapes the characters that would start Markdown syntax inside running text or a table.
    private func md(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "|", "*", "_", "`", "[", "]", "<", ">", "#", "\\": out.append("\\"); out.append(c)
            case "\n": out.append(" ")
            default: out.append(c)
            }
        }
        return out
    }
}
