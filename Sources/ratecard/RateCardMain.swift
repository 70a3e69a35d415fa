import RateCLI

@main
enum RateCardMain {
    static func main() async {
        await RateCardCommand.main()
    }
}
