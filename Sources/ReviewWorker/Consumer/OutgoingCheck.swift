import AMQP
import PlanReviewContract

/// What the core checks before it publishes, so that no publish of a job fails on its arguments
/// (AMQP's `invalidArgument`, which used to end the session as if the connection were lost and loop
/// the job and its prefetch neighbours to the delivery limit).
enum OutgoingCheck {
    static func problem(of properties: AMQPProperties, routingKey: String) -> OutgoingProblem? {
        if let messageId = properties.messageId, messageId.utf8.count > AMQPProperties.shortStringLimit {
            return .jobIdTooLong(bytes: messageId.utf8.count)
        }
        if let field = properties.oversizedShortString { return .propertyTooLong(field) }
        if routingKey.utf8.count > AMQPProperties.shortStringLimit { return .propertyTooLong("routing key") }
        return nil
    }
}

/// Why a result could not be published as reviewed.
public enum OutgoingProblem: Sendable, Equatable, CustomStringConvertible {
    /// The job id, the result's `message_id`, is longer than AMQP's 255-byte short string.
    case jobIdTooLong(bytes: Int)
    /// Another property or the routing key is.
    case propertyTooLong(String)
    /// The broker refused the reviewed result by closing the channel (e.g. 406 "message size … is
    /// larger than configured max size …"); the reply code and the broker's text, clipped.
    case refusedByBroker(replyCode: UInt16, replyText: String)

    public var description: String { issue(.en).reason }

    /// How many of the job's own errors a `rejected` result for this problem lists beside it: all for
    /// a property (they are small), a few when the broker refused the result (maybe for its size).
    public var ownErrorsListed: Int {
        if case .refusedByBroker = self { 10 } else { .max }
    }

    /// The validation issue a `rejected` result lists, in the job's language.
    public func issue(_ language: Language) -> ValidationIssue {
        switch self {
        case .jobIdTooLong(let bytes):
            ValidationIssue(
                pointer: "/jobId",
                reason: language == .en
                    ? "jobId is \(bytes) bytes; a result carries it as the AMQP message_id, which holds at most 255 bytes"
                    : "jobId fylder \(bytes) bytes; resultatet bærer det som AMQP-egenskaben message_id, der højst rummer 255 bytes",
                code: .stringTooLong)
        case .propertyTooLong(let field):
            ValidationIssue(
                pointer: "",
                reason: language == .en
                    ? "the AMQP property \(field) of the result would be longer than 255 bytes"
                    : "resultatets AMQP-egenskab \(field) ville blive længere end 255 bytes",
                code: .stringTooLong)
        case .refusedByBroker(let replyCode, let replyText):
            ValidationIssue(
                pointer: "",
                reason: language == .en
                    ? "the broker refused to take the result (\(replyCode) \(replyText))"
                    : "mægleren (RabbitMQ) afviste resultatet (\(replyCode) \(replyText))",
                code: replyText.contains("message size") ? .resultTooLarge : .invalidValue)
        }
    }
}
