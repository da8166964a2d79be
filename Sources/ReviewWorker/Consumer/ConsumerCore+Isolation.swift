import AMQP
import PlanReview
import PlanReviewContract

/// One bad publish settles alone (issue 11).
///
/// The core publishes on a channel of its own, apart from the channel that consumes and acks, so a
/// publish the broker refuses by closing the channel (406 PRECONDITION_FAILED: a result over
/// `max_message_size`, a property it will not take) closes only the publishing channel: the
/// deliveries stay unacked on the consuming channel, the connection stays up. The broker does not say
/// which publish it refused, and confirms the broker owed for earlier publishes die with the channel;
/// so every job with an unconfirmed publish is *suspended* and, on the reopened channel, published
/// again **one job at a time** (new deliveries are held meanwhile). The one job whose publish closes
/// the channel again while it is alone in flight is the cause (with a single suspect, the first close
/// already names it). It is then settled alone, in steps, each taken only if the previous one closes
/// the channel too:
///
/// 1. a short `rejected` result that says what the broker refused (``OutgoingProblem/refusedByBroker(replyCode:replyText:)``),
///    when the job was reviewed;
/// 2. the job to the dead letters, with the broker's reason in `x-planreview-error`;
/// 3. basic.reject(requeue: false): the jobs queue's own dead-letter exchange takes it.
///
/// The other suspects get their result (again: one that reached its queue before the close but whose
/// confirm was lost is published twice — at least once, as everywhere else), and nothing else is touched.
extension ConsumerCore {
    struct Isolation: Equatable {
        /// ``ConsumerObservation/settledAlone(jobId:deliveryTag:outcome:reason:)``'s outcome of step 3.
        static let rejectedOutcome = "rejected_to_dlx"

        enum Step: Equatable {
            /// The job's own publishes.
            case own
            /// Its `rejected` result instead.
            case rejectedResult
            /// Its dead letter.
            case deadLetter
        }

        /// Jobs still to publish again, in delivery order.
        var suspects: [UInt64]
        /// The job published alone now, and which of its steps.
        var probe: UInt64?
        var step: Step = .own
        /// The broker's reason for the last close.
        var replyCode: UInt16
        var replyText: String
    }

    /// The publishes a stage appended to `actions` from `start`.
    static func publishes(in actions: [ConsumerAction], from start: Int) -> [ConsumerPublish] {
        actions[start...].compactMap { action in
            if case .publish(let publish) = action { publish } else { nil }
        }
    }

    mutating func publishChannelClosed(replyCode: UInt16, replyText: String, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        ledger.reset()
        nextSequenceNumber = 1
        actions.append(.reopenPublishChannel)
        let lost = tracker.suspendUnconfirmed()
        let text = IncomingEnvelope.clipped(replyText, to: 200)
        observer.observe(.publishChannelClosed(replyCode: replyCode, replyText: text, jobsSuspended: lost.count))
        // Suspects not yet published again stay suspended; a nacked job's retry may have gone out beside the probe.
        let remaining = (isolation?.suspects ?? []).filter { !lost.contains($0) }
        if lost.count == 1 {
            // The refused publish is never confirmed: with one job unconfirmed (the probe, or a single
            // suspect at the first close), it is that job's.
            let step = isolation?.probe == lost[0] ? isolation?.step ?? .own : .own
            isolation = Isolation(suspects: remaining, probe: lost[0], step: step, replyCode: replyCode, replyText: text)
            escalate(lost[0], now: now, into: &actions)
        } else {
            isolation = Isolation(suspects: (lost + remaining).sorted(), replyCode: replyCode, replyText: text)
            continueIsolation(now: now, into: &actions)
        }
    }

    /// Once nothing is unconfirmed, publishes the next suspect alone; ends the isolation (and takes
    /// the held deliveries) after the last.
    mutating func continueIsolation(now: ConsumerTime, into actions: inout [ConsumerAction]) {
        guard var current = isolation, ledger.count == 0 else { return }
        current.probe = nil
        current.step = .own
        while !current.suspects.isEmpty {
            let tag = current.suspects.removeFirst()
            guard var job = tracker.job(deliveryTag: tag) else { continue }
            current.probe = tag
            isolation = current
            var sequenceNumbers: [UInt64] = []
            for (index, message) in job.publishes.enumerated() {
                sequenceNumbers.append(
                    publish(
                        index == 0 ? job.stage : .replyCopy, deliveryTag: tag, exchange: message.exchange, routingKey: message.routingKey, body: message.body,
                        properties: message.properties, into: &actions))
            }
            (job.failure, job.failureIsReturn) = (nil, false)
            settle(tracker.resume(deliveryTag: tag, job: job, sequenceNumbers: sequenceNumbers), now: now, into: &actions)
            if ledger.count > 0 { return }
            current = isolation ?? current
        }
        isolation = nil
        takeHeld(now: now, into: &actions)
    }

    /// The probe's publish closed the channel: the next step of settling it alone.
    private mutating func escalate(_ tag: UInt64, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        guard var current = isolation, var job = tracker.job(deliveryTag: tag) else { return }
        let problem = OutgoingProblem.refusedByBroker(replyCode: current.replyCode, replyText: current.replyText)
        let reason = "the broker closed the channel on \(job.stage == .replyCopy ? "the reply copy" : "the \(job.stage.rawValue) publish"): \(current.replyCode) \(current.replyText)"
        let start = actions.count
        switch current.step {
        case .own where job.stage == .result && job.reviewing != nil:
            current.step = .rejectedResult
            let (incoming, reviewed) = job.reviewing!
            let result = reviewer.rejection(of: incoming, reviewed: reviewed, problem: problem)
            var properties = resultProperties(result, incoming: job.delivery.properties, envelope: job.envelope, now: now)
            if OutgoingCheck.problem(of: properties, routingKey: result.routingKey) != nil { properties.messageId = nil }
            let sequenceNumber = publish(
                .result, deliveryTag: tag, exchange: configuration.topology.resultsExchange, routingKey: result.routingKey, body: result.body,
                properties: properties, into: &actions)
            (job.stage, job.reviewing) = (.result, nil)
            job.publishes = Self.publishes(in: actions, from: start)
            isolation = current
            observer.observe(.settledAlone(jobId: job.jobId, deliveryTag: tag, outcome: "rejected_result", reason: reason))
            settle(tracker.resume(deliveryTag: tag, job: job, sequenceNumbers: [sequenceNumber]), now: now, into: &actions)
        case .own, .rejectedResult:
            current.step = .deadLetter
            // Only the job's own properties, as for a retry (no user_id, no expiration).
            var properties = job.delivery.properties
            properties.userId = nil
            properties.expiration = nil
            var headers = properties.headers ?? [:]
            headers[RetryHeaders.error] = .string(reason)
            properties.headers = headers
            let sequenceNumber = publish(
                .deadLetter, deliveryTag: tag, exchange: configuration.topology.deadLetterExchange, routingKey: "", body: job.delivery.body,
                properties: properties, into: &actions)
            (job.stage, job.reviewing) = (.deadLetter, nil)
            job.publishes = Self.publishes(in: actions, from: start)
            isolation = current
            observer.observe(.settledAlone(jobId: job.jobId, deliveryTag: tag, outcome: "dead_letter", reason: reason))
            settle(tracker.resume(deliveryTag: tag, job: job, sequenceNumbers: [sequenceNumber]), now: now, into: &actions)
        case .deadLetter:
            actions.append(.reject(deliveryTag: tag))
            observer.observe(.settledAlone(jobId: job.jobId, deliveryTag: tag, outcome: Isolation.rejectedOutcome, reason: reason))
            current.probe = nil
            isolation = current
            settle(tracker.drop(deliveryTag: tag), now: now, into: &actions)
            continueIsolation(now: now, into: &actions)
        }
    }
}
