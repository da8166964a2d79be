import PlanReviewContract
import PlanReviewJSON

/// The two kinds of job on the one queue (CONTRACT.md): a plan job and a progress job, told apart
/// by the body's `schema`, else the AMQP `type`. Anything else is a plan job, whose review rejects
/// what it cannot read.
public enum JobKind: Sendable, Equatable {
    case plan, progress

    /// The kind of a parsed body: its `schema` decides; the AMQP `type` when the body has none.
    public static func of(_ parsed: ParsedBody, envelope: JobEnvelope = JobEnvelope()) -> JobKind {
        if let doc = parsed.document, doc.kind(doc.root) == .object {
            let m = Members<ContractField.Progress>(doc, object: doc.root)
            if let v = m[.schema], doc.kind(v) == .string, !doc.isInvalid(v) {
                let schema = doc.string(v)
                if schema == ContractSchemas.progress { return .progress }
                if schema == ContractSchemas.job { return .plan }
            }
        }
        return envelope.type == ContractTypes.progress ? .progress : .plan
    }

    /// The AMQP properties a job may carry: JSON, not compressed, of `expectedType` (as `Reviewer`
    /// checks them for plan jobs).
    static func envelopeIssues(_ envelope: JobEnvelope, expectedType: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let contentType = envelope.contentType {
            let mediaType = contentType.split(separator: ";").first.map { String($0).trimmingCharacters(in: [" ", "\t"]) }?.lowercased() ?? ""
            if mediaType != "application/json" {
                issues.append(ValidationIssue(pointer: "", reason: "content_type '\(contentType.prefix(80))' is not application/json", code: .unsupportedContentType))
            }
        }
        if let encoding = envelope.contentEncoding, !["", "identity", "utf-8", "utf8"].contains(encoding.lowercased()) {
            issues.append(ValidationIssue(pointer: "", reason: "content_encoding '\(encoding.prefix(80))' is not supported: send uncompressed UTF-8", code: .unsupportedContentEncoding))
        }
        if let type = envelope.type, type != expectedType {
            issues.append(ValidationIssue(pointer: "", reason: "message type '\(type.prefix(80))' is not \(expectedType)", code: .unsupportedMessageType))
        }
        return issues
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop(while: set.contains).reversed().drop(while: set.contains).reversed())
    }
}
