#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
@testable import AMQP
import Testing

/// librabbitmq truncates a wait to whole milliseconds, so the connection rounds it up: a wait under
/// 1 ms must not become poll(0) (a caller waiting for a moment < 1 ms away spun a core).
@Suite struct WaitRoundingTests {
    @Test(arguments: [
        (Duration.microseconds(1), 0, 1_000),
        (.microseconds(436), 0, 1_000),
        (.microseconds(999), 0, 1_000),
        (.milliseconds(1), 0, 1_000),
        (.microseconds(1_001), 0, 2_000),
        (.milliseconds(250), 0, 250_000),
        (.microseconds(999_500), 1, 0),
        (.seconds(2) + .microseconds(1), 2, 1_000),
        (.seconds(3), 3, 0),
    ])
    func aWaitIsRoundedUpToAWholeMillisecond(_ duration: Duration, _ seconds: Int, _ microseconds: Int) {
        let value = timeval(roundingUpToMilliseconds: duration)
        #expect(Int(value.tv_sec) == seconds && Int(value.tv_usec) == microseconds, "\(duration) -> \(value.tv_sec) s \(value.tv_usec) µs")
    }

    @Test(arguments: [Duration.zero, .microseconds(-5), .seconds(-1)])
    func noWaitStaysNoWait(_ duration: Duration) {
        let value = timeval(roundingUpToMilliseconds: duration)
        #expect(value.tv_sec == 0 && value.tv_usec == 0)
    }
}
