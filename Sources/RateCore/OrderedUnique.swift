extension Sequence where Element: Hashable {
    /// The elements without repeats, in the order they first appear. (swift-collections' OrderedSet
    /// would do it, but RateCore depends on no package for a one-line need.)
    public func uniquedInOrder() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
