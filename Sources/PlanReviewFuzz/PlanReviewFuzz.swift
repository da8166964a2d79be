// libFuzzer target over decode + validate + review (Scripts/fuzz builds and runs it).
//
// Built for fuzzing with `-sanitize=fuzzer -parse-as-library -DPLANREVIEW_FUZZ`: libFuzzer's driver then
// calls `LLVMFuzzerTestOneInput` with each input. A plain `swift build` makes it a small
// executable that says how to run it, so the package builds without the fuzzer runtime.
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewResources

/// The configuration is read once (PLANREVIEW_CONFIG_DIR, else located like the worker does).
let fuzzReviewer: Reviewer = {
    guard let directory = ReviewConfiguration.locateConfigDirectory() else {
        fatalError("no Config directory: set PLANREVIEW_CONFIG_DIR")
    }
    do { return Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory)) } catch {
        fatalError("cannot load \(directory): \(error)")
    }
}()

/// One input: the bytes are a job body with a well-behaved envelope. Beyond "never traps", checks what
/// the contract promises for every body: a rejected result names its problems, the result bytes are
/// JSON, and the review is deterministic.
@_cdecl("LLVMFuzzerTestOneInput")
public func planReviewFuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let body = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let envelope = JobEnvelope(correlationId: "fuzz", contentType: "application/json", type: ContractTypes.job)
    let result = fuzzReviewer.review(body: body, envelope: envelope)
    if result.status == .rejected {
        precondition(!(result.errors ?? []).isEmpty, "a rejected result without errors")
    }
    let bytes = result.jsonBytes()
    precondition((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil, "the result is not JSON")
    precondition(fuzzReviewer.review(body: body, envelope: envelope).jsonBytes() == bytes, "the review is not deterministic")
    return 0
}

#if PLANREVIEW_FUZZ
/// libFuzzer's driver (compiler-rt, LLVM >= 11): parses the flags and calls the target for each input.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main` (and aliases `main` to it), so libFuzzer's
/// own `main` is never used: this one hands the command line to libFuzzer's driver instead.
@_cdecl("PlanReviewFuzz_main")
func planReviewFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, planReviewFuzzOneInput)
}
#else
/// Without the fuzzer runtime: a plain executable that points to Scripts/fuzz.
@main
enum PlanReviewFuzzUsage {
    static func main() {
        print("PlanReviewFuzz is a libFuzzer target: run Scripts/fuzz SECONDS")
    }
}
#endif
