import CPcap  // its headers are where the compiler finds timespec
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Closed capture files appearing in a spool directory, as a `tcpdump -G`/`-C` or `dumpcap -b` ring
/// writes them, handed out oldest name first (their names sort by time).
///
/// A file is closed when:
/// - it was renamed into the directory: its status-change time is later than its modification time,
///   which a rename (or `cp -p`, `touch -d`) gives and an appending writer never does; or
/// - its size and modification time have not changed for `settleSeconds`, as seen by successive
///   `readyFiles` calls, and, when `newestIsOpen`, it is not the newest (last-named) file, which the
///   writer may still be filling while traffic is quiet.
///
/// Files are handed out as a prefix of the name order: a file that is not closed yet holds back every
/// later name, so a reader never sees a later file before an earlier one. Names starting with "." are
/// ignored (writers' temporary names). What was handed out is remembered in memory by name, size and
/// modification time; a name that reappears with other contents (a ring reusing names) counts as a
/// new file. Forgotten when a file leaves the directory, so memory follows the directory's size.
public struct SpoolDirectory {
    /// The directory watched.
    public let directory: String
    /// Name endings of capture files.
    public let suffixes: [String]
    /// How long a file must stay unchanged to count as closed.
    public let settleSeconds: Double
    /// Whether the last-named file is taken to be open until a later one appears.
    public let newestIsOpen: Bool

    /// What identifies a file's contents between looks.
    private struct Look: Equatable {
        var size: Int64
        var modified: timespec
        static func == (a: Look, b: Look) -> Bool {
            a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        }
    }
    /// Files not handed out yet: how they looked, and since when (`now`) they look so.
    private var pending: [String: (look: Look, since: Double)] = [:]
    private var handedOut: [String: Look] = [:]

    public init(
        directory: String, pattern suffixes: [String] = [".pcap", ".pcapng", ".cap"],
        settleSeconds: Double = 2, newestIsOpen: Bool = true
    ) {
        self.directory = directory
        self.suffixes = suffixes
        self.settleSeconds = settleSeconds
        self.newestIsOpen = newestIsOpen
    }

    /// Files ready to be read now, as paths (`directory/name`), oldest name first; each is returned
    /// once. `now` is in seconds on any clock that never goes back (the same one on every call); a
    /// file first seen now becomes ready `settleSeconds` later at the earliest, unless renamed in.
    /// Throws `CaptureError(.open)` naming the directory if it cannot be listed.
    public mutating func readyFiles(now: Double) throws(CaptureError) -> [String] {
        let files = try list().sorted { $0.name < $1.name }
        let present = Set(files.map(\.name))
        pending = pending.filter { present.contains($0.key) }
        handedOut = handedOut.filter { present.contains($0.key) }

        var ready: [String] = []
        var blocked = false
        for (index, file) in files.enumerated() {
            if handedOut[file.name] == file.look { continue }
            handedOut[file.name] = nil  // absent, or rewritten since
            if pending[file.name]?.look != file.look { pending[file.name] = (file.look, now) }
            let since = pending[file.name]!.since
            let newest = index == files.count - 1
            let closed =
                file.renamed || (!(newestIsOpen && newest) && now - since >= settleSeconds)
            // Keep looking at later files (their `since` must be current) but hand none out.
            guard closed, !blocked else {
                blocked = true
                continue
            }
            ready.append(directory + "/" + file.name)
            handedOut[file.name] = file.look
            pending[file.name] = nil
        }
        return ready
    }

    private struct File {
        var name: String
        var look: Look
        var renamed: Bool
    }

    /// Regular files (symbolic links followed) with a matching name.
    private func list() throws(CaptureError) -> [File] {
        guard let dir = opendir(directory) else {
            throw CaptureError(.open, source: directory, message: String(cString: strerror(errno)))
        }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var files: [File] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            guard !name.hasPrefix("."), suffixes.contains(where: { name.hasSuffix($0) }) else { continue }
            var st = stat()
            // A file removed since readdir is simply not there.
            guard fstatat(fd, name, &st, 0) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
            #if canImport(Darwin)
            let modified = st.st_mtimespec, changed = st.st_ctimespec
            #else
            let modified = st.st_mtim, changed = st.st_ctim
            #endif
            let renamed =
                changed.tv_sec > modified.tv_sec
                || (changed.tv_sec == modified.tv_sec && changed.tv_nsec > modified.tv_nsec)
            files.append(File(name: name, look: Look(size: Int64(st.st_size), modified: modified), renamed: renamed))
        }
        return files
    }
}
