import RateCore

/// The request schemas that still read `years_experience`, the former name of `years`.
///
/// The spec marks the field deprecated, so the generated property carries `@available(*, deprecated)`
/// and every direct read warns. Reading it through this requirement is the one place that accepts
/// the former name, and the build stays free of warnings that would hide new ones.
protocol CarriesFormerYearsField {
    var years: String? { get }
    var yearsExperience: String? { get }
}

extension CarriesFormerYearsField {
    /// `years`, else its former name; both given and different is an error that names the two fields.
    func resolvedYears() throws(ProfileError) -> String? { try ProfileInput.years(years, formerName: yearsExperience) }
}

extension Components.Schemas.ProfileInput: CarriesFormerYearsField {}
extension Components.Schemas.CostRequest: CarriesFormerYearsField {}
extension Components.Schemas.TeamMember: CarriesFormerYearsField {}
