extension Int {
    /// `value` rounded towards zero and clamped to `Int`'s range; NaN becomes 0.
    ///
    /// `Int(_: Double)` traps on NaN, infinities and anything out of range, and one request with
    /// `1e18` in a field used to take the whole server down that way. The standard library has no
    /// saturating conversion from floating point (only `Int(exactly:)`, which answers nil), so every
    /// Double → Int in formatting and arithmetic on user-influenced values goes through this one.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.223_372_036_854_775e18 {
            self = .max
        } else if value <= -9.223_372_036_854_775e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
