/// The three ``SpreadsheetSamples`` as one reader script saw them, read once per suite.
struct SampleReadings<Workbook: Decodable & Sendable>: Sendable {
    let template: Workbook
    let longTypesTemplate: Workbook
    let report: Workbook

    /// Writes the samples, runs `script` on them (after `WORKDIR` when `workDirectory`: the
    /// LibreOffice script converts into it), and removes them again.
    static func read(with script: PythonScript, workDirectory: Bool = false) throws -> Self {
        let samples = try SpreadsheetSamples.write()
        defer { samples.remove() }
        let paths = [samples.template, samples.longTypesTemplate, samples.report]
        let read = try script.run((workDirectory ? [samples.directory.path] : []) + paths, as: [String: Workbook].self)
        func workbook(_ path: String) throws -> Workbook {
            guard let workbook = read[path] else { throw PythonScript.Failure(description: "\(script.name).py did not read \(path)") }
            return workbook
        }
        return try SampleReadings(template: workbook(samples.template), longTypesTemplate: workbook(samples.longTypesTemplate),
                                  report: workbook(samples.report))
    }
}
