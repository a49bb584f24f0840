import TrainingDomain

extension RegionCatalog {
    /// The name institutions read for a department (分管部门): `长沙市人社部门`, `湖南省人社部门`;
    /// the bare code when the catalog does not know it.
    public func departmentName(_ departmentId: String) -> String {
        "\(name(of: departmentId) ?? departmentId)人社部门"
    }
}
