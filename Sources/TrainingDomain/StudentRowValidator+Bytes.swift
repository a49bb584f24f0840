/// The import's row check on the cells' bytes, for the rows that are plainly valid: most rows
/// of most files. It answers only when it is certain, with the check ``StudentRowValidator/check(_:makingStudent:)``
/// gives the same cells as strings; anything it does not recognise at a glance (an empty or
/// untrimmed cell, full-width characters, a lower-case x, a country prefix, a name of other
/// scripts or separators, a type spelled otherwise) is nil, and the caller checks the row as
/// strings. Made for the CSV import, whose fields are bytes until a string is asked for: a
/// valid row's check makes only the strings its record keeps.
extension StudentRowValidator {
    /// The cells' UTF-8 bytes (valid UTF-8, as read); `row` the row number Excel shows.
    public func plainCheck(row: Int, name: UnsafeBufferPointer<UInt8>, gender: UnsafeBufferPointer<UInt8>,
                           idNumber: UnsafeBufferPointer<UInt8>, phone: UnsafeBufferPointer<UInt8>,
                           studentType: UnsafeBufferPointer<UInt8>) -> StudentRowCheck? {
        // Each test below takes only cells that normalising leaves as they are (NFKC-stable, no
        // space at either end, not empty): ASCII digits, ideographs and the middle dot, 男 or 女,
        // a type's own label. An ID of 18 ASCII digits or a final X: upper-casing changes nothing.
        guard idNumber.count == 18,
              case .success(let id) = ResidentIDNumber.validateBytes(idNumber, text: nil, referenceDate: referenceDate, minimumAge: minimumAge),
              let gender = Self.gender(gender), gender == id.gender,
              MobilePhone.isMobileNumber(phone),
              PersonName.isPlainName(name),
              let type = studentTypes.index(ofBytes: studentType)
        else { return nil }
        let record = StudentRecord(entry: id.key, name: String(decoding: name, as: UTF8.self), gender: gender,
                                   phone: String(decoding: phone, as: UTF8.self), studentType: studentTypes.labels[type])
        return StudentRowCheck(row: row, isEmpty: false, errors: [], idNumber: id, record: record)
    }

    /// ``plainCheck(row:name:gender:idNumber:phone:studentType:)`` of cells given as strings
    /// (an .xlsx row's): on their UTF-8 bytes.
    public func plainCheck(row: Int, name: String, gender: String, idNumber: String, phone: String, studentType: String) -> StudentRowCheck? {
        var (name, gender, idNumber, phone, studentType) = (name, gender, idNumber, phone, studentType)
        return name.withUTF8 { name in
            gender.withUTF8 { gender in
                idNumber.withUTF8 { idNumber in
                    phone.withUTF8 { phone in
                        studentType.withUTF8 { type in
                            plainCheck(row: row, name: name, gender: gender, idNumber: idNumber, phone: phone, studentType: type)
                        }
                    }
                }
            }
        }
    }

    /// 男 (E7 94 B7) or 女 (E5 A5 B3).
    private static func gender(_ bytes: UnsafeBufferPointer<UInt8>) -> Gender? {
        guard bytes.count == 3 else { return nil }
        switch (bytes[0], bytes[1], bytes[2]) {
        case (0xE7, 0x94, 0xB7): return .male
        case (0xE5, 0xA5, 0xB3): return .female
        default: return nil
        }
    }
}

extension PersonName {
    /// True when `bytes` are at most ``maximumLength`` characters, each a CJK Unified Ideograph
    /// of U+4E00–U+9FFF or the middle dot U+00B7: a name ``validate(_:)`` takes as it is (no
    /// separator to fold). Checks the bytes as UTF-8 too.
    static func isPlainName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        var count = 0
        let n = bytes.count
        while i < n {
            count += 1
            guard count <= maximumLength else { return false }
            let b = bytes[i]
            if b == 0xC2 {
                guard i + 1 < n, bytes[i + 1] == 0xB7 else { return false }
                i += 2
                continue
            }
            // U+4E00 is E4 B8 80, U+9FFF is E9 BF BF.
            guard b >= 0xE4, b <= 0xE9, i + 2 < n, bytes[i + 1] >= (b == 0xE4 ? 0xB8 : 0x80), bytes[i + 1] <= 0xBF,
                  bytes[i + 2] & 0xC0 == 0x80 else { return false }
            i += 3
        }
        return count > 0
    }
}
