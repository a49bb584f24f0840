// libFuzzer target `ids`: the identifier validators (resident ID number, mobile phone, unified
// social credit code) and their masks on any text. Properties: never crashes; an accepted value
// validates again from its own stored form; a mask never shows more than it should.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDs(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if case .success(let id) = ResidentIDNumber.validateFormat(text) {
        guard case .success(let again) = ResidentIDNumber.validateFormat(id.value), again == id else { preconditionFailure("ID not stable: \(id.value)") }
        precondition(!id.masked.contains(String(id.value.dropFirst(4).prefix(10))), "mask shows the middle of \(id.value)")
    }
    _ = ResidentIDNumber.validate(text, referenceDate: LocalDate(year: 2026, month: 11, day: 29))
    if case .success(let phone) = MobilePhone.validate(text) {
        guard case .success = MobilePhone.validate(phone.value) else { preconditionFailure("phone not stable: \(phone.value)") }
    }
    _ = MobilePhone.mask(text)
    _ = ResidentIDNumber.mask(text)
    if case .success(let code) = CreditCode.validate(text) {
        guard case .success = CreditCode.validate(code.value) else { preconditionFailure("credit code not stable: \(code.value)") }
    }
    return 0
}
