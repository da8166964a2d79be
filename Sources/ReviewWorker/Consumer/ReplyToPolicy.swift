import Foundation
import PlanReviewContract

/// Which `reply_to` queues get a copy of a job's result. A job's `reply_to` is untrusted: published
/// through the default exchange, any name would let a submitter write results into any queue of the
/// vhost (the jobs queue: a result read as a job; the dead-letter queue: forged dead letters; another
/// system's queue), and some names close the worker's channel (a made-up Direct Reply-to name).
///
/// Allowed: RabbitMQ Direct Reply-to as the broker hands it to the consumer
/// (`amq.rabbitmq.reply-to.<base64 of an Erlang pid>…`: the broker rewrites the submitter's
/// `amq.rabbitmq.reply-to` to that form), server-named queues (`amq.gen-…`), and names matching
/// ``pattern`` (default `^planreview\.reply\.`). Anything else: the result goes to the results
/// exchange only, and the result's `notes[]` says why no copy was sent.
public struct ReplyToPolicy: Sendable, Equatable {
    /// A regular expression (ICU syntax) a reply queue's name must match; the configuration key `replyTo.pattern`.
    public var pattern: String

    public static let defaultPattern = #"^planreview\.reply\."#
    /// What RabbitMQ's Direct Reply-to names start with once the broker has rewritten them.
    public static let directReplyToPrefix = "amq.rabbitmq.reply-to."
    /// Server-named queues (queue.declare with an empty name).
    public static let serverNamedPrefix = "amq.gen-"

    public init(pattern: String = Self.defaultPattern) {
        self.pattern = pattern
    }

    /// Why a pattern cannot be used, or nil.
    public static func problem(with pattern: String) -> String? {
        (try? NSRegularExpression(pattern: pattern)) == nil ? "is not a regular expression: \(pattern)" : nil
    }

    /// Where the copy of a job's result with this `reply_to` goes.
    public func destination(for replyTo: String?) -> ReplyDestination {
        guard let name = replyTo, !name.isEmpty else { return .none }
        if name == "amq.rabbitmq.reply-to" { return .refused(name, .directReplyToNotRewritten) }
        if name.hasPrefix(Self.directReplyToPrefix) {
            return Self.isBrokerIssuedDirectReplyTo(name) ? .allowed(name) : .refused(name, .madeUpDirectReplyTo)
        }
        if name.hasPrefix(Self.serverNamedPrefix), name.utf8.count > Self.serverNamedPrefix.utf8.count { return .allowed(name) }
        if name.hasPrefix("amq.") { return .refused(name, .notAReplyQueue) }
        return matches(name) ? .allowed(name) : .refused(name, .notAReplyQueue)
    }

    private func matches(_ name: String) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return false }
        return expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    /// `amq.rabbitmq.reply-to.` + base64 of an Erlang external term (first byte 131), optionally
    /// followed by `.` and more: the broker issues these; a made-up suffix makes the broker close the
    /// publishing channel, so it is refused before publishing.
    static func isBrokerIssuedDirectReplyTo(_ name: String) -> Bool {
        let rest = name.utf8.dropFirst(directReplyToPrefix.utf8.count)
        let encoded = rest.prefix { $0 != UInt8(ascii: ".") }
        guard encoded.count >= 8, encoded.count <= 200,
            encoded.allSatisfy({ isBase64($0) }),
            let data = Data(base64Encoded: String(decoding: encoded, as: UTF8.self))
                ?? Data(base64Encoded: String(decoding: encoded, as: UTF8.self) + String(repeating: "=", count: (4 - encoded.count % 4) % 4)),
            data.first == 131
        else { return false }
        return true
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}

/// Where the copy of a result goes.
public enum ReplyDestination: Sendable, Equatable {
    /// No `reply_to`.
    case none
    /// Published to this queue through the default exchange, `mandatory`.
    case allowed(String)
    /// Not sent; the result says why.
    case refused(String, ReplyRefusal)

    public var queue: String? {
        if case .allowed(let name) = self { return name }
        return nil
    }
}

/// Why a `reply_to` got no copy, in the result's language.
public enum ReplyRefusal: String, Sendable, Equatable {
    case notAReplyQueue = "not_a_reply_queue"
    case madeUpDirectReplyTo = "made_up_direct_reply_to"
    case directReplyToNotRewritten = "direct_reply_to_not_rewritten"
    /// The copy was published and the broker returned it (no such queue, or it refused it).
    case returned = "returned"

    public var english: String {
        switch self {
        case .notAReplyQueue: "is not a reply queue (Direct Reply-to, amq.gen-*, or a name the deployment allows); the result is on the results exchange only"
        case .madeUpDirectReplyTo: "is not a Direct Reply-to name the broker issued; the result is on the results exchange only"
        case .directReplyToNotRewritten: "was not rewritten by the broker for Direct Reply-to; the result is on the results exchange only"
        case .returned: "could not be delivered (no such queue, or it is full); the result is on the results exchange"
        }
    }

    public var danish: String {
        switch self {
        case .notAReplyQueue: "er ikke en svarkø (Direct Reply-to, amq.gen-* eller et navn, installationen tillader); resultatet findes kun på resultat-exchangen"
        case .madeUpDirectReplyTo: "er ikke et Direct Reply-to-navn udstedt af brokeren; resultatet findes kun på resultat-exchangen"
        case .directReplyToNotRewritten: "blev ikke omskrevet af brokeren til Direct Reply-to; resultatet findes kun på resultat-exchangen"
        case .returned: "kunne ikke leveres (køen findes ikke eller er fuld); resultatet findes på resultat-exchangen"
        }
    }

    public func text(_ language: Language) -> String {
        language == .en ? english : danish
    }
}
