import Foundation
import PlanReviewContract

/// Facts about the process and machine the worker runs on.
public enum System {
    /// Online processors (what `nproc` prints).
    public static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// `<hostname>-<pid>`: unique per process, readable in results and logs.
    public static var defaultWorkerId: String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "worker"
        return "\(host)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Resident set size of this process in bytes (second field of /proc/self/statm, in pages), nil off Linux.
    public static var residentMemoryBytes: Int? {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = statm.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
