/// Verbatim copies of the shared data tables (`hunan-regions.json`, `occupations.json`,
/// `student-types.json`), compiled into the module so the catalogs work with no files present.
///
/// The copies live in `EmbeddedData+*.swift`; regenerate them with `deploy/embed-data.sh`
/// whenever the JSON files change (a test compares them with the files when present).
public enum EmbeddedData {
    /// File name of the region table.
    public static let regionsFileName = "hunan-regions.json"
    /// File name of the occupation catalog.
    public static let occupationsFileName = "occupations.json"
    /// File name of the student-type labels.
    public static let studentTypesFileName = "student-types.json"
}
