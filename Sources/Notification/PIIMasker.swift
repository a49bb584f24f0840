import TrainingDomain

/// Masks personal data inside free text, as DESIGN.md requires for everything an institution reads
/// and every log line: an 18-character ID number (17 digits and a digit or X) or a 15-digit one
/// becomes `4301**********123X`, an 11-digit mainland mobile number (1 and ten digits) becomes
/// `138****5678`. Only whole runs of digits are masked, so a 19-digit number stays as it is.
public enum PIIMasker {
    public static func mask(_ text: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += maskRun(run)
            run = ""
        }
        for ch in text {
            if ch.isASCIIDigit || ((ch == "X" || ch == "x") && run.count == 17) {
                run.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }

    static func maskRun(_ run: String) -> String {
        switch run.count {
        case 18, 15: return ResidentIDNumber.mask(run)
        case 11 where run.first == "1": return MobilePhone.mask(run)
        default: return run
        }
    }
}
