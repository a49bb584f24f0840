import ClassQueries
import RedisClient
import TrainingDomain

/// `vt-bench import --enrolled N`: N students already enrolled in other classes of the
/// benchmark's occupation and level (electrician, junior), as the enrolment index holds them.
/// They are written once to template keys and copied over the index before each run, so every
/// run meets the same index (each run's own students are released with it, as a class's closing
/// would), and without the option the index is deleted before each run.
struct BenchEnrollment {
    let index: EnrollmentIndex
    let template: EnrollmentIndex
    let enrolled: Int

    init(prefix: String, enrolled: Int) {
        index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: prefix)
        template = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: "\(prefix):bench-template")
        self.enrolled = enrolled
    }

    /// Writes the template: `enrolled` valid ID numbers of Zhuzhou's districts (the generated
    /// files' students are Changsha's), packed into their buckets.
    func prepare(on c: RedisConnection) throws {
        guard enrolled > 0 else { return }
        var buckets = [[UInt64]](repeating: [], count: EnrollmentIndex.bucketCount)
        let regions = ["430202", "430203", "430204", "430211", "430212", "430223", "430224", "430281"]
        for n in 0..<enrolled {
            let born = LocalDate(year: 1965, month: 1, day: 1).adding(days: (n / regions.count) % 12_000)
            let first17 = regions[n % regions.count] + born.description.replacingOccurrences(of: "-", with: "")
                + String(100 + n / (regions.count * 12_000))
            let id = first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
            let entry = EnrollmentIndex.entry(id)!
            buckets[EnrollmentIndex.bucket(of: entry)].append(entry)
        }
        var commands = [RedisCommand("DEL", template.key)]
        var versions = RedisCommand("HSET", template.key)
        for (b, entries) in buckets.enumerated() where !entries.isEmpty {
            var set = RedisCommand("SET", template.bucketKey(b))
            set.append(bytes: entries.flatMap { e in withUnsafeBytes(of: e.littleEndian) { Array($0) } })
            commands.append(set)
            versions.append("version:\(b)")
            versions.append("1")
        }
        for reply in try c.pipeline(commands + [versions]) { try reply.throwingServerError() }
    }

    /// After a run: the entries in the index (the prepared ones and the run's students).
    func count(on c: RedisConnection) throws -> Int {
        try index.read(buckets: Array(0..<EnrollmentIndex.bucketCount)) { try c.pipeline($0) }.count
    }

    /// Before a run: the index as prepared.
    func reset(on c: RedisConnection) throws {
        let all = 0..<EnrollmentIndex.bucketCount
        var commands = [RedisCommand("DEL", index.key)] + all.map { RedisCommand("DEL", index.bucketKey($0)) }
        if enrolled > 0 {
            commands += [RedisCommand("COPY", template.key, index.key)] + all.map { RedisCommand("COPY", template.bucketKey($0), index.bucketKey($0)) }
        }
        for reply in try c.pipeline(commands) { try reply.throwingServerError() }
    }
}
