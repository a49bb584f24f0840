import ClassQueries
import RedisClient
import TrainingDomain

/// `vt-bench import --enrolled N`: N students already enrolled in other classes of the
/// benchmark's occupation and level (electrician, junior), as the enrolment index holds them.
/// They are written once to a template key and copied over the index before each run, so every
/// run meets the same index (each run's own students are released with it, as a class's closing
/// would), and without the option the index is deleted before each run.
struct BenchEnrollment {
    let index: EnrollmentIndex
    let template: String
    let enrolled: Int

    init(prefix: String, enrolled: Int) {
        index = EnrollmentIndex(occupation: "electrician", level: .junior, prefix: prefix)
        template = "\(prefix):bench:enrolled-template"
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
        _ = try c.send("DEL", template).throwingServerError()
        for start in stride(from: 0, to: buckets.count, by: 64) {
            var hset = RedisCommand("HSET", template)
            for b in start..<min(start + 64, buckets.count) where !buckets[b].isEmpty {
                hset.append("ids:\(b)")
                hset.append(bytes: buckets[b].sorted().flatMap { e in withUnsafeBytes(of: e.littleEndian) { Array($0) } })
                hset.append("version:\(b)")
                hset.append("1")
            }
            if hset.count > 2 { _ = try c.send(hset).throwingServerError() }
        }
    }

    /// After a run: the entries in the index (the prepared ones and the run's students).
    func count(on c: RedisConnection) throws -> Int {
        let all = Array(0..<EnrollmentIndex.bucketCount)
        return try index.answer(buckets: all, try c.send(index.command(buckets: all))).count
    }

    /// Before a run: the index as prepared.
    func reset(on c: RedisConnection) throws {
        if enrolled > 0 {
            _ = try c.send("COPY", template, index.key, "REPLACE").throwingServerError()
        } else {
            _ = try c.send("DEL", index.key).throwingServerError()
        }
    }
}
