import PlanReview
import PlanReviewContract
/// The terminal report: verdict, scores, the rules to fix and to improve grouped by pillar with
/// their messages, and the pathway figures, wrapped to a width (default 100 columns).
extension PlanReport {
    public func text(width: Int = 100) -> String {
        var out: [String] = []
        let width = max(width, 60)
        out.append(term(.reportTitle).uppercased())
        out.append(String(repeating: "=", count: min(width, term(.reportTitle).count)))
        func field(_ label: ReportText.Term, _ value: String) {
            out.append(contentsOf: wrap(value, width: width, indent: pad(term(label), 13), hanging: String(repeating: " ", count: 13)))
        }
        field(.municipality, municipalityText)
        if let planTitle { field(.plan, planTitle) }
        field(.ruleset, rulesetText)
        field(.jobId, result.jobId.isEmpty ? "–" : result.jobId)
        if let reviewedLine { out.append(contentsOf: wrap(reviewedLine, width: width, indent: "")) }
        out.append("")
        out.append("\(term(.verdict).uppercased()): \(verdictTitle.uppercased())")
        out.append(contentsOf: wrap(verdictExplanation, width: width, indent: ""))
        if let s = result.scores {
            out.append("\(term(.scores)): \(term(.overall).lowercased()) \(score(s.overall)) · "
                + "\(term(.pillar).lowercased()) 1: \(score(s.pillars.pillar1)) · 2: \(score(s.pillars.pillar2)) · 3: \(score(s.pillars.pillar3))")
        }

        let fix = fixFirst
        if !fix.isEmpty {
            out.append("")
            out.append(term(.fixFirst).uppercased())
            for (n, item) in fix.prefix(Self.fixFirstLimit).enumerated() {
                out.append(contentsOf: wrap("\(n + 1). \(item.rule.capf) \(item.title) (\(fixFirstDetail(item)))", width: width, indent: "  ", hanging: "     "))
            }
            if fix.count > Self.fixFirstLimit { out.append("  + \(fix.count - Self.fixFirstLimit) \(term(.fixFirstMore))") }
        }

        if result.pathway != nil, !mankoLines.isEmpty {
            out.append("")
            out.append(term(.manko).uppercased())
            for line in mankoLines { out.append(contentsOf: wrap(line, width: width, indent: "  ", hanging: "    ")) }
        }

        if let errors = result.errors {
            out.append("")
            out.append(term(.errors).uppercased())
            out.append(contentsOf: wrap(term(.rejectedIntro), width: width, indent: ""))
            for e in errors {
                out.append(contentsOf: wrap("\(e.pointer.isEmpty ? term(.wholeBody) : e.pointer): \(e.reason)", width: width, indent: "  ", hanging: "    "))
            }
        }

        section(&out, .toFix, [.fail, .incomplete], width: width)
        section(&out, .warnings, [.warn], width: width)

        if let p = result.pathway {
            out.append("")
            out.append("\(term(.pathway).uppercased()) (\(term(.tonnes)))")
            let columns = [term(.year), term(.target), term(.bau), term(.planned), term(.gap)]
            out.append("  " + pad(columns[0], 6) + columns.dropFirst().map { leftPad($0, 13) }.joined())
            for year in keyYears(p) {
                let i = year - p.baseYear
                out.append("  " + pad(String(year), 6) + [p.targetTco2e[i], p.businessAsUsualTco2e[i], p.plannedTco2e[i], p.gapTco2e[i]].map { leftPad(tonnes($0), 13) }.joined())
            }
            out.append("  \(term(.netZeroPlanned)): \(netZeroText ?? "–")")
            if let share = p.actionsShareOf2030Reduction { out.append("  \(term(.actionsCover)): \(percent(share * 100))") }
            if !p.benchmarks.isEmpty {
                out.append("")
                out.append(term(.benchmarks).uppercased())
                for b in p.benchmarks {
                    let plan = b.planReductionPercent.map(percent) ?? "–"
                    let planned = b.plannedReductionPercent.map(percent) ?? "–"
                    out.append(contentsOf: wrap(
                        "\(benchmarkLabel(b)) \(b.year) (\(b.referenceYear)): \(term(.required).lowercased()) \(percent(b.reductionPercent)), "
                            + "\(term(.plannedReduction).lowercased()) \(planned): \(benchmarkVerdictPlanned(b)); \(term(.planTarget).lowercased()) \(plan): \(benchmarkVerdict(b))",
                        width: width, indent: "  ", hanging: "    "))
                }
            }
            if let b = p.budget {
                out.append("")
                out.append(term(.budget).uppercased())
                out.append("  \(term(.budgetTotal)) \(tonnes(b.budgetTco2e)) t (\(b.fromYear)–\(b.toYear)); \(term(.budgetRate).lowercased()) \(percent(b.annualReductionRate * 100)); \(term(.budget95)) \(wholeYear(b.year95PercentUsed))")
                out.append("  \(term(.budgetPlanned)) \(tonnes(b.plannedCumulativeTco2e)) t; \(term(.budgetOvershoot).lowercased()) \(tonnes(b.overshootTco2e)) t; \(b.yearExhaustedUnderPlan.map { "\(term(.budgetExhausted).lowercased()) \($0)" } ?? term(.notBy2100))")
            }
            actionsSection(&out, p, width: width)
            if !result.notes.isEmpty {
                out.append("")
                out.append(term(.inputNotes).uppercased())
                for note in result.notes { out.append(contentsOf: wrap(note.message, width: width, indent: "  - ", hanging: "    ")) }
            }
            if !p.notes.isEmpty {
                out.append("")
                out.append(term(.notes).uppercased())
                for note in p.notes { out.append(contentsOf: wrap(note.message, width: width, indent: "  - ", hanging: "    ")) }
            }
        } else if result.status != .rejected, result.detail != .summary {
            out.append("")
            out.append(term(.noPathway))
        }

        let passed = result.rules.filter { $0.status == .pass }
        if !passed.isEmpty {
            out.append("")
            out.append("\(term(.passedRules).uppercased()) (\(passed.count))")
            out.append(contentsOf: wrap(passed.map { "\($0.capf) \(title($0))" }.joined(separator: " · "), width: width, indent: "  ", hanging: "  "))
        }
        let notApplicable = result.rules.filter { $0.status == .notApplicable }
        if !notApplicable.isEmpty {
            out.append(contentsOf: wrap("\(term(.notApplicableRules).uppercased()) (\(notApplicable.count)): \(notApplicable.map { "\($0.capf) \(title($0))" }.joined(separator: " · "))", width: width, indent: "", hanging: "  "))
        }
        out.append("")
        out.append("\(term(.contentHash)): \(result.contentHash ?? "–")")
        return out.joined(separator: "\n") + "\n"
    }

    private func section(_ out: inout [String], _ heading: ReportText.Term, _ statuses: [RuleStatus], width: Int) {
        let groups = grouped(statuses)
        guard !groups.isEmpty else { return }
        out.append("")
        out.append(term(heading).uppercased())
        for (pillar, rules) in groups {
            out.append(pillarHeading(pillar))
            for rule in rules {
                let mark =
                    switch rule.status {
                    case .fail: "✗"
                    case .incomplete: "?"
                    default: "!"
                    }
                let severity = rule.severity == .essential ? "  [\(ReportText.severity(.essential, language))]" : ""
                out.append(contentsOf: wrap("\(mark) \(rule.capf)  \(title(rule))\(severity)", width: width, indent: "  ", hanging: "         "))
                out.append(contentsOf: wrap(rule.message, width: width, indent: "         ", hanging: "         "))
                if !rule.evidence.isEmpty {
                    out.append(contentsOf: wrap("→ " + rule.evidence.joined(separator: "  "), width: width, indent: "         ", hanging: "           "))
                }
            }
        }
    }

    /// Each action on two lines: id and title, then sector, tonnes, cost, owner and status.
    private func actionsSection(_ out: inout [String], _ p: Pathway, width: Int) {
        let rows = actionRows
        out.append("")
        out.append(term(.actions).uppercased())
        guard !rows.isEmpty else {
            guard !p.sectorContributions.isEmpty else {
                return out.append(contentsOf: wrap(term(.actionsNotInResult), width: width, indent: "  ", hanging: "  "))
            }
            out.append(contentsOf: wrap(term(.actionsFromResult), width: width, indent: "  ", hanging: "  "))
            for c in p.sectorContributions where c.actionCount > 0 {
                out.append("  \(pad(ReportText.sector(c.sector, language), 32))\(leftPad(String(c.actionCount), 4))\(leftPad(tonnes(c.fullEffectReductionTco2e), 12)) \(term(.fullEffect))")
            }
            return
        }
        for row in rows {
            out.append(contentsOf: wrap("\(pad(row.id, 5))\(row.title)", width: width, indent: "  ", hanging: "        "))
            let figures = [
                ReportText.sector(row.sector, language),
                "\(row.fullEffectTco2e.map(tonnes) ?? "–") \(term(.fullEffect))",
                "\(costText(row)) \(term(.costPerTonne))",
                "\(term(.owner)): \(row.owner ?? "–")",
                statusText(row),
            ]
            out.append(contentsOf: wrap(figures.joined(separator: " · "), width: width, indent: "        ", hanging: "        "))
        }
        out.append(contentsOf: wrap(term(.costNote), width: width, indent: "  ", hanging: "  "))
    }

    private func score(_ v: Double) -> String { NumberText.oneDecimal(v, language) }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func leftPad(_ s: String, _ n: Int) -> String { s.count >= n ? " " + s : String(repeating: " ", count: n - s.count) + s }

    /// Greedy word wrap: the first line starts with `indent`, the others with `hanging`.
    func wrap(_ text: String, width: Int, indent: String, hanging: String? = nil) -> [String] {
        let hanging = hanging ?? indent
        var lines: [String] = []
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord, line.count + 1 + word.count > width {
                lines.append(line)
                line = hanging
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines
    }
}
