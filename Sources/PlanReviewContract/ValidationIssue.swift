
/// One problem found in a job body: where (a JSON Pointer into the body, RFC 6901), what, and a
/// stable machine code.
///
/// Domain outcomes are values (STYLE.md): validation never throws, it collects every issue so the
/// submitting system can fix its input in one round trip.
public struct ValidationIssue: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// JSON Pointer into the job body; "" is the whole body.
    public var pointer: String
    /// Short, specific, English: "expected a number, found a string".
    public var reason: String
    /// Stable machine-readable kind (an addition to the contract's `{pointer, reason}`).
    public var code: Code

    public init(pointer: String, reason: String, code: Code = .invalidValue) {
        self.pointer = pointer
        self.reason = reason
        self.code = code
    }

    public var description: String { "\(pointer.isEmpty ? "(body)" : pointer): \(reason) [\(code.rawValue)]" }

    /// The kinds of validation problems. Raw values are part of the result format: never rename.
    public enum Code: String, Sendable, Codable, CaseIterable {
        // Transport and size
        case bodyTooLarge = "body_too_large"
        case unsupportedContentType = "unsupported_content_type"
        case unsupportedContentEncoding = "unsupported_content_encoding"
        case unsupportedMessageType = "unsupported_message_type"
        // JSON syntax and limits
        case invalidJSON = "invalid_json"
        case invalidUTF8 = "invalid_utf8"
        case invalidString = "invalid_string"
        case numberOutOfRange = "number_out_of_range"
        case duplicateKey = "duplicate_key"
        case tooDeep = "too_deep"
        case tooManyElements = "too_many_elements"
        case tooManyValues = "too_many_values"
        case stringTooLong = "string_too_long"
        case tooManyIssues = "too_many_issues"
        /// Even the rejected result would be over `ValidationLimits.maxResultBytes`.
        case resultTooLarge = "result_too_large"
        // Shape
        case unknownSchema = "unknown_schema"
        case missingField = "missing_field"
        case wrongType = "wrong_type"
        case invalidValue = "invalid_value"
        // Values
        case negativeValue = "negative_value"
        case outOfRange = "out_of_range"
        case yearOutOfRange = "year_out_of_range"
        case unknownKommunekode = "unknown_kommunekode"
        case unknownRuleset = "unknown_ruleset"
        case missingJobId = "missing_job_id"
        case jobIdMismatch = "job_id_mismatch"
        // Consistency
        case duplicateActionId = "duplicate_action_id"
        case duplicateYear = "duplicate_year"
        case ambiguousTarget = "ambiguous_target"
        case targetNotAfterBaseYear = "target_not_after_base_year"
        case contradictoryTargets = "contradictory_targets"
        case fullEffectBeforeStart = "full_effect_before_start"
        case invalidYearRange = "invalid_year_range"
    }
}
