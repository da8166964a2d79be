import AMQP
import Testing

@Suite struct AMQPFieldValueTests {
    @Test func literalsPickRabbitMQFriendlyTypes() {
        let string: AMQPFieldValue = "text"
        let integer: AMQPFieldValue = 42
        let boolean: AMQPFieldValue = true
        let double: AMQPFieldValue = 1.5
        let array: AMQPFieldValue = [1, "two", false]
        let table: AMQPFieldValue = ["x-delivery-limit": 5, "nested": ["a": 1]]
        #expect(string == .string("text"))
        #expect(integer == .int64(42))
        #expect(boolean == .bool(true))
        #expect(double == .double(1.5))
        #expect(array == .array([.int64(1), .string("two"), .bool(false)]))
        #expect(table == .table(["x-delivery-limit": .int64(5), "nested": .table(["a": .int64(1)])]))
        let attempts = 3
        var headers: AMQPTable = [:]
        headers["x-error"] = "refused \(attempts) times"
        #expect(headers["x-error"] == .string("refused 3 times"))
    }

    @Test func tableLiteralBuildsArguments() {
        let arguments: AMQPTable = ["x-queue-type": "quorum", "x-delivery-limit": 10, "x-single-active-consumer": false]
        #expect(arguments["x-queue-type"]?.stringValue == "quorum")
        #expect(arguments["x-delivery-limit"]?.intValue == 10)
        #expect(arguments["x-single-active-consumer"]?.boolValue == false)
    }

    @Test func accessors() {
        #expect(AMQPFieldValue.int8(-3).intValue == -3)
        #expect(AMQPFieldValue.uint32(7).intValue == 7)
        #expect(AMQPFieldValue.int64(.max).intValue == .max)
        #expect(AMQPFieldValue.string("7").intValue == nil)
        #expect(AMQPFieldValue.int64(7).stringValue == nil)
        #expect(AMQPFieldValue.float(0.5).doubleValue == 0.5)
        #expect(AMQPFieldValue.array([.void]).arrayValue == [.void])
        #expect(AMQPFieldValue.table(["k": "v"]).tableValue == ["k": "v"])
        #expect(AMQPFieldValue.timestamp(1).intValue == nil)
    }

    @Test func errorDescriptionIsUsefulAndSafe() {
        let error = AMQPError(
            code: .channelClosedByServer, replyCode: 406,
            replyText: "PRECONDITION_FAILED - inequivalent arg 'durable'", classId: 50, methodId: 10,
            operation: "queue.declare", channel: 1, isConnectionLevel: false)
        #expect(error.description.contains("channelClosedByServer"))
        #expect(error.description.contains("406"))
        #expect(error.description.contains("queue.declare"))
        #expect(error.debugDescription.contains("queue.declare"))
        #expect(error.debugDescription.contains("50.10"))
        #expect(AMQPError.Code.timeout != .closed)
        #expect(AMQPError.Code.connectionLost.description == "connectionLost")
    }
}
