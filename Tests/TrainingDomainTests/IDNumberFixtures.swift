import Foundation
@testable import TrainingDomain

/// Builds ID numbers for tests with an independent MOD 11-2 implementation (the weights
/// are derived as 2^(18-pos) mod 11, not copied from the module).
enum IDFactory {
    static func checkCharacter(_ body17: String) -> Character {
        var sum = 0
        for (offset, character) in body17.enumerated() {
            var weight = 1
            for _ in 0..<(17 - offset) { weight = weight * 2 % 11 }
            sum += character.wholeNumberValue! * weight
        }
        return Array("10X98765432")[sum % 11]
    }

    /// A valid number: `address` (6 digits), `birth` (YYYYMMDD), `sequence` (3 digits).
    static func make(address: String = "430102", birth: String, sequence: String = "123") -> String {
        let body = address + birth + sequence
        precondition(body.count == 17)
        return body + String(checkCharacter(body))
    }

    /// A number whose check character is deliberately wrong.
    static func withWrongCheck(address: String = "430102", birth: String, sequence: String = "123") -> String {
        let valid = make(address: address, birth: birth, sequence: sequence)
        let wrong: Character = valid.last == "1" ? "2" : "1"
        return String(valid.dropLast()) + String(wrong)
    }

    /// A valid number for a person born `birth` (a LocalDate).
    static func make(born birth: LocalDate, address: String = "430102", sequence: String = "123") -> String {
        make(address: address, birth: compact(birth), sequence: sequence)
    }

    static func compact(_ date: LocalDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}

/// A fixed "today" for the tests.
let today = LocalDate(year: 2025, month: 6, day: 15)

func date(_ text: String) -> LocalDate { LocalDate(text)! }

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
