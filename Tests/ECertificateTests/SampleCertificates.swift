import ECertificate
import Foundation
import TrainingDomain

/// Documents the tests render: a small class with every kind of line, and generated classes of
/// any size; one signing key for the whole test run.
enum SampleCertificates {
    /// A test key (made with `openssl genpkey -algorithm ed25519`): fixed, so two test runs give the
    /// same certificate bytes.
    static let keyPEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIBDzZVkjQd3Q9RXjrQBBdfxb6Qtgt27reUjjyIsXnsoZ
        -----END PRIVATE KEY-----

        """

    /// Its public key, as `openssl pkey -pubout` prints it.
    static let publicKeyPEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAMC7cxHCLBs2u97JrtCI6aCCw9YIZIEzRUcfOnh3oq78=
        -----END PUBLIC KEY-----

        """

    /// The key every test signs with.
    static let key: CertificateSigningKey = {
        do { return try CertificateSigningKey(pem: keyPEM) } catch { fatalError("the test key does not read: \(error)") }
    }()

    /// 2026-11-02 09:30:00 China time.
    static let opened = ChinaTime(secondsSinceEpoch: 1_793_583_000)
    /// 2026-11-27 08:22:42 China time.
    static let closed = ChinaTime(secondsSinceEpoch: 1_795_738_962)

    /// Three students: one who passed, one who failed practical, one with nothing recorded.
    static let small = CertificateDocument(
        certificateId: "CERT-20261130-0007", institutionId: "inst-hn-0001", institutionName: "长沙市芙蓉区明德职业培训学校",
        institutionPhone: "0731-88881234", classId: "cls-2026-025", className: "电工初级周末班（第3期）", requiredHours: 16,
        occupation: "electrician", level: .junior, openedAt: opened, closedAt: closed, generatedAt: closed,
        students: [
            CertificateStudent(name: "李小明", gender: .male, studentType: "农村转移劳动力", idNumber: "43010219900101123X", phone: "13812345678",
                               onlineHours: 16.5, theory: 86.5, practical: 72),
            CertificateStudent(name: "欧阳娜娜", gender: .female, studentType: "城乡未继续升学初高中毕业生", idNumber: "430102199203046021",
                               phone: "13912345678", onlineHours: 12, theory: 60, practical: 59.99),
            CertificateStudent(name: "任一", gender: .male, studentType: "其他", idNumber: "500401199003123456", phone: "15011112222",
                               onlineHours: nil, theory: nil, practical: nil),
        ])

    /// A class of `count` generated students (every third one fails).
    static func generated(_ count: Int) -> CertificateDocument {
        var document = small
        document.certificateId = "CERT-BIG-\(count)"
        document.students = (0..<count).map(student)
        return document
    }

    /// Generated student `n`.
    static func student(_ n: Int) -> CertificateStudent {
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let types = StudentTypeCatalog.embedded.labels
        return CertificateStudent(name: String(surnames[n % surnames.count]) + "学员", gender: n % 2 == 0 ? .male : .female,
                                  studentType: types[n % types.count], idNumber: String(format: "4301021990%08d", n),
                                  phone: String(format: "138%08d", n), onlineHours: Double(n % 40) / 2,
                                  theory: n % 3 == 0 ? 55 : 75.5, practical: 80)
    }

    /// The issued certificate of `document`, signed with ``key``.
    static func issue(_ document: CertificateDocument) throws -> IssuedCertificate {
        try IssuedCertificate(document, signingKey: key)
    }
}
