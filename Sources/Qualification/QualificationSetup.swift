import TrainingDomain

/// What the qualification handlers work with: the catalogs their rules and texts read, and the
/// workflow's settings.
public struct QualificationSetup: Sendable {
    public var catalog: OccupationCatalog
    public var regions: RegionCatalog
    public var settings: QualificationSettings

    public init(catalog: OccupationCatalog = .embedded, regions: RegionCatalog = .embedded, settings: QualificationSettings = QualificationSettings()) {
        self.catalog = catalog
        self.regions = regions
        self.settings = settings
    }

    /// The machine over `record`, with texts from this setup's catalogs.
    func machine(_ record: QualificationRecord) -> QualificationMachine {
        QualificationMachine(record: record, texts: QualificationTexts(catalog: catalog, regions: regions))
    }

    /// The writes of transitions, with this setup's reminder days.
    func effects(_ keys: QualificationKeys) -> QualificationEffects {
        QualificationEffects(keys: keys, reminderDays: settings.reminderDays)
    }
}
