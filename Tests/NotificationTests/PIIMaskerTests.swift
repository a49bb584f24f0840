import Testing
@testable import Notification

/// `PIIMasker` on the forms people really write ID numbers and phones in (full-width digits,
/// country prefixes, dashes and spaces), and on ordinary numbers it must leave alone.
@Suite struct PIIMaskerTests {
    @Test(arguments: [
        ("手机１３８１２３４５６７８", "手机138****5678"),
        ("１３８－０７３１－１２３４", "138****1234"),
        ("身份证４３０１０２１９９００１０１１２３Ｘ。", "身份证4301**********123X。"),
        ("４３０１０２１９９００１０１１２３ｘ", "4301**********123X"),
    ])
    func mask_withFullWidthDigits_isMasked(text: String, masked: String) {
        #expect(PIIMasker.mask(text) == masked)
    }

    @Test(arguments: [
        ("+8613812345678", "+86138****5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("+86-138-0731-1234", "+86-138****1234"),
        ("+86 138 0731 1234", "+86 138****1234"),
        ("008613812345678", "0086138****5678"),
        ("0086 13812345678", "0086 138****5678"),
        ("8613812345678", "86138****5678"),
        ("电话（+86）13812345678", "电话（+86）138****5678"),
        ("＋８６１３８１２３４５６７８", "＋86138****5678"),
    ])
    func mask_withCountryPrefix_isMasked(text: String, masked: String) {
        #expect(PIIMasker.mask(text) == masked)
    }

    @Test(arguments: [
        ("138-0731-1234", "138****1234"),
        ("138 0731 1234", "138****1234"),
        ("请拨打138 0731 1234联系", "请拨打138****1234联系"),
        ("138　0731　1234", "138****1234"),
        ("138 07311234", "138****1234"),
        ("手机：138-0731-1234，2026-12-06前", "手机：138****1234，2026-12-06前"),
    ])
    func mask_phoneWithDashesOrSpaces_isMasked(text: String, masked: String) {
        #expect(PIIMasker.mask(text) == masked)
    }

    @Test(arguments: [
        ("4301 0219 9001 0112 38", "4301**********1238"),
        ("4301 0219 9001 0112 3X", "4301**********123X"),
        ("430102 19900101 123X", "4301**********123X"),
        ("430102-19900101-1238", "4301**********1238"),
        ("430102 1990 0101 1238", "4301**********1238"),
        ("430 102 1990 0101 1238", "4301**********1238"),
        ("身份证号：4301 0219 9001 0112 38，请核对", "身份证号：4301**********1238，请核对"),
        ("４３０１　０２１９　９００１　０１１２　３８", "4301**********1238"),
    ])
    func mask_idNumberWithSpacesOrDashes_isMasked(text: String, masked: String) {
        #expect(PIIMasker.mask(text) == masked)
    }

    @Test(arguments: [
        "2026-12-06",
        "结班时间2026-12-06 13:45:00，开班时间2026年1月6日",
        "补贴金额 12,345.00 元，共 138 人，合格 131 人",
        "金额1380元，修订号 17，revision 123456",
        "分管部门 430102 审核，上级部门430100",
        "机构电话 0731-88881234",
        "订单1234567890123456789",
        "entryId 1795924030689-0, 1795924030689 ms",
        "班级 class-2026-1206-0001 第 3 版",
        "2026-12-06 2026-12-07 12",
        "证书编号 VTC1.abc-430102-2026",
        "IP 192.168.100.200，端口 6379",
    ])
    func mask_textWithoutPersonalData_isUnchanged(text: String) {
        #expect(PIIMasker.mask(text) == text)
    }

    @Test func mask_knownForms_stayAsBefore() {
        #expect(PIIMasker.mask("身份证430102199001011234，手机13812345678") == "身份证4301**********1234，手机138****5678")
        #expect(PIIMasker.mask("旧号码430102900101123") == "旧号码4301*******1123")
        #expect(PIIMasker.mask("ID43010219900101123X!") == "ID4301**********123X!")
        #expect(PIIMasker.mask("13812345678x") == "138****5678x")
        #expect(PIIMasker.mask("型号1234X") == "型号1234X")
    }
}
