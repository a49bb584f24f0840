import Testing
@testable import TrainingDomain

@Test func normalize_whenFullWidthDigitsAndLetters_foldsToASCII() {
    #expect(Normalizer.normalize("４３０１０２ｘ") == "430102x")
    #expect(Normalizer.normalize("ＡＢＣ１２３") == "ABC123")
}

@Test func normalize_whenSurroundedByIdeographicSpaceNBSPAndTab_trimsThem() {
    #expect(Normalizer.normalize("\u{3000}张三\u{3000}") == "张三")
    #expect(Normalizer.normalize("\u{00A0}13800138000\u{00A0}") == "13800138000")
    #expect(Normalizer.normalize("\t男\t\r\n") == "男")
    #expect(Normalizer.normalize("\u{FEFF}姓名") == "姓名")
}

@Test func normalize_whenOnlyWhitespace_isEmpty() {
    #expect(Normalizer.normalize(" \u{3000}\t\u{00A0} ") == "")
    #expect(Normalizer.normalize("") == "")
}

@Test func normalize_keepsInnerSpacesAndMiddleDot() {
    #expect(Normalizer.normalize(" a b ") == "a b")
    #expect(Normalizer.normalize("买买提·艾力") == "买买提·艾力")
}

@Test func normalize_whenCompatibilityCharacters_appliesNFKC() {
    #expect(Normalizer.normalize("①") == "1")
    #expect(Normalizer.normalize("ｶ") == "カ")
    #expect(Normalizer.isNFKCStable("张三abc") == true)
    #expect(Normalizer.isNFKCStable("张三\u{3000}") == false)
}

@Test func uppercasingASCII_changesOnlyASCIILetters() {
    #expect(Normalizer.uppercasingASCII("43010219900101123x") == "43010219900101123X")
    #expect(Normalizer.uppercasingASCII("ä张x") == "ä张X")
}
