import Foundation
import Testing
@testable import TrainingDomain

@Test func rowErrorCode_listsEveryContractCode() {
    let contract: Set<String> = [
        "name.missing", "name.invalid", "gender.missing", "gender.invalid", "gender.mismatch", "id.missing",
        "id.length", "id.chars", "id.region", "id.birthdate", "id.future", "id.age", "id.checksum", "id.duplicate",
        "id.enrolled", "id.enrolled_elsewhere", "phone.missing", "phone.format", "type.missing", "type.unknown",
    ]
    #expect(Set(RowErrorCode.allCases.map(\.rawValue)) == contract)
}

@Test func rowErrorCode_columnsFollowCodePrefix() {
    let byPrefix: [String: StudentColumn] = ["name": .name, "gender": .gender, "id": .idNumber, "phone": .phone, "type": .studentType]
    for code in RowErrorCode.allCases {
        let prefix = String(code.rawValue.split(separator: ".")[0])
        #expect(code.column == byPrefix[prefix])
        #expect(!code.message.isEmpty)
        #expect(code.message.unicodeScalars.contains { PersonName.isAllowed($0) })
    }
    #expect(RowErrorCode.idAge.message(minimumAge: 18).contains("18"))
    #expect(RowErrorCode.idChecksum.message == "身份证号校验位错误，请核对最后一位")
}

@Test func rowError_encodesAsContractJSON() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let json = String(decoding: try encoder.encode(RowError(row: 5, code: .idChecksum)), as: UTF8.self)
    #expect(json == #"{"code":"id.checksum","column":"身份证号","message":"身份证号校验位错误，请核对最后一位","row":5}"#)
    #expect(try JSONDecoder().decode(RowError.self, from: Data(json.utf8)) == RowError(row: 5, code: .idChecksum))
}

@Test func creditCodeError_codesAndMessages() {
    #expect(CreditCodeError.allCases.map(\.rawValue) == ["uscc.length", "uscc.chars", "uscc.checksum"])
    #expect(CreditCodeError.allCases.allSatisfy { !$0.message.isEmpty })
}
