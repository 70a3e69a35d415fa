import RateCore
import Testing

@Suite("Pay periods and dates")
struct PeriodAndDateTests {
    @Test(arguments: [
        (PayPeriod.month, 5000.0, PayPeriod.year, 60000.0),
        (.year, 104000, .hour, 50),
        (.hour, 50, .day, 400),
        (.week, 2000, .year, 104000),
        (.day, 400, .month, 8666.666666666666),
        (.year, 2080, .hour, 1),
    ])
    func conversionUsesStatedHours(from: PayPeriod, amount: Double, to: PayPeriod, expected: Double) {
        #expect(abs(WorkingTime.standard.convert(amount, from: from, to: to) - expected) < 1e-9)
    }

    @Test func hoursPerYearIsASetting() {
        let time = WorkingTime(hoursPerYear: 1800)
        #expect(time.convert(90000, from: .year, to: .hour) == 50)
    }

    @Test(arguments: [
        ("Yearly", PayPeriod.year), ("Monthly", .month), ("Weekly", .week), ("per hour", .hour), ("annual", .year), ("daily", .day),
    ])
    func periodSpellings(text: String, expected: PayPeriod) {
        #expect(PayPeriod(parsing: text) == expected)
    }

    @Test func unknownPeriodIsNil() {
        #expect(PayPeriod(parsing: "fortnightly") == nil)
    }

    @Test(arguments: ["2016-01-15", "2024-02-29", "1999-01-04", "2026-10-30"])
    func dayNumbersRoundTrip(text: String) {
        let date = CalendarDate(iso: text)!
        #expect(CalendarDate(dayNumber: date.dayNumber) == date)
        #expect(date.description == text)
    }

    @Test func datesParseTimesAndMonths() {
        #expect(CalendarDate(iso: "2024-11-22 11:03:12") == CalendarDate(year: 2024, month: 11, day: 22))
        #expect(CalendarDate(iso: "2011-12") == CalendarDate(year: 2011, month: 12, day: 1))
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "yesterday") == nil)
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
    }

    @Test func moneyRoundsToMinorUnits() {
        #expect(Money(amount: 12.345, currency: .usd)!.minorUnits == 1235)
        #expect(Money(amount: 1000, currency: CurrencyCode("JPY")!, minorUnitDigits: 0)!.minorUnits == 1000)
        #expect(Money(amount: 1e18, currency: .usd) == nil)
        #expect(CurrencyCode("usd") == .usd)
        #expect(CurrencyCode("US") == nil)
    }
}

@Suite("Experience, roles and employment")
struct ClassificationTests {
    @Test(arguments: [
        (0.5, ExperienceLevel.entry), (2.99, .entry), (3, .mid), (5.9, .mid), (6, .senior), (9.5, .senior), (10, .lead), (25, .lead),
    ])
    func levelBoundaries(years: Double, expected: ExperienceLevel) {
        #expect(LevelBoundaries.standard.level(forYears: years) == expected)
    }

    @Test func boundariesAreSettings() {
        let custom = LevelBoundaries(mid: 2, senior: 5, lead: 8)
        #expect(custom.level(forYears: 2) == .mid)
        #expect(custom.level(forYears: 5) == .senior)
    }

    @Test(arguments: [
        (Experience(years: 7), 7.0, ExperienceLevel.senior),
        (Experience(bandLow: 6, bandHigh: 10), 8.0, .senior),
        (Experience(bandLow: 11, bandHigh: nil), 13.0, .lead),
        (Experience(bandLow: 0, bandHigh: 1), 0.5, .entry),
    ])
    func bandsUseTheirMidpoint(experience: Experience, years: Double, level: ExperienceLevel) {
        #expect(experience.representativeYears == years)
        #expect(experience.level() == level)
    }

    @Test func statedLevelWhenYearsUnknown() {
        #expect(Experience(statedLevel: .senior).level() == .senior)
        #expect(Experience.unknown.level() == nil)
    }

    @Test(arguments: [
        ("Junior", ExperienceLevel.entry), ("Middle", .mid), ("Senior", .senior), ("Tech Lead", .lead), ("Lead/Team Lead", .lead),
        ("Intern/Trainee", .entry), ("Principal", .lead),
    ])
    func titles(title: String, level: ExperienceLevel) {
        #expect(ExperienceLevel(parsing: title) == level)
    }

    @Test(arguments: [
        ("Back-end web developer", Role.backend), ("Developer, back-end", .backend), ("Developer, full-stack", .fullStack),
        ("Full-stack web developer", .fullStack), ("Front-end web developer", .frontend), ("Mobile developer - iOS", .mobile),
        ("DevOps", .devops), ("Data scientist", .data), ("Quality Assurance", .qa), ("Back-end  розробка", .backend),
        ("Developer, back-end;Developer, front-end", .backend), ("Designer", .other), ("Enterprise level services developer", .backend),
    ])
    func rolesFromSurveyLabels(label: String, role: Role) {
        #expect(Role(surveyLabel: label) == role)
    }

    @Test(arguments: [
        ("Employed full-time", EmploymentType.employeeFullTime), ("Employed, full-time", .employeeFullTime),
        ("Employed part-time", .employeePartTime), ("Freelance / Contractor", .freelancer),
        ("Independent contractor, freelancer, or self-employed", .freelancer), ("Self-employed", .selfEmployed),
        ("Працюю full-time", .employeeFullTime), ("Я контрактор(-ка) в IT (прямий контракт з іноземним замовником)", .freelancer),
        ("Я фрилансер(-ка)", .freelancer), ("agency", .agency), ("employee", .employeeFullTime),
    ])
    func employmentLabels(label: String, expected: EmploymentType) {
        #expect(EmploymentType(parsing: label) == expected)
    }

    @Test(arguments: ["Unemployed", "I'm a student", "Retired", "Not employed, but looking for work", "Втратив(-ла) роботу і шукаю нову", ""])
    func notWorkingIsNotAnEngagement(label: String) {
        #expect(EmploymentType(parsing: label) == nil)
    }
}
