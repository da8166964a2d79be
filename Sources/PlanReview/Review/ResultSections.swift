import PlanReviewContract
import PlanReviewJSON

/// The sections a plan result and a progress result share, written once: both writers call these
/// (keys sorted by their bytes inside each object, as everywhere in the results).
extension JSONOutput {
    /// `errors[]`: `{code, pointer, reason}` per issue.
    mutating func validationIssues(_ errors: [ValidationIssue]) {
        beginArray()
        for e in errors {
            beginObject()
            key("code"); string(e.code.rawValue)
            key("pointer"); string(e.pointer)
            key("reason"); string(e.reason)
            endObject()
        }
        endArray()
    }

    /// `municipality`: `{code, name}` or null.
    mutating func municipalityRef(_ municipality: MunicipalityRef?) {
        optional(municipality) { w, m in
            w.beginObject()
            w.key("code"); w.int(m.code)
            w.key("name"); w.string(m.name)
            w.endObject()
        }
    }

    /// `notes[]`: `{code, message, pointer}` per note.
    mutating func resultNotes(_ notes: [ResultNote]) {
        beginArray()
        for note in notes {
            beginObject()
            key("code"); string(note.code)
            key("message"); string(note.message)
            key("pointer"); string(note.pointer)
            endObject()
        }
        endArray()
    }

    /// `ruleset`: `{id, version}`.
    mutating func rulesetRef(_ ruleset: RulesetRef) {
        beginObject()
        key("id"); string(ruleset.id)
        key("version"); optional(ruleset.version) { $0.string($1) }
        endObject()
    }

    /// `scores`: `{overall, pillars: {1, 2, 3}}` or null.
    mutating func scores(_ scores: Scores?) {
        optional(scores) { w, s in
            w.beginObject()
            w.key("overall"); w.number(s.overall)
            w.key("pillars")
            w.beginObject()
            w.key("1"); w.number(s.pillars.pillar1)
            w.key("2"); w.number(s.pillars.pillar2)
            w.key("3"); w.number(s.pillars.pillar3)
            w.endObject()
            w.endObject()
        }
    }

    /// `timings`: only the durations the worker set.
    mutating func timings(_ timings: ReviewTimings) {
        beginObject()
        if let v = timings.encodeMicroseconds { key("encodeMicroseconds"); number(v) }
        if let v = timings.reviewMicroseconds { key("reviewMicroseconds"); number(v) }
        if let v = timings.totalMilliseconds { key("totalMilliseconds"); number(v) }
        endObject()
    }

    /// `worker`: `{id, version}` or null.
    mutating func workerInfo(_ worker: WorkerInfo?) {
        optional(worker) { w, info in
            w.beginObject()
            w.key("id"); w.string(info.id)
            w.key("version"); w.string(info.version)
            w.endObject()
        }
    }
}
