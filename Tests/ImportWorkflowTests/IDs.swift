import TrainingDomain

/// Valid ID numbers for the tests: region 430102, born 1990-01-01, sequence `n` (odd = male).
/// The same numbers as ImportScanTests' `IDs` (test targets share no code).
enum IDs {
    static func make(_ n: Int, born: String = "19900101") -> String {
        let first17 = "430102" + born + String(String(n + 1000).suffix(3))
        return first17 + String(ResidentIDNumber.checkCharacter(forFirst17: first17)!)
    }
    static func male(_ i: Int) -> String { make(2 * i + 1) }
}
